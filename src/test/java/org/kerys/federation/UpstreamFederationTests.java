package org.kerys.federation;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.kerys.KerysHttpTest;
import org.kerys.KerysProcess;
import org.kerys.PortalSession;
import org.kerys.RudiRecords;
import org.kerys.TestHttp;
import org.kerys.TestHttp.Answer;
import org.kerys.identity.NodeCredentials;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Two Kerys federate: this test's Kerys (B) is the upstream portal; a second Kerys (A), started as a separate process,
 * is one of its producer nodes, configured with B's address and the client B registered for it. What A's
 * administrator publishes for the shared organisation reaches B (through a proxy that can make B unavailable), and
 * B's integration reports come back to A. Datasets A held before an organisation was configured for node mode go at
 * the next start (the backfill), and pushing everything again sends nothing that B has already.
 */
@KerysHttpTest
@Tag("process")
class UpstreamFederationTests {

	private static final Duration SOON = Duration.ofSeconds(20);

	@LocalServerPort
	int port;

	@Autowired
	NodeCredentials credentials;

	final Path dataDir = Path.of("target", "test-data", "UpstreamFederationTests-" + UUID.randomUUID()).toAbsolutePath();

	/** Kerys A, the node, and the arguments it is started with (again after a restart). */
	KerysProcess a;
	String[] arguments;

	@Test
	void shouldPushToAnUpstreamKerysAndTakeItsReports() throws Exception {
		TestHttp b = TestHttp.admin(port);
		UUID organization = UUID.randomUUID();
		UUID later = UUID.randomUUID(); // configured for node mode on A only at its restart
		created(b.post("/api/v1/organizations", """
				{"organization_id": "%s", "organization_name": "Métropole amont %s"}""".formatted(organization, organization)));
		created(b.post("/api/v1/organizations", """
				{"organization_id": "%s", "organization_name": "Commune amont %s"}""".formatted(later, later)));
		try (SwitchableProxy proxy = new SwitchableProxy(port)) {
			JsonNode node = created(b.post("/api/admin/nodes", """
					{"name": "Kerys A", "url": "%s/a/api/v1", "organization_ids": ["%s", "%s"], "harvest_schedule": null,
					 "allow_private_network": true}""".formatted(proxy.url(), organization, later)));
			String clientId = node.get("client_id").asString();
			arguments = new String[] { "--kerys.federation.upstream.url=" + proxy.url(),
					"--kerys.federation.upstream.client-id=" + clientId,
					"--kerys.federation.upstream.client-secret=" + node.get("client_secret").asString(),
					"--kerys.federation.upstream.organization-ids=" + organization,
					"--kerys.federation.upstream.allow-private-network=true",
					"--kerys.federation.upstream.retry=300ms", "--kerys.federation.upstream.retry-max=1s" };
			a = KerysProcess.start(dataDir, "upstream-node-a", Map.of(), arguments);
			try {
				proxy.nodePort(a.port());
				federate(b, proxy, organization, clientId, later, node.get("id").asString());
			}
			catch (AssertionError | RuntimeException e) {
				throw new AssertionError(e.getMessage() + "\nKerys A's log (" + a.log() + "):\n" + a.logTail(60), e);
			}
			finally {
				a.close();
				a.stopLeftoverPostgres();
			}
		}
	}

	private void federate(TestHttp b, SwitchableProxy proxy, UUID organization, String clientId, UUID later,
			String nodeId) {
		TestHttp adminA = TestHttp.admin(a.port());
		created(adminA.post("/api/v1/organizations", """
				{"organization_id": "%s", "organization_name": "Ville amont"}""".formatted(organization)));
		// the start-up backfill ran (on an empty catalogue) for this configuration
		await(() -> "succeeded".equals(adminA.get("/api/admin/upstream").json().at("/sync/status").asString()),
				"the start-up backfill");
		assertThat(adminA.get("/api/admin/upstream").json().at("/sync/trigger").asString()).isEqualTo("startup");

		// created on A → on B (catalogue and search) within seconds, and B's OK report shown on A
		ObjectNode record = RudiRecords.open("Fédération kzamontun", organization, "Ville amont",
				"d41d8cd98f00b204e9800998ecf8427e", 0);
		String id = record.get("global_id").asString();
		long start = System.nanoTime();
		created(adminA.post("/api/v1/resources", RudiRecords.write(record)));
		await(() -> b.get("/api/v1/resources/" + id).status() == 200, "the dataset on B");
		Duration visible = Duration.ofNanos(System.nanoTime() - start);
		await(() -> b.get("/api/search?q=kzamontun").json().get("total").asLong() == 1, "the dataset in B's search");
		Duration searchable = Duration.ofNanos(System.nanoTime() - start);
		System.out.printf("node mode: pushed dataset on the upstream after %d ms, searchable after %d ms%n",
				visible.toMillis(), searchable.toMillis());
		assertThat(visible).isLessThan(Duration.ofSeconds(10));
		JsonNode pushed = awaitState(adminA, id, "ok");
		assertThat(pushed.get("method").asString()).isEqualTo("POST");
		assertThat(pushed.get("request_id").asString()).isNotBlank();
		assertThat(pushed.at("/last_report/integration_status").asString()).isEqualTo("OK");
		assertThat(pushed.at("/last_report/report_id").asString()).isEqualTo(pushed.get("request_id").asString());
		assertThat(b.get("/api/v1/organizations/" + organization).json().get("organization_name").asString())
				.as("the organisation pushed first (strukture)").isEqualTo("Ville amont");

		// replaced on A → replaced on B
		record.put("resource_title", "Fédération kzamontun remplacée");
		assertThat(adminA.put("/api/v1/resources/" + id, RudiRecords.write(record)).status()).isEqualTo(200);
		await(() -> "Fédération kzamontun remplacée"
				.equals(b.get("/api/v1/resources/" + id).json().get("resource_title").asString()), "the replaced title on B");
		await(() -> "PUT".equals(upstreamRow(adminA, id).map(r -> r.get("method").asString()).orElse(null))
				&& "ok".equals(upstreamRow(adminA, id).get().get("state").asString()), "B's report on the PUT");

		// B unavailable: A keeps trying, and delivers once B is back
		proxy.upstreamDown(true);
		ObjectNode second = RudiRecords.open("Fédération kzamontdeux", organization, "Ville amont",
				"d41d8cd98f00b204e9800998ecf8427e", 0);
		String secondId = second.get("global_id").asString();
		created(adminA.post("/api/v1/resources", RudiRecords.write(second)));
		await(() -> upstreamRow(adminA, secondId).map(r -> r.get("attempts").asInt() >= 2).orElse(false),
				"A's tries while B is down");
		JsonNode waiting = upstreamRow(adminA, secondId).orElseThrow();
		assertThat(waiting.get("state").asString()).isEqualTo("pending");
		assertThat(waiting.get("last_error").asString()).contains("503");
		assertThat(b.get("/api/v1/resources/" + secondId).status()).isEqualTo(404);
		proxy.upstreamDown(false);
		long back = System.nanoTime();
		await(() -> b.get("/api/v1/resources/" + secondId).status() == 200, "the dataset on B once B is back");
		System.out.printf("node mode: delivered %d ms after the upstream came back%n",
				Duration.ofNanos(System.nanoTime() - back).toMillis());
		awaitState(adminA, secondId, "ok");

		// deleted on A → deleted on B
		assertThat(adminA.delete("/api/v1/resources/" + id).status()).isEqualTo(204);
		await(() -> b.get("/api/v1/resources/" + id).status() == 404, "the deletion on B");
		JsonNode deleted = awaitState(adminA, id, "ok");
		assertThat(deleted.get("action").asString()).isEqualTo("delete");
		assertThat(deleted.get("method").asString()).isEqualTo("DELETE");

		// only the upstream delivers reports: a token B signed for A's client
		String report = """
				{"report_id": "%s", "resource_id": "%s", "integration_status": "OK", "method": "PUT", "version": "1.4.0",
				 "comment": "", "integration_errors": []}""";
		TestHttp asB = TestHttp.anonymous(a.port()).withHeader("Authorization", "Bearer " + credentials.portalToken(clientId));
		UUID unknown = UUID.randomUUID();
		Answer notPushed = asB.put("/api/v1/resources/" + unknown + "/report", report.formatted(UUID.randomUUID(), unknown));
		assertThat(notPushed.status()).as(notPushed.body()).isEqualTo(404);
		assertThat(notPushed.json().get("code").asString()).isEqualTo("ERR-104");
		Answer malformed = asB.put("/api/v1/resources/" + secondId + "/report", "{\"integration_status\": \"MAYBE\"}");
		assertThat(malformed.status()).as(malformed.body()).isEqualTo(400);
		assertThat(malformed.json().get("code").asString()).isEqualTo("ERR-202");
		String path = "/api/v1/resources/" + secondId + "/report";
		String body = report.formatted(UUID.randomUUID(), secondId);
		String forSomeoneElse = credentials.portalToken("another-client");
		assertUnauthorized(TestHttp.anonymous(a.port()).withHeader("Authorization", "Bearer " + forSomeoneElse).put(path, body));
		String token = credentials.portalToken(clientId);
		String tampered = token.substring(0, token.length() - 4) + (token.endsWith("AAAA") ? "BBBB" : "AAAA");
		assertUnauthorized(TestHttp.anonymous(a.port()).withHeader("Authorization", "Bearer " + tampered).put(path, body));
		assertThat(TestHttp.anonymous(a.port()).put(path, body).status()).isEqualTo(401);
		assertThat(adminA.put(path, body).status()).as("A's own administrator").isEqualTo(403);

		// A's page shows what was pushed and B's reports
		PortalSession page = PortalSession.signIn(a.port(), "admin", TestHttp.ADMIN_PASSWORD).orElseThrow();
		Answer html = page.get("/admin/upstream");
		assertThat(html.status()).isEqualTo(200);
		assertThat(html.body()).contains(secondId, proxy.url(), "intégré");

		// B unavailable, then A stopped: the queue is in A's database, so A's next start delivers
		proxy.upstreamDown(true);
		ObjectNode third = RudiRecords.open("Fédération kzamonttrois", organization, "Ville amont",
				"d41d8cd98f00b204e9800998ecf8427e", 0);
		String thirdId = third.get("global_id").asString();
		created(adminA.post("/api/v1/resources", RudiRecords.write(third)));
		await(() -> upstreamRow(adminA, thirdId).map(r -> r.get("attempts").asInt() >= 1).orElse(false),
				"A's first try while B is down");
		// and a dataset of an organisation that node mode does not push (yet)
		created(adminA.post("/api/v1/organizations", """
				{"organization_id": "%s", "organization_name": "Commune amont"}""".formatted(later)));
		ObjectNode before = RudiRecords.open("Fédération kzamontavant", later, "Commune amont",
				"d41d8cd98f00b204e9800998ecf8427e", 0);
		String beforeId = before.get("global_id").asString();
		created(adminA.post("/api/v1/resources", RudiRecords.write(before)));
		pause(Duration.ofSeconds(1)); // the change events are handled within milliseconds
		assertThat(upstreamRow(adminA, beforeId)).as("not queued while its organisation is not pushed").isEmpty();
		a.stop();
		proxy.upstreamDown(false);
		arguments = java.util.Arrays.stream(arguments).map(argument -> argument.startsWith(
				"--kerys.federation.upstream.organization-ids=") ? argument + "," + later : argument)
				.toArray(String[]::new);
		a = KerysProcess.start(dataDir, "upstream-node-a-restarted", Map.of(), arguments);
		proxy.nodePort(a.port());
		TestHttp restarted = TestHttp.admin(a.port());
		await(() -> b.get("/api/v1/resources/" + thirdId).status() == 200, "the dataset on B after A's restart");
		awaitState(restarted, thirdId, "ok");
		// the new configuration: the start-up backfill sends what A held before
		await(() -> b.get("/api/v1/resources/" + beforeId).status() == 200, "the earlier dataset on B after A's restart");
		awaitState(restarted, beforeId, "ok");
		await(() -> "succeeded".equals(restarted.get("/api/admin/upstream").json().at("/sync/status").asString()),
				"the start-up backfill after the restart");

		// pushing everything again sends nothing B has as it is
		int requestsOnB = b.get("/api/admin/nodes/" + nodeId).json().get("integration_requests").size();
		Answer sync = restarted.post("/api/admin/upstream/sync", "");
		assertThat(sync.status()).as(sync.body()).isEqualTo(202);
		await(() -> "succeeded".equals(restarted.get("/api/admin/upstream").json().at("/sync/status").asString()),
				"the backfill on demand");
		JsonNode run = restarted.get("/api/admin/upstream").json();
		assertThat(run.at("/sync/trigger").asString()).isEqualTo("manual");
		assertThat(run.at("/sync/queued").asLong()).as(run.get("sync").toString()).isZero();
		assertThat(run.at("/sync/unchanged").asLong()).as(run.get("sync").toString()).isEqualTo(3);
		assertThat(run.at("/states/pending").isMissingNode()).as(run.get("states").toString()).isTrue();
		assertThat(b.get("/api/admin/nodes/" + nodeId).json().get("integration_requests").size()).isEqualTo(requestsOnB);
		PortalSession pageOfA = PortalSession.signIn(a.port(), "admin", TestHttp.ADMIN_PASSWORD).orElseThrow();
		assertThat(pageOfA.get("/admin/upstream?lang=fr").body()).contains("Tout pousser à nouveau", "à la demande",
				"3 inchangés");
	}

	private static void assertUnauthorized(Answer answer) {
		assertThat(answer.status()).as(answer.body()).isEqualTo(401);
		assertThat(answer.json().get("code").asString()).isEqualTo("KRS-401-TOKEN");
	}

	private static JsonNode created(Answer answer) {
		assertThat(answer.status()).as(answer.body()).isEqualTo(201);
		return answer.body().isEmpty() ? null : answer.json();
	}

	private static Optional<JsonNode> upstreamRow(TestHttp adminA, String id) {
		Answer answer = adminA.get("/api/admin/upstream");
		assertThat(answer.status()).as(answer.body()).isEqualTo(200);
		for (JsonNode row : answer.json().get("datasets")) {
			if (id.equals(row.get("global_id").asString())) {
				return Optional.of(row);
			}
		}
		return Optional.empty();
	}

	private static JsonNode awaitState(TestHttp adminA, String id, String state) {
		await(() -> upstreamRow(adminA, id).map(r -> state.equals(r.get("state").asString())).orElse(false),
				"state " + state + " of " + id + " on A: " + upstreamRow(adminA, id).map(JsonNode::toString).orElse("none"));
		return upstreamRow(adminA, id).orElseThrow();
	}

	private static void pause(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(e);
		}
	}

	private static void await(Supplier<Boolean> condition, String what) {
		long deadline = System.nanoTime() + SOON.toNanos();
		while (!condition.get()) {
			if (System.nanoTime() > deadline) {
				throw new AssertionError("Not within " + SOON + ": " + what);
			}
			try {
				Thread.sleep(100);
			}
			catch (InterruptedException e) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(e);
			}
		}
	}
}
