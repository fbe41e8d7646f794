package org.kerys.federation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.kerys.KerysHttpTest;
import org.kerys.TestHttp;
import org.kerys.TestHttp.Answer;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.io.ClassPathResource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * RUDI producer nodes push to Kerys unchanged: a node registered by an administrator gets its client credentials,
 * a token at /oauth/token, pushes real Rennes records to kalim, and receives its integration reports.
 */
@KerysHttpTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NodePushTests {

	private static final JsonMapper json = JsonMapper.builder().build();
	private static final Duration SOON = Duration.ofSeconds(10);

	@LocalServerPort
	int port;

	TestNode node;

	@BeforeAll
	void startNode() throws IOException {
		node = new TestNode();
	}

	@AfterAll
	void stopNode() {
		node.close();
	}

	record Registered(String id, String clientId, String secret, UUID organization) {
	}

	TestHttp admin() {
		return TestHttp.admin(port);
	}

	UUID newOrganization(String name) {
		return new HarvestSupport(port).newOrganization(name);
	}

	Registered register(String url, boolean allowPrivate, UUID... organizations) {
		List<String> ids = new ArrayList<>();
		for (UUID organization : organizations) {
			ids.add("\"" + organization + "\"");
		}
		Answer answer = admin().post("/api/admin/nodes", """
				{"name": "Nœud de test", "url": "%s", "organization_ids": [%s], "harvest_schedule": "0 * * * *",
				 "allow_private_network": %s}""".formatted(url, String.join(",", ids), allowPrivate));
		assertThat(answer.status()).as(answer.body()).isEqualTo(201);
		JsonNode body = answer.json();
		return new Registered(body.get("id").asString(), body.get("client_id").asString(),
				body.get("client_secret").asString(), organizations[0]);
	}

	TestHttp nodeClient(Registered registered) {
		TestHttp anonymous = TestHttp.anonymous(port);
		Answer token = anonymous.send(anonymous.request("/oauth/token")
				.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
						(registered.clientId() + ":" + registered.secret()).getBytes(StandardCharsets.UTF_8)))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")));
		assertThat(token.status()).as(token.body()).isEqualTo(200);
		return anonymous.withHeader("Authorization", "Bearer " + token.json().get("access_token").asString());
	}

	/** A real record of Rennes (RUDI 1.2.0, legacy values and all), under fresh identifiers, of this producer. */
	static ObjectNode rennes(int index, UUID producer) throws IOException {
		JsonNode all;
		try (InputStream in = new ClassPathResource("fixtures/rudi/datarennes-metadata-1.2.0.json").getInputStream()) {
			all = json.readTree(in);
		}
		ObjectNode record = (ObjectNode) all.get(index).deepCopy();
		String id = UUID.randomUUID().toString();
		record.put("global_id", id);
		record.put("local_id", "node-" + id);
		((ObjectNode) record.get("producer")).put("organization_id", producer.toString());
		if (record.has("available_formats")) {
			record.withArrayProperty("available_formats")
					.forEach(media -> ((ObjectNode) media).put("media_id", UUID.randomUUID().toString()));
		}
		return record;
	}

	static String accepted(Answer answer) {
		assertThat(answer.status()).as(answer.body()).isEqualTo(202);
		return answer.json().asString();
	}

	@Test
	void shouldIntegrateWhatANodePushesAndReportToIt() throws Exception {
		UUID organization = newOrganization("Ville de Rennes");
		Registered registered = register(node.url(), true, organization);
		TestHttp nodeHttp = nodeClient(registered);
		ObjectNode record = rennes(0, organization);
		String globalId = record.get("global_id").asString();

		assertThat(nodeHttp.get("/konsult/v1/datasets/" + globalId + "/metadatas").status()).isEqualTo(404);
		long start = System.nanoTime();
		String requestId = accepted(nodeHttp.post("/kalim/v1/resources", json.writeValueAsString(record)));
		TestNode.Received report = node.awaitReport(requestId, SOON).orElseThrow();
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
		assertThat(report.path()).isEqualTo("/api/v1/resources/" + globalId + "/report");
		assertThat(report.authorization()).startsWith("Bearer ");
		JsonNode body = report.body();
		assertThat(body.get("integration_status").asString()).as(body.toString()).isEqualTo("OK");
		assertThat(body.get("resource_id").asString()).isEqualTo(globalId);
		assertThat(body.get("method").asString()).isEqualTo("POST");
		assertThat(body.get("version").asString()).isEqualTo("1.2.0");
		assertThat(body.get("submission_date").asString()).isNotBlank();
		assertThat(body.get("treatment_date").asString()).isNotBlank();
		assertThat(body.get("integration_errors").isEmpty()).isTrue();

		Answer stored = nodeHttp.get("/konsult/v1/datasets/" + globalId + "/metadatas");
		assertThat(stored.status()).isEqualTo(200);
		assertThat(stored.json().get("resource_title").asString()).isEqualTo(record.get("resource_title").asString());
		awaitSearchable(organization, 1);

		// the node replaces it
		record.put("resource_title", "Subventions mises à jour " + UUID.randomUUID());
		requestId = accepted(nodeHttp.send(nodeHttp.request("/kalim/v1/resources").header("Content-Type", "application/json")
				.PUT(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(record)))));
		body = node.awaitReport(requestId, SOON).orElseThrow().body();
		assertThat(body.get("integration_status").asString()).as(body.toString()).isEqualTo("OK");
		assertThat(body.get("method").asString()).isEqualTo("PUT");
		assertThat(nodeHttp.get("/konsult/v1/datasets/" + globalId + "/metadatas").json().get("resource_title").asString())
				.isEqualTo(record.get("resource_title").asString());

		// the writes are the node's in the audit ledger
		Answer audit = admin().get("/api/admin/audit?limit=50");
		assertThat(audit.body()).contains(globalId).contains(registered.clientId());

		// and deletes it
		requestId = accepted(nodeHttp.delete("/kalim/v1/resources/" + globalId));
		body = node.awaitReport(requestId, SOON).orElseThrow().body();
		assertThat(body.get("integration_status").asString()).as(body.toString()).isEqualTo("OK");
		assertThat(body.get("method").asString()).isEqualTo("DELETE");
		assertThat(nodeHttp.get("/konsult/v1/datasets/" + globalId + "/metadatas").status()).isEqualTo(404);
		awaitSearchable(organization, 0);

		// administrators see the requests and their reports
		JsonNode requests = awaitRequests(registered, "delivered");
		assertThat(requests.size()).isEqualTo(3);
		assertThat(requests.get(0).get("report_delivery").get(0).get("http_status").asInt()).isEqualTo(202);
	}

	/** The node's requests as administrators see them, once the latest one's report is in this state. */
	JsonNode awaitRequests(Registered registered, String reportState) throws InterruptedException {
		long end = System.nanoTime() + SOON.toNanos();
		JsonNode requests = null;
		while (System.nanoTime() < end) {
			Answer page = admin().get("/api/admin/nodes/" + registered.id());
			assertThat(page.status()).as(page.body()).isEqualTo(200);
			requests = page.json().get("integration_requests");
			if (requests.size() > 0 && reportState.equals(requests.get(0).path("report_state").asString())) {
				return requests;
			}
			Thread.sleep(50);
		}
		assertThat(requests.toString()).as("latest report " + reportState).contains("\"report_state\":\"" + reportState);
		return requests;
	}

	void awaitSearchable(UUID producer, int expected) throws InterruptedException {
		long end = System.nanoTime() + SOON.toNanos();
		long total = -1;
		while (System.nanoTime() < end) {
			Answer found = TestHttp.anonymous(port).get("/api/search?producer=" + producer);
			total = found.json().get("total").asLong();
			if (total == expected) {
				return;
			}
			Thread.sleep(50);
		}
		assertThat(total).as("datasets of " + producer + " found by the search").isEqualTo(expected);
	}

	@Test
	void shouldApplyANodesPushesAboutOneDatasetInTheirOrder() throws Exception {
		UUID organization = newOrganization("Ordre");
		TestHttp nodeHttp = nodeClient(register(node.url(), true, organization));
		ObjectNode record = rennes(9, organization);
		String created = accepted(nodeHttp.post("/kalim/v1/resources", json.writeValueAsString(record)));
		List<String> updates = new ArrayList<>();
		for (int i = 1; i <= 3; i++) {
			record.put("resource_title", "Version " + i);
			updates.add(accepted(nodeHttp.send(nodeHttp.request("/kalim/v1/resources")
					.header("Content-Type", "application/json")
					.PUT(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(record))))));
		}
		assertThat(node.awaitReport(created, SOON).orElseThrow().body().get("integration_status").asString())
				.isEqualTo("OK");
		for (String update : updates) {
			JsonNode body = node.awaitReport(update, SOON).orElseThrow().body();
			assertThat(body.get("integration_status").asString()).as(body.toString()).isEqualTo("OK");
		}
		assertThat(nodeHttp.get("/konsult/v1/datasets/" + record.get("global_id").asString() + "/metadatas").json()
				.get("resource_title").asString()).isEqualTo("Version 3");
	}

	/**
	 * Pushes that wait together are applied together (a batch per transaction), each as it would be alone: a refused
	 * one does not take the others down, and every one gets its own report.
	 */
	@Test
	void shouldApplyManyPushesOfSeveralNodesEachOnItsOwnMerits() throws Exception {
		UUID first = newOrganization("Lot A");
		UUID second = newOrganization("Lot B");
		TestHttp firstNode = nodeClient(register(node.url(), true, first));
		TestHttp secondNode = nodeClient(register(node.url(), true, second));
		List<String> ok = java.util.Collections.synchronizedList(new ArrayList<>());
		List<String> refused = java.util.Collections.synchronizedList(new ArrayList<>());
		java.util.concurrent.ExecutorService pushers = java.util.concurrent.Executors.newFixedThreadPool(2);
		try {
			List<java.util.concurrent.Future<?>> pushing = new ArrayList<>();
			int offset = 59; // records 59 to 88 of Rennes: their media are all objects, as rennes() needs
			for (var pusher : List.of(java.util.Map.entry(firstNode, first), java.util.Map.entry(secondNode, second))) {
				int records = offset;
				offset += 15;
				pushing.add(pushers.submit(() -> {
					for (int i = 0; i < 15; i++) {
						// every fifth record names the other node's organisation: refused, ERR-403
						UUID own = pusher.getValue();
						UUID producer = i % 5 == 4 ? (own.equals(first) ? second : first) : own;
						ObjectNode record = rennes(records + i, producer);
						String id = accepted(pusher.getKey().post("/kalim/v1/resources", json.writeValueAsString(record)));
						(producer.equals(own) ? ok : refused).add(id);
					}
					return null;
				}));
			}
			for (var push : pushing) {
				push.get();
			}
		}
		finally {
			pushers.shutdownNow();
		}
		assertThat(ok).hasSize(24);
		assertThat(refused).hasSize(6);
		for (String id : ok) {
			JsonNode body = node.awaitReport(id, SOON).orElseThrow().body();
			assertThat(body.get("integration_status").asString()).as(body.toString()).isEqualTo("OK");
		}
		for (String id : refused) {
			JsonNode body = node.awaitReport(id, SOON).orElseThrow().body();
			assertThat(body.get("integration_status").asString()).as(body.toString()).isEqualTo("KO");
			assertThat(body.get("integration_errors").toString()).contains("403");
		}
		awaitSearchable(first, 12);
		awaitSearchable(second, 12);
	}

	@Test
	void shouldRefuseADatasetOfAnotherOrganizationWithError403AndWriteNothing() throws Exception {
		UUID mine = newOrganization("Mienne");
		UUID theirs = newOrganization("Autre");
		Registered registered = register(node.url(), true, mine);
		TestHttp nodeHttp = nodeClient(registered);
		ObjectNode record = rennes(1, theirs);
		String requestId = accepted(nodeHttp.post("/kalim/v1/resources", json.writeValueAsString(record)));
		JsonNode body = node.awaitReport(requestId, SOON).orElseThrow().body();
		assertThat(body.get("integration_status").asString()).isEqualTo("KO");
		assertThat(body.get("integration_errors").get(0).get("error_code").asInt()).isEqualTo(403);
		assertThat(body.get("integration_errors").get(0).get("field_name").asString())
				.isEqualTo("producer.organization_id");
		assertThat(nodeHttp.get("/konsult/v1/datasets/" + record.get("global_id").asString() + "/metadatas").status())
				.isEqualTo(404);

		// a metadata provider that is not among the node's organisations: ERR-303
		ObjectNode provided = rennes(2, mine);
		provided.withObjectProperty("metadata_info").putObject("metadata_provider")
				.put("organization_id", theirs.toString()).put("organization_name", "Autre");
		requestId = accepted(nodeHttp.post("/kalim/v1/resources", json.writeValueAsString(provided)));
		body = node.awaitReport(requestId, SOON).orElseThrow().body();
		assertThat(body.get("integration_status").asString()).isEqualTo("KO");
		assertThat(codes(body)).contains(303);
		assertThat(nodeHttp.get("/konsult/v1/datasets/" + provided.get("global_id").asString() + "/metadatas").status())
				.isEqualTo(404);
	}

	@Test
	void shouldReportValidationErrorsWithTheirCodes() throws Exception {
		UUID organization = newOrganization("Validation");
		Registered registered = register(node.url(), true, organization);
		TestHttp nodeHttp = nodeClient(registered);
		ObjectNode record = rennes(3, organization);
		record.remove("resource_title");
		String requestId = accepted(nodeHttp.post("/kalim/v1/resources", json.writeValueAsString(record)));
		JsonNode body = node.awaitReport(requestId, SOON).orElseThrow().body();
		assertThat(body.get("integration_status").asString()).isEqualTo("KO");
		assertThat(codes(body)).contains(202);
		assertThat(body.get("integration_errors").toString()).contains("resource_title");
		assertThat(nodeHttp.get("/konsult/v1/datasets/" + record.get("global_id").asString() + "/metadatas").status())
				.isEqualTo(404);
		// PUT of a dataset that does not exist
		ObjectNode unknown = rennes(4, organization);
		requestId = accepted(nodeHttp.send(nodeHttp.request("/kalim/v1/resources").header("Content-Type", "application/json")
				.PUT(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(unknown)))));
		body = node.awaitReport(requestId, SOON).orElseThrow().body();
		assertThat(codes(body)).contains(104);
		// a POST of a dataset that exists
		ObjectNode twice = rennes(5, organization);
		assertThat(node.awaitReport(accepted(nodeHttp.post("/kalim/v1/resources", json.writeValueAsString(twice))), SOON)
				.orElseThrow().body().get("integration_status").asString()).isEqualTo("OK");
		body = node.awaitReport(accepted(nodeHttp.post("/kalim/v1/resources", json.writeValueAsString(twice))), SOON)
				.orElseThrow().body();
		assertThat(codes(body)).contains(304);

		// what has no report address is refused at once
		assertThat(nodeHttp.post("/kalim/v1/resources", "{\"resource_title\":\"x\"}").json().get("code").asString())
				.isEqualTo("ERR-202");
		assertThat(nodeHttp.post("/kalim/v1/resources", "[1]").status()).isEqualTo(400);
		assertThat(nodeHttp.post("/kalim/v1/resources", "{not json").json().get("code").asString()).isEqualTo("ERR-101");
		assertThat(nodeHttp.delete("/kalim/v1/resources/not-a-uuid").status()).isEqualTo(400);
	}

	static List<Integer> codes(JsonNode report) {
		List<Integer> codes = new ArrayList<>();
		report.get("integration_errors").forEach(e -> codes.add(e.get("error_code").asInt()));
		return codes;
	}

	@Test
	void shouldDeliverAReportOnALaterTryWhenTheNodeWasDown() throws Exception {
		UUID organization = newOrganization("Panne");
		Registered registered = register(node.url(), true, organization);
		TestHttp nodeHttp = nodeClient(registered);
		int refusedBefore = node.refusedCalls();
		node.downFor(1);
		String requestId = accepted(nodeHttp.post("/kalim/v1/resources", json.writeValueAsString(rennes(6, organization))));
		JsonNode body = node.awaitReport(requestId, Duration.ofSeconds(15)).orElseThrow().body();
		assertThat(body.get("integration_status").asString()).isEqualTo("OK");
		assertThat(node.refusedCalls()).isEqualTo(refusedBefore + 1);
		JsonNode request = awaitRequests(registered, "delivered").get(0);
		assertThat(request.get("report_attempts").asInt()).isEqualTo(2);
		assertThat(request.get("report_delivery").get(0).get("http_status").asInt()).isEqualTo(503);
	}

	@Test
	void shouldNotCallAPrivateAddressUnlessTheNodeIsAllowedIt() throws Exception {
		UUID organization = newOrganization("Privé");
		Registered registered = register(node.url(), false, organization);
		TestHttp nodeHttp = nodeClient(registered);
		ObjectNode record = rennes(7, organization);
		int before = node.reports().size();
		accepted(nodeHttp.post("/kalim/v1/resources", json.writeValueAsString(record)));
		JsonNode request = awaitRequests(registered, "failed").get(0);
		assertThat(request.get("report_error").asString()).contains("127.0.0.1");
		assertThat(request.get("report_delivery").get(0).get("error").asString()).contains("Refused");
		assertThat(request.get("integration_status").asString()).isEqualTo("OK");
		assertThat(node.reports()).hasSize(before);
	}

	@Test
	void shouldIntegrateOrganizationsSentByTheNode() throws Exception {
		UUID organization = newOrganization("Structure");
		Registered registered = register(node.url(), true, organization);
		TestHttp nodeHttp = nodeClient(registered);
		String requestId = accepted(nodeHttp.post("/strukture/v1/organizations/request",
				"{\"organization_id\":\"" + organization + "\",\"organization_name\":\"Nouveau nom\","
						+ "\"organization_summary\":\"Mise à jour par le nœud\"}"));
		TestNode.Received report = node.awaitReport(requestId, SOON).orElseThrow();
		assertThat(report.path()).isEqualTo("/api/v1/organizations/" + organization + "/report");
		assertThat(report.body().get("integration_status").asString()).as(report.body().toString()).isEqualTo("OK");
		assertThat(report.body().get("organization_id").asString()).isEqualTo(organization.toString());
		assertThat(admin().get("/api/v1/organizations/" + organization).json().get("organization_name").asString())
				.isEqualTo("Nouveau nom");
		// not one of its organisations
		UUID other = UUID.randomUUID();
		requestId = accepted(nodeHttp.post("/strukture/v1/organizations/request",
				"{\"organization_id\":\"" + other + "\",\"organization_name\":\"Intrus\"}"));
		report = node.awaitReport(requestId, SOON).orElseThrow();
		assertThat(codes(report.body())).containsExactly(403);
		assertThat(admin().get("/api/v1/organizations/" + other).status()).isEqualTo(404);
	}

	@Test
	void shouldLetOnlyRegisteredNodesPush() throws Exception {
		UUID organization = newOrganization("Accès");
		String record = json.writeValueAsString(rennes(8, organization));
		assertThat(TestHttp.anonymous(port).post("/kalim/v1/resources", record).status()).isEqualTo(401);
		assertThat(admin().post("/kalim/v1/resources", record).status()).isEqualTo(403);
		// a node client that is no registered node has no address for its reports
		Answer client = admin().post("/api/admin/node-clients",
				"{\"organization_id\":\"" + organization + "\",\"name\":\"Client seul\"}");
		Registered bare = new Registered(null, client.json().get("client_id").asString(),
				client.json().get("client_secret").asString(), organization);
		assertThat(nodeClient(bare).post("/kalim/v1/resources", record).status()).isEqualTo(403);
		// a revoked node pushes no more
		Registered registered = register(node.url(), true, organization);
		TestHttp nodeHttp = nodeClient(registered);
		assertThat(admin().delete("/api/admin/nodes/" + registered.id()).status()).isEqualTo(204);
		assertThat(nodeHttp.post("/kalim/v1/resources", record).status()).isEqualTo(401);
		assertThat(admin().get("/api/admin/nodes/" + registered.id()).json().get("revoked_at").isNull()).isFalse();
		assertThat(admin().delete("/api/admin/nodes/" + registered.id()).status()).isEqualTo(204);
		// registration and revocation are in the audit ledger, with where Kerys calls the node
		String audit = admin().get("/api/admin/audit?limit=100").body();
		assertThat(audit).contains("node.registered").contains("node.revoked").contains(registered.id())
				.contains(node.url());
	}

	@Test
	void shouldRefuseAnInvalidRegistrationWithEveryProblemAndWriteNothing() {
		int before = admin().get("/api/admin/nodes").json().size();
		Answer answer = admin().post("/api/admin/nodes", """
				{"name": "", "url": "ftp://example.org", "organization_ids": ["%s", "pas-un-uuid"],
				 "harvest_schedule": "tous les jours", "allow_private_network": "oui", "color": "blue"}"""
				.formatted(UUID.randomUUID()));
		assertThat(answer.status()).as(answer.body()).isEqualTo(400);
		List<String> problems = new ArrayList<>();
		answer.json().get("errors").forEach(e -> problems.add(e.get("code").asString() + " " + e.get("field").asString()));
		assertThat(problems).containsExactlyInAnyOrder("ERR-102 color", "ERR-308 name", "ERR-201 url",
				"ERR-201 organization_ids[1]", "ERR-303 organization_ids", "ERR-201 harvest_schedule",
				"ERR-201 allow_private_network");
		assertThat(admin().post("/api/admin/nodes", "{}").json().get("errors").size()).isEqualTo(3);
		assertThat(admin().post("/api/admin/nodes", "{\"url\": \"http://a b\"}").status()).isEqualTo(400);
		assertThat(admin().get("/api/admin/nodes").json().size()).isEqualTo(before);
		assertThat(admin().get("/api/admin/nodes/" + UUID.randomUUID()).status()).isEqualTo(404);
		assertThat(TestHttp.anonymous(port).get("/api/admin/nodes").status()).isEqualTo(401);
	}
}
