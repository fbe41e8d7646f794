package org.kerys.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.kerys.KerysHttpTest;
import org.kerys.TestHttp;
import org.kerys.TestHttp.Answer;
import org.kerys.access.Reusers.Person;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The gateway's decision on every call, its limits, metering and audit, end to end: project → request → the producer
 * accepts → the project's client is let through → revocation → 403; expiry → 403; rate limit → 429. The media here
 * have no uploaded file, so a call let through ends in {@code 404 KRS-404-FILE}: past the decision.
 */
@KerysHttpTest
class GatewayTests {

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	record Setup(Reusers make, Person editor, Person reuser, String project, String datasetId, String mediaId,
			String gateway, ObjectNode record) {
	}

	Setup setup() {
		Reusers make = new Reusers(port);
		UUID producer = make.organization("Producteur");
		Person editor = make.person("editeur");
		make.member(producer, editor, "editor");
		Person reuser = make.person("reutilisateur");
		String project = make.project(reuser, "");
		ObjectNode dataset = make.dataset(producer, true);
		String datasetId = dataset.get("global_id").asString();
		String mediaId = dataset.at("/available_formats/0/media_id").asString();
		return new Setup(make, editor, reuser, project, datasetId, mediaId,
				"/gateway/datasets/" + datasetId + "/media/" + mediaId, dataset);
	}

	String agreement(Setup s, String conditions) {
		String request = s.make().request(s.reuser(), s.project(), s.datasetId());
		Answer accepted = s.editor().api(port).post("/api/access-requests/" + request + "/accept", conditions);
		assertThat(accepted.status()).as(accepted.body()).isEqualTo(201);
		return accepted.json().get("agreement_id").asString();
	}

	TestHttp client(Setup s) {
		Answer created = s.reuser().api(port).post("/api/projects/" + s.project() + "/clients", "{}");
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		return s.make().bearer(s.make().clientToken(created.json().get("client_id").asString(),
				created.json().get("client_secret").asString()));
	}

	static void assertLetThrough(Answer answer) {
		assertThat(answer.status()).as(answer.body()).isEqualTo(404);
		assertThat(answer.json().get("code").asString()).isEqualTo("KRS-404-FILE");
	}

	static void assertRefused(Answer answer, int status, String code) {
		assertThat(answer.status()).as(answer.body()).isEqualTo(status);
		assertThat(answer.json().get("code").asString()).isEqualTo(code);
	}

	@Test
	void shouldLetAProjectThroughOnlyUnderAnActiveAgreement() {
		Setup s = setup();
		TestHttp client = client(s);
		assertRefused(client.get(s.gateway()), 403, "KRS-403-NO-AGREEMENT");
		assertRefused(TestHttp.anonymous(port).get(s.gateway()), 401, "KRS-401");
		String agreement = agreement(s, "{}");
		assertLetThrough(client.get(s.gateway()));
		// a member's personal token acts for the member's projects
		assertLetThrough(s.reuser().api(port).get(s.gateway()));
		// another project, even with its own agreement elsewhere; the producer itself (it downloads directly)
		Setup other = setup();
		agreement(other, "{}");
		assertRefused(client(other).get(s.gateway()), 403, "KRS-403-NO-AGREEMENT");
		assertRefused(s.editor().api(port).get(s.gateway()), 403, "KRS-403-NO-AGREEMENT");

		Answer revoked = s.editor().api(port).post("/api/agreements/" + agreement + "/revoke", "{}");
		assertThat(revoked.status()).as(revoked.body()).isEqualTo(200);
		assertRefused(client.get(s.gateway()), 403, "KRS-403-NO-AGREEMENT");

		JsonNode usage = s.reuser().api(port).get("/api/agreements/" + agreement + "/usage").json();
		assertThat(usage.get("calls").asLong()).isEqualTo(2);
		assertThat(usage.at("/statuses/404").asLong()).isEqualTo(2);
		assertThat(usage.at("/days/0/calls").asLong()).isEqualTo(2);
		assertThat(s.editor().api(port).get("/api/agreements/" + agreement + "/usage").status()).isEqualTo(200);
		assertThat(jdbc.sql("select outcome from audit_entries where action = 'gateway.access' and target_id = ? "
				+ "order by sequence").param(s.mediaId()).query(String.class).list())
				.containsExactly("failure", "failure", "failure", "failure", "failure", "failure");
	}

	@Test
	void shouldDecideOnTheNewStateAtTheVeryNextCallDespiteTheCache() {
		Setup s = setup();
		TestHttp client = client(s);
		// a refusal is remembered briefly, and forgotten as soon as an agreement is made
		assertRefused(client.get(s.gateway()), 403, "KRS-403-NO-AGREEMENT");
		String agreement = agreement(s, "{}");
		assertLetThrough(client.get(s.gateway()));
		assertLetThrough(client.get(s.gateway()));
		Answer revoked = s.editor().api(port).post("/api/agreements/" + agreement + "/revoke", "{}");
		assertThat(revoked.status()).as(revoked.body()).isEqualTo(200);
		assertRefused(client.get(s.gateway()), 403, "KRS-403-NO-AGREEMENT");

		// the project ends its new agreement: the same
		String second = agreement(s, "{}");
		assertLetThrough(client.get(s.gateway()));
		Answer ended = s.reuser().api(port).post("/api/agreements/" + second + "/end", "{}");
		assertThat(ended.status()).as(ended.body()).isEqualTo(200);
		assertRefused(client.get(s.gateway()), 403, "KRS-403-NO-AGREEMENT");
		assertRefused(s.reuser().api(port).get(s.gateway()), 403, "KRS-403-NO-AGREEMENT");

		// the producer drops the media from its dataset: gone at once
		ObjectNode record = s.record().deepCopy();
		((ObjectNode) record.at("/available_formats/0")).put("media_id", UUID.randomUUID().toString());
		Answer saved = TestHttp.admin(port).put("/api/v1/resources/" + s.datasetId(),
				org.kerys.RudiRecords.write(record));
		assertThat(saved.status()).as(saved.body()).isBetween(200, 204);
		assertRefused(client.get(s.gateway()), 404, "KRS-404-MEDIA");
	}

	@Test
	void shouldWriteUsageAndAuditOfEveryCallSoonAfterIt() throws InterruptedException {
		Setup s = setup();
		TestHttp client = client(s);
		String agreement = agreement(s, "{}");
		int calls = 25;
		for (int i = 0; i < calls; i++) {
			assertLetThrough(client.get(s.gateway()));
		}
		// read in the database directly (not through the usage API, which waits for this instance's queue)
		long deadline = System.nanoTime() + 10_000_000_000L;
		long metered = 0;
		long audited = 0;
		while (System.nanoTime() < deadline && (metered < calls || audited < calls)) {
			Thread.sleep(20);
			metered = jdbc.sql("select coalesce(sum(calls), 0) from agreement_usage where agreement_id = ?")
					.param(UUID.fromString(agreement)).query(Long.class).single();
			audited = jdbc.sql("select count(*) from audit_entries where action = 'gateway.access' and target_id = ? "
					+ "and details->>'agreement_id' = ?").params(s.mediaId(), agreement).query(Long.class).single();
		}
		assertThat(metered).isEqualTo(calls);
		assertThat(audited).isEqualTo(calls);
		// appended in batches, the chain still holds
		Answer verified = TestHttp.admin(port).get("/api/admin/audit/verify");
		assertThat(verified.status()).as(verified.body()).isEqualTo(200);
		assertThat(verified.json().get("intact").asBoolean()).as(verified.body()).isTrue();
	}

	@Test
	void shouldRefuseAfterTheEndDateWithoutAnyJob() throws InterruptedException {
		Setup s = setup();
		TestHttp client = client(s);
		String end = OffsetDateTime.now(ZoneOffset.UTC).plusSeconds(2).toString();
		agreement(s, "{\"end_date\": \"" + end + "\"}");
		assertLetThrough(client.get(s.gateway()));
		Thread.sleep(2500);
		assertRefused(client.get(s.gateway()), 403, "KRS-403-NO-AGREEMENT");
	}

	@Test
	void shouldLimitTheRateWithRetryAfter() {
		Setup s = setup();
		TestHttp client = client(s);
		String agreement = agreement(s, "{\"rate_limit_per_minute\": 2}");
		assertLetThrough(client.get(s.gateway()));
		assertLetThrough(client.get(s.gateway()));
		Answer limited = client.get(s.gateway());
		// unless the minute turned between the calls
		if (limited.status() != 429) {
			limited = client.get(s.gateway());
			limited = limited.status() == 429 ? limited : client.get(s.gateway());
		}
		assertRefused(limited, 429, "KRS-429-RATE");
		assertThat(Long.parseLong(limited.header("Retry-After"))).isBetween(1L, 60L);
		JsonNode usage = s.reuser().api(port).get("/api/agreements/" + agreement + "/usage").json();
		assertThat(usage.at("/statuses/429").asLong()).isPositive();
		assertThat(jdbc.sql("select count(*) from audit_entries where action = 'gateway.access' and target_id = ? "
				+ "and details->>'status' = '429'").param(s.mediaId()).query(Long.class).single()).isPositive();
	}

	@Test
	void shouldRefuseSelfDataAndUnknownMedia() {
		Setup s = setup();
		Answer unknown = TestHttp.anonymous(port).get("/gateway/datasets/" + s.datasetId() + "/media/" + UUID.randomUUID());
		assertRefused(unknown, 404, "KRS-404-MEDIA");
		assertRefused(TestHttp.anonymous(port).get("/gateway/datasets/" + UUID.randomUUID() + "/media/" + s.mediaId()),
				404, "ERR-104");
		assertRefused(TestHttp.anonymous(port).get("/gateway/datasets/x/media/y"), 404, "ERR-104");
		// open data: anyone is let through
		ObjectNode open = s.make().dataset(UUID.randomUUID(), false);
		assertLetThrough(TestHttp.anonymous(port).get("/gateway/datasets/" + open.get("global_id").asString()
				+ "/media/" + open.at("/available_formats/0/media_id").asString()));
	}
}
