package org.kerys.federation.internal.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kerys.KerysHttpTest;
import org.kerys.PortalSession;
import org.kerys.RudiRecords;
import org.kerys.TestHttp;
import org.kerys.TestHttp.Answer;
import org.kerys.catalog.Catalog;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Node mode's backfill in the shared test Kerys (which has no upstream): a backfill built here with settings naming
 * one organisation finds what the upstream lacks and queues it, never what was sent and is unchanged. Nothing is sent
 * (the shared Kerys' pusher is off); sends are recorded as the pusher records them. The two-instance test
 * ({@code UpstreamFederationTests}) checks the whole path.
 */
@KerysHttpTest
class UpstreamBackfillTests {

	@LocalServerPort
	int port;

	@Autowired
	UpstreamDatasets datasets;

	@Autowired
	UpstreamSyncs syncs;

	@Autowired
	Catalog catalog;

	@Autowired
	TransactionTemplate transactions;

	@Autowired
	JsonMapper json;

	@Autowired
	ObjectProvider<UpstreamPusher> pusher;

	@Autowired
	JdbcClient jdbc;

	final UUID organization = UUID.randomUUID();
	final UUID other = UUID.randomUUID();

	@AfterEach
	void forget() {
		// what this test queued is not left for another test's view of node mode
		jdbc.sql("delete from upstream_reports where resource_id in (select global_id from upstream_datasets "
				+ "where organization_id in (?, ?))").params(organization, other).update();
		jdbc.sql("delete from upstream_datasets where organization_id in (?, ?)").params(organization, other).update();
	}

	UpstreamBackfill backfill() {
		UpstreamSettings settings = new UpstreamSettings("http://127.0.0.1:9", "client", "secret", List.of(organization),
				false, null, Duration.ofSeconds(2), Duration.ofMinutes(5));
		return new UpstreamBackfill(settings, datasets, syncs, catalog, transactions, json, pusher);
	}

	@Test
	void shouldQueueWhatTheUpstreamLacksAndNothingElse() {
		createOrganization(organization, "Amont rattrapage");
		createOrganization(other, "Hors amont");
		ObjectNode first = dataset(organization, "kzrattrapun");
		ObjectNode second = dataset(organization, "kzrattrapdeux");
		ObjectNode third = dataset(organization, "kzrattraptrois");
		ObjectNode elsewhere = dataset(other, "kzrattrapailleurs");
		UpstreamBackfill backfill = backfill();

		// datasets that existed before node mode: all queued, those of other producers not
		backfill.scan(false);
		for (ObjectNode d : List.of(first, second, third)) {
			assertThat(row(d)).containsEntry("state", "pending").containsEntry("action", "save");
		}
		assertThat(datasets.known(List.of(id(elsewhere)))).isEmpty();
		// the administration page lists datasets waiting for their next try
		Answer page = PortalSession.signIn(port, "admin", TestHttp.ADMIN_PASSWORD).orElseThrow().get("/admin/upstream");
		assertThat(page.status()).isEqualTo(200);
		assertThat(page.body()).contains(id(first).toString(), "</html>");

		// sent (and the upstream's reports: OK, KO, none yet)
		sent(first);
		sent(second);
		sent(third);
		transactions.executeWithoutResult(s -> {
			datasets.reported(id(first), "request-" + id(first), "OK", "POST", "", "{}");
			datasets.reported(id(second), "request-" + id(second), "KO", "POST", "", "{}");
		});
		Map<String, Object> before = row(first);
		assertThat(before).containsEntry("state", "ok");
		assertThat(row(second)).containsEntry("state", "ko");
		assertThat(row(third)).containsEntry("state", "sent");

		// again: nothing changed, nothing queued (not even the refused one)
		backfill.scan(false);
		assertThat(row(first)).isEqualTo(before);
		assertThat(row(second)).containsEntry("state", "ko");
		assertThat(row(third)).containsEntry("state", "sent");

		// changed while node mode was off: queued; the others not
		first.put("resource_title", "Rattrapage kzrattrapun modifié");
		Answer replaced = TestHttp.admin(port).put("/api/v1/resources/" + id(first), RudiRecords.write(first));
		assertThat(replaced.status()).as(replaced.body()).isEqualTo(200);
		backfill.scan(false);
		assertThat(row(first)).containsEntry("state", "pending");
		assertThat(row(second)).containsEntry("state", "ko");
		assertThat(row(third)).containsEntry("state", "sent");

		// on an administrator's demand, what the upstream refused is tried again
		backfill.scan(true);
		assertThat(row(second)).containsEntry("state", "pending");
		assertThat(row(third)).containsEntry("state", "sent");

		// deleted while node mode was off: its deletion is queued
		assertThat(TestHttp.admin(port).delete("/api/v1/resources/" + id(third)).status()).isEqualTo(204);
		backfill.scan(false);
		assertThat(row(third)).containsEntry("state", "pending").containsEntry("action", "delete");
	}

	@Test
	void shouldRunOneBackfillAtATimeAndShowItsProgress() throws Exception {
		createOrganization(organization, "Amont progression");
		ObjectNode one = dataset(organization, "kzrattrapprogres");
		assertThat(syncs.claim("manual", "test", "a", 1, Duration.ofMinutes(2))).isTrue();
		assertThat(syncs.claim("manual", "test", "a", 1, Duration.ofMinutes(2))).as("one at a time").isFalse();
		assertThat(syncs.claim("startup", null, "a", 1, Duration.ZERO)).as("a run left by a stopped process").isTrue();
		syncs.finish(UpstreamSyncs.FAILED, "test");

		UpstreamBackfill backfill = backfill();
		try {
			assertThat(backfill.start(UpstreamBackfill.MANUAL, "admin")).isTrue();
			long deadline = System.nanoTime() + 20_000_000_000L;
			while (System.nanoTime() < deadline && UpstreamSyncs.RUNNING.equals(syncs.last().orElseThrow().status())) {
				Thread.sleep(50);
			}
		}
		finally {
			backfill.stop();
		}
		UpstreamSyncs.Sync sync = syncs.last().orElseThrow();
		assertThat(sync.status()).isEqualTo(UpstreamSyncs.SUCCEEDED);
		assertThat(sync.trigger()).isEqualTo("manual");
		assertThat(sync.requestedBy()).isEqualTo("admin");
		assertThat(sync.configuration()).isEqualTo(backfill.configuration()).contains(organization.toString());
		assertThat(sync.scanned()).isGreaterThanOrEqualTo(1).isGreaterThanOrEqualTo(sync.queued());
		assertThat(sync.queued()).isGreaterThanOrEqualTo(1);
		assertThat(sync.finishedAt()).isNotNull();
		assertThat(row(one)).containsEntry("state", "pending");

		Answer overview = TestHttp.admin(port).get("/api/admin/upstream");
		assertThat(overview.json().at("/sync/status").asString()).isEqualTo("succeeded");
		assertThat(overview.json().at("/states/pending").asLong()).isGreaterThanOrEqualTo(1);
	}

	private void sent(ObjectNode dataset) {
		UUID id = id(dataset);
		long generation = jdbc.sql("select generation from upstream_datasets where global_id = ?").param(id)
				.query(Long.class).single();
		String hash = UpstreamDatasets.hash(json, catalog.dataset(id).orElseThrow().metadata());
		transactions.executeWithoutResult(s -> datasets.sent(
				new UpstreamDatasets.Due(id, organization, UpstreamDatasets.SAVE, generation, 0), "POST", "request-" + id,
				hash));
	}

	private Map<String, Object> row(ObjectNode dataset) {
		return jdbc.sql("select action, state, generation, sent_hash from upstream_datasets where global_id = ?")
				.param(id(dataset)).query().singleRow();
	}

	private static UUID id(ObjectNode dataset) {
		return UUID.fromString(dataset.get("global_id").asString());
	}

	private void createOrganization(UUID id, String name) {
		Answer created = TestHttp.admin(port).post("/api/v1/organizations",
				"{\"organization_id\": \"" + id + "\", \"organization_name\": \"" + name + " " + id + "\"}");
		assertThat(created.status()).as(created.body()).isEqualTo(201);
	}

	private ObjectNode dataset(UUID producer, String word) {
		ObjectNode record = RudiRecords.open("Rattrapage " + word, producer, "Producteur " + producer,
				"d41d8cd98f00b204e9800998ecf8427e", 0);
		Answer created = TestHttp.admin(port).post("/api/v1/resources", RudiRecords.write(record));
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		return record;
	}
}
