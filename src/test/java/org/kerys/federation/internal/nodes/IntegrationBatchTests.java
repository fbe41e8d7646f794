package org.kerys.federation.internal.nodes;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;
import org.kerys.KerysHttpTest;
import org.kerys.RudiRecords;
import org.kerys.TestHttp;
import org.kerys.TestHttp.Answer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Requests waiting together are applied in one transaction, their records written together, and yet each one as it
 * would be alone: a bad record is refused (KO, its own errors) without failing its neighbours, a deletion keeps its
 * place among them, and a record that takes an identifier another one of the batch lets go of is accepted, as it
 * would be after it one by one; a dataset pushed twice is written in turn. The requests are left as a process that stopped before applying them would have left
 * them (committed together), so that one claim takes them all.
 */
@KerysHttpTest
class IntegrationBatchTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	Integrations integrations;

	/** A pending request: what the intake would have stored. */
	record Request(UUID id, String method, UUID target, ObjectNode body) {
	}

	@Test
	void shouldApplyEachRequestOfABatchOnItsOwnMerits() throws Exception {
		Map<String, JsonNode> reports = new ConcurrentHashMap<>();
		HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		receiver.createContext("/", exchange -> {
			JsonNode body = json.readTree(exchange.getRequestBody().readAllBytes());
			reports.put(body.get("report_id").asString(), body);
			exchange.sendResponseHeaders(200, -1);
			exchange.close();
		});
		receiver.start();
		try {
			UUID organization = organization("Lot");
			UUID other = organization("Autre lot");
			Answer registered = TestHttp.admin(port).post("/api/admin/nodes", "{\"name\":\"Lot\",\"url\":\"http://127.0.0.1:"
					+ receiver.getAddress().getPort() + "/api/v1\",\"organization_ids\":[\"" + organization
					+ "\"],\"allow_private_network\":true}");
			assertThat(registered.status()).as(registered.body()).isEqualTo(201);
			UUID nodeId = UUID.fromString(registered.json().get("id").asString());

			ObjectNode replaced = record("Remplacé", organization);
			String freed = replaced.get("local_id").asString();
			ObjectNode deleted = record("Supprimé", organization);
			for (ObjectNode existing : List.of(replaced, deleted)) {
				Answer created = TestHttp.admin(port).post("/api/v1/resources", RudiRecords.write(existing));
				assertThat(created.status()).as(created.body()).isEqualTo(201);
			}

			ObjectNode first = record("Premier", organization);
			ObjectNode update = replaced.deepCopy();
			update.put("local_id", freed + "-nouveau");
			ObjectNode takesFreed = record("Reprend l'identifiant", organization);
			takesFreed.put("local_id", freed);
			ObjectNode invalid = record("Invalide", organization);
			invalid.remove("resource_title");
			ObjectNode sameLocalId = record("Même identifiant local", organization);
			sameLocalId.put("local_id", first.get("local_id").asString());
			ObjectNode afterDeletion = record("Après la suppression", organization);
			ObjectNode notTheirs = record("Pas le sien", other);
			// a record created then replaced in the same batch, as a node that corrects itself at once
			ObjectNode twice = record("Deux fois", organization);
			ObjectNode twiceAgain = twice.deepCopy();
			twiceAgain.put("resource_title", "Deux fois, corrigé");

			Request ok1 = push("POST", first);
			Request ok2 = push("PUT", update);
			Request ok3 = push("POST", takesFreed);
			Request ko202 = push("POST", invalid);
			Request ko304 = push("POST", sameLocalId);
			Request deletion = new Request(UUID.randomUUID(), "DELETE", id(deleted), null);
			Request ok4 = push("POST", afterDeletion);
			Request ko403 = push("POST", notTheirs);
			Request ok5 = push("POST", twice);
			Request ok6 = push("PUT", twiceAgain);
			List<Request> requests = List.of(ok1, ok2, ok3, ko202, ko304, deletion, ok4, ko403, ok5, ok6);
			pending(nodeId, requests);
			integrations.resume();

			long end = System.nanoTime() + Duration.ofSeconds(15).toNanos();
			while (System.nanoTime() < end && reports.size() < requests.size()) {
				Thread.sleep(20);
			}
			assertThat(reports.keySet()).containsExactlyInAnyOrderElementsOf(
					requests.stream().map(r -> r.id().toString()).toList());
			for (Request request : List.of(ok1, ok2, ok3, deletion, ok4, ok5, ok6)) {
				assertThat(status(reports, request)).as(reports.get(request.id().toString()).toString()).isEqualTo("OK");
			}
			assertThat(codes(reports, ko202)).contains(202);
			assertThat(codes(reports, ko304)).containsExactly(304);
			assertThat(codes(reports, ko403)).contains(403);

			// applied together: one transaction (its start is every request's treatment time); the second push of a
			// dataset is never taken with the first (a claim takes one request per dataset): it follows, in turn
			assertThat(jdbc.sql("select count(distinct treated_at) from integration_requests where id = any(?)")
					.param(requests.stream().filter(r -> r != ok6).map(Request::id).toArray(UUID[]::new))
					.query(Long.class).single()).isEqualTo(1);
			assertThat(jdbc.sql("select (select treated_at from integration_requests where id = ?)"
					+ " > (select treated_at from integration_requests where id = ?)").params(ok6.id(), ok5.id())
					.query(Boolean.class).single()).isTrue();
			for (ObjectNode written : List.of(first, takesFreed, afterDeletion)) {
				assertThat(dataset(written).status()).isEqualTo(200);
			}
			assertThat(dataset(update).json().get("local_id").asString()).isEqualTo(freed + "-nouveau");
			assertThat(dataset(takesFreed).json().get("local_id").asString()).isEqualTo(freed);
			assertThat(dataset(twice).json().get("resource_title").asString()).isEqualTo("Deux fois, corrigé");
			for (ObjectNode gone : List.of(invalid, sameLocalId, notTheirs, deleted)) {
				assertThat(dataset(gone).status()).isEqualTo(404);
			}
		}
		finally {
			receiver.stop(0);
		}
	}

	UUID organization(String name) {
		UUID organization = UUID.randomUUID();
		assertThat(TestHttp.admin(port).post("/api/v1/organizations", "{\"organization_id\":\"" + organization
				+ "\",\"organization_name\":\"" + name + " " + organization + "\"}").status()).isEqualTo(201);
		return organization;
	}

	static ObjectNode record(String title, UUID producer) {
		return RudiRecords.open(title, producer, "Producteur " + producer, "d41d8cd98f00b204e9800998ecf8427e", 0);
	}

	static UUID id(ObjectNode record) {
		return UUID.fromString(record.get("global_id").asString());
	}

	static Request push(String method, ObjectNode record) {
		return new Request(UUID.randomUUID(), method, id(record), record);
	}

	/** The requests stored at once, in their order, as pending. */
	void pending(UUID nodeId, List<Request> requests) {
		List<String> rows = new ArrayList<>();
		List<Object> params = new ArrayList<>();
		for (Request request : requests) {
			rows.add("(?, ?, 'resource', ?, ?, cast(? as jsonb), 'en')");
			params.addAll(java.util.Arrays.asList(request.id(), nodeId, request.method(), request.target(),
					request.body() == null ? null : RudiRecords.write(request.body())));
		}
		// one statement: the seq of each row follows the order of the values
		jdbc.sql("insert into integration_requests (id, node_id, kind, method, target_id, body, language) values "
				+ String.join(", ", rows)).params(params).update();
	}

	Answer dataset(ObjectNode record) {
		return TestHttp.admin(port).get("/api/v1/resources/" + id(record));
	}

	static String status(Map<String, JsonNode> reports, Request request) {
		return reports.get(request.id().toString()).get("integration_status").asString();
	}

	static List<Integer> codes(Map<String, JsonNode> reports, Request request) {
		JsonNode report = reports.get(request.id().toString());
		assertThat(report.get("integration_status").asString()).as(report.toString()).isEqualTo("KO");
		List<Integer> codes = new ArrayList<>();
		report.get("integration_errors").forEach(e -> codes.add(e.get("error_code").asInt()));
		return codes;
	}
}
