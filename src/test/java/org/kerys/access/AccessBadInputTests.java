package org.kerys.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.kerys.KerysHttpTest;
import org.kerys.RudiRecords;
import org.kerys.TestHttp;
import org.kerys.TestHttp.Answer;
import org.kerys.access.Reusers.Person;
import org.kerys.access.Reusers.World;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Every kind of bad input the access endpoints meet, each over HTTP: a clear 4xx with a stable code, never a 500, and
 * nothing half-written (the tables are checked after each refusal).
 */
@KerysHttpTest
class AccessBadInputTests {

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;


	World world() {
		return new Reusers(port).world();
	}

	@Test
	void shouldRefuseRequestsOnOpenAndSelfDataDatasetsWritingNothing() {
		World w = world();
		String base = "/api/projects/" + w.project() + "/access-requests";
		TestHttp reuser = w.reuser().api(port);
		String open = w.make().dataset(w.producer(), false).get("global_id").asString();
		assertProblem(reuser.post(base, "{\"dataset_id\": \"" + open + "\", \"purpose\": \"x\"}"), 400,
				"KRS-400-OPEN-DATASET");
		String selfData = selfData(w.producer());
		assertProblem(reuser.post(base, "{\"dataset_id\": \"" + selfData + "\", \"purpose\": \"x\"}"), 400,
				"KRS-400-SELFDATA");
		// media ids that are not the dataset's: another dataset's, and one nobody has
		assertProblem(reuser.post(base, "{\"dataset_id\": \"" + w.datasetId() + "\", \"purpose\": \"x\", \"media_ids\": [\""
				+ UUID.randomUUID() + "\"]}"), 400, "KRS-400-MEDIA");
		assertProblem(reuser.post(base, "{\"dataset_id\": \"" + w.datasetId() + "\", \"purpose\": \"x\", \"media_ids\": [\""
				+ w.mediaId() + "\", \"pas-un-id\"]}"), 400, "ERR-201");
		// end dates: malformed, yesterday (before today), in the past
		assertProblem(reuser.post(base, "{\"dataset_id\": \"" + w.datasetId()
				+ "\", \"purpose\": \"x\", \"requested_end_date\": \"31/12/2030\"}"), 400, "ERR-201");
		assertProblem(reuser.post(base, "{\"dataset_id\": \"" + w.datasetId() + "\", \"purpose\": \"x\", "
				+ "\"requested_end_date\": \"" + LocalDate.now().minusDays(1) + "\"}"), 400, "KRS-400-END-DATE");
		assertProblem(reuser.post(base, "{\"dataset_id\": \"" + w.datasetId()
				+ "\", \"purpose\": \"x\", \"requested_end_date\": \"2030-02-30\"}"), 400, "ERR-201");
		assertThat(count("select count(*) from access_requests where project_id = ?", w.project())).isZero();
		assertThat(count("select count(*) from project_datasets where project_id = ?", w.project())).isZero();
	}

	@Test
	void shouldLetOnlyTheProducersEditorsDecide() {
		World w = world();
		String request = w.ask();
		Person otherEditor = w.make().person("autre-editeur");
		w.make().member(w.make().organization("Autre"), otherEditor, "editor");
		Map<String, TestHttp> outsiders = new LinkedHashMap<>();
		outsiders.put("plain member", w.member().api(port));
		outsiders.put("another organisation's editor", otherEditor.api(port));
		outsiders.put("platform administrator", TestHttp.admin(port));
		outsiders.put("the reuser", w.reuser().api(port));
		for (var outsider : outsiders.entrySet()) {
			for (String decision : List.of("accept", "reject")) {
				Answer refused = outsider.getValue().post("/api/access-requests/" + request + "/" + decision,
						"{\"message\": \"non\"}");
				assertThat(refused.status()).as(outsider.getKey() + " " + decision).isEqualTo(403);
				assertThat(refused.json().get("code").asString()).as(outsider.getKey()).isEqualTo("KRS-403-PRODUCER");
			}
		}
		assertThat(TestHttp.anonymous(port).post("/api/access-requests/" + request + "/accept", "{}").status())
				.isEqualTo(401);
		// nothing moved
		assertThat(w.reuser().api(port).get("/api/access-requests/" + request).json().get("state").asString())
				.isEqualTo("SUBMITTED");
		assertThat(count("select count(*) from agreements where request_id = ?", request)).isZero();
		assertThat(count("select count(*) from access_transitions where subject_id = ?", request)).isEqualTo(1);
	}

	@Test
	void shouldRefuseTransitionsOutOfOrder() {
		World w = world();
		TestHttp editor = w.editor().api(port);
		TestHttp reuser = w.reuser().api(port);
		String rejected = w.ask();
		assertThat(editor.post("/api/access-requests/" + rejected + "/reject", "{\"message\": \"Non\"}").status())
				.isEqualTo(200);
		assertProblem(editor.post("/api/access-requests/" + rejected + "/accept", "{}"), 409, "KRS-409-REQUEST-STATE");
		assertProblem(reuser.post("/api/access-requests/" + rejected + "/withdraw", "{}"), 409, "KRS-409-REQUEST-STATE");

		String accepted = w.ask();
		Answer agreement = editor.post("/api/access-requests/" + accepted + "/accept", "{}");
		assertThat(agreement.status()).as(agreement.body()).isEqualTo(201);
		assertProblem(editor.post("/api/access-requests/" + accepted + "/reject", "{\"message\": \"Finalement non\"}"),
				409, "KRS-409-REQUEST-STATE");
		assertProblem(reuser.post("/api/access-requests/" + accepted + "/withdraw", "{}"), 409, "KRS-409-REQUEST-STATE");
		assertProblem(editor.post("/api/access-requests/" + accepted + "/accept", "{}"), 409, "KRS-409-REQUEST-STATE");
		assertThat(count("select count(*) from agreements where request_id = ?", accepted)).isEqualTo(1);
		assertThat(count("select count(*) from access_transitions where subject_id in (?, ?)", rejected, accepted))
				.isEqualTo(4);
	}

	@Test
	void shouldRefuseBadConditionsWritingNothing() {
		World w = world();
		String request = w.ask();
		TestHttp editor = w.editor().api(port);
		String accept = "/api/access-requests/" + request + "/accept";
		Map<String, String> bad = new LinkedHashMap<>();
		bad.put("{\"end_date\": \"2020-06-30\"}", "KRS-400-END-DATE");
		bad.put("{\"end_date\": \"" + LocalDate.now(ZoneOffset.UTC).minusDays(1) + "\"}", "KRS-400-END-DATE");
		bad.put("{\"end_date\": \"" + OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(1) + "\"}", "KRS-400-END-DATE");
		bad.put("{\"end_date\": \"l'an prochain\"}", "ERR-201");
		bad.put("{\"end_date\": \"2030-13-01\"}", "ERR-201");
		bad.put("{\"rate_limit_per_minute\": -5}", "ERR-303");
		bad.put("{\"rate_limit_per_minute\": 0}", "ERR-303");
		bad.put("{\"rate_limit_per_minute\": 3000000000}", "ERR-303");
		bad.put("{\"bytes_per_day\": -1}", "ERR-303");
		bad.put("{\"media_ids\": [\"" + UUID.randomUUID() + "\"]}", "KRS-400-MEDIA");
		bad.put("{\"media_ids\": [\"" + w.make().dataset(w.producer(), true).at("/available_formats/0/media_id")
				.asString() + "\"]}", "KRS-400-MEDIA");
		bad.put("{\"media_ids\": [42]}", "ERR-201");
		bad.put("{\"purpose\": \"   \"}", "ERR-308");
		bad.put("{\"purpose\": \"" + "p".repeat(2001) + "\"}", "ERR-203");
		bad.put("{\"message\": \"" + "m".repeat(5001) + "\"}", "ERR-203");
		for (var body : bad.entrySet()) {
			assertProblem(editor.post(accept, body.getKey()), 400, body.getValue());
		}
		// absurd numbers that do not fit any integer, bodies that are not a JSON object: not readable
		for (String unreadable : List.of("{\"bytes_per_day\": 99999999999999999999999999}", "[]", "\"accept\"", "{",
				"{\"a\":}")) {
			assertProblem(editor.post(accept, unreadable), 400, "ERR-101");
		}
		// a field of the wrong type: ERR-201, the field named
		Map<String, String> mistyped = Map.of("{\"rate_limit_per_minute\": \"dix\"}", "rate_limit_per_minute",
				"{\"rate_limit_per_minute\": {}}", "rate_limit_per_minute", "{\"media_ids\": \"tous\"}", "media_ids",
				"{\"end_date\": [2030, 1, 1]}", "end_date", "{\"purpose\": {\"fr\": \"x\"}}", "purpose");
		for (var body : mistyped.entrySet()) {
			Answer answer = editor.post(accept, body.getKey());
			assertProblem(answer, 400, "ERR-201");
			assertThat(answer.json().get("errors").findValuesAsString("field")).as(body.getKey())
					.containsExactly(body.getValue());
		}
		assertThat(count("select count(*) from agreements where request_id = ?", request)).isZero();
		assertThat(w.reuser().api(port).get("/api/access-requests/" + request).json().get("state").asString())
				.isEqualTo("SUBMITTED");
		// and the same request is still accepted once the conditions are right
		Answer good = editor.post(accept, "{\"rate_limit_per_minute\": 2147483647, \"bytes_per_day\": 1, \"end_date\": \""
				+ LocalDate.now(ZoneOffset.UTC) + "\"}");
		assertThat(good.status()).as(good.body()).isEqualTo(201);
	}

	@Test
	void shouldAnswerMalformedBodiesOnEveryAccessEndpointWith400() {
		World w = world();
		String request = w.ask();
		Answer accepted = w.editor().api(port).post("/api/access-requests/" + request + "/accept", "{}");
		assertThat(accepted.status()).as(accepted.body()).isEqualTo(201);
		String agreement = accepted.json().get("agreement_id").asString();
		String agreementRequest = w.ask(); // the first one answered, a second may wait
		assertThat(w.reuser().api(port).post("/api/projects/" + w.project() + "/clients", "{}").status()).isEqualTo(201);
		TestHttp reuser = w.reuser().api(port);
		TestHttp editor = w.editor().api(port);
		String huge = "x".repeat(20_000);
		record Endpoint(String path, TestHttp caller, String hugeBody, String hugeCode) {
		}
		List<Endpoint> endpoints = List.of(
				new Endpoint("/api/projects", reuser, "{\"title\": \"" + huge + "\", \"type\": \"study\"}", "ERR-203"),
				new Endpoint("/api/projects/" + w.project() + "/access-requests", reuser,
						"{\"dataset_id\": \"" + w.datasetId() + "\", \"purpose\": \"" + huge + "\"}", "ERR-203"),
				new Endpoint("/api/projects/" + w.project() + "/datasets", reuser, "{\"dataset_id\": \"" + huge + "\"}",
						"ERR-201"),
				new Endpoint("/api/projects/" + w.project() + "/data-requests", reuser,
						"{\"title\": \"" + huge + "\", \"description\": \"" + huge + "\"}", "ERR-203"),
				new Endpoint("/api/projects/" + w.project() + "/clients", reuser, "{\"name\": \"" + huge + "\"}",
						"ERR-203"),
				new Endpoint("/api/access-requests/" + agreementRequest + "/accept", editor,
						"{\"message\": \"" + huge + "\"}", "ERR-203"),
				new Endpoint("/api/access-requests/" + agreementRequest + "/reject", editor,
						"{\"message\": \"" + huge + "\"}", "ERR-203"),
				new Endpoint("/api/access-requests/" + agreementRequest + "/withdraw", reuser,
						"{\"message\": \"" + huge + "\"}", "ERR-203"),
				new Endpoint("/api/agreements/" + agreement + "/revoke", editor, "{\"message\": \"" + huge + "\"}",
						"ERR-203"),
				new Endpoint("/api/agreements/" + agreement + "/end", reuser, "{\"message\": \"" + huge + "\"}",
						"ERR-203"));
		long requests = count("select count(*) from access_requests where project_id = ?", w.project());
		long projects = count("select count(*) from projects where created_by = (select created_by from projects where id = ?)",
				w.project());
		long dataRequests = count("select count(*) from data_requests where project_id = ?", w.project());
		for (Endpoint endpoint : endpoints) {
			for (String body : List.of("{", "[1, 2", "{\"message\": }", "\"texte\"", "{\"message\": [\"a\"]}",
					"{\"message\": {\"a\": 1}}", "{\"name\": [1]}", "{\"title\": {\"a\": 1}}", "{\"dataset_id\": []}",
					"{\"message\": \"x\"} {}")) {
				Answer answer = endpoint.caller().post(endpoint.path(), body);
				assertThat(answer.status()).as(endpoint.path() + " " + body + " → " + answer.body()).isEqualTo(400);
				assertThat(answer.json().get("code").asString()).as(endpoint.path() + " " + body).isIn("ERR-101",
						"ERR-102", "ERR-201");
			}
			// a field the endpoint does not have is named, not ignored
			Answer unknown = endpoint.caller().post(endpoint.path(), "{\"couleur\": \"bleu\"}");
			assertThat(unknown.status()).as(endpoint.path() + " → " + unknown.body()).isEqualTo(400);
			assertThat(unknown.json().get("code").asString()).as(endpoint.path()).isEqualTo("ERR-102");
			assertThat(unknown.json().get("errors").findValuesAsString("field")).containsExactly("couleur");
			// a string far beyond the field's limit
			Answer answer = endpoint.caller().post(endpoint.path(), endpoint.hugeBody());
			assertThat(answer.status()).as(endpoint.path() + " → " + answer.body()).isEqualTo(400);
			assertThat(answer.json().get("code").asString()).as(endpoint.path()).isEqualTo(endpoint.hugeCode());
		}
		assertThat(count("select count(*) from data_requests where project_id = ?", w.project())).isEqualTo(dataRequests);
		assertThat(count("select count(*) from access_requests where project_id = ?", w.project())).isEqualTo(requests);
		assertThat(count("select count(*) from projects where created_by = (select created_by from projects where id = ?)",
				w.project())).isEqualTo(projects);
		assertThat(w.reuser().api(port).get("/api/agreements/" + agreement).json().get("state").asString())
				.isEqualTo("ACTIVE");
		assertThat(w.reuser().api(port).get("/api/access-requests/" + agreementRequest).json().get("state")
				.asString()).isEqualTo("SUBMITTED");
		assertThat(w.reuser().api(port).get("/api/projects/" + w.project() + "/clients").json()).hasSize(1);
	}

	@Test
	void shouldNotLetOneProjectsTokenReachAnotherProject() {
		World w = world();
		String request = w.ask();
		String agreement = w.editor().api(port).post("/api/access-requests/" + request + "/accept", "{}").json()
				.get("agreement_id").asString();
		String client = w.reuser().api(port).post("/api/projects/" + w.project() + "/clients", "{}").json()
				.get("client_id").asString();
		// another project's member, by personal token and by its project's client
		Person stranger = w.make().person("etranger");
		String theirs = w.make().project(stranger, "");
		Answer created = stranger.api(port).post("/api/projects/" + theirs + "/clients", "{}");
		TestHttp theirClient = w.make().bearer(w.make().clientToken(created.json().get("client_id").asString(),
				created.json().get("client_secret").asString()));
		for (TestHttp other : List.of(stranger.api(port), theirClient)) {
			assertProblem(other.get("/api/access-requests/" + request), 403, "KRS-403-PROJECT");
			assertProblem(other.get("/api/access-requests?project_id=" + w.project()), 403, "KRS-403-PROJECT");
			assertProblem(other.get("/api/agreements/" + agreement), 403, "KRS-403-PROJECT");
			assertProblem(other.get("/api/agreements/" + agreement + "/usage"), 403, "KRS-403-PROJECT");
			assertProblem(other.get("/api/agreements/" + agreement + "/policy"), 403, "KRS-403-PROJECT");
			assertProblem(other.get("/api/agreements?project_id=" + w.project()), 403, "KRS-403-PROJECT");
			assertProblem(other.get("/api/projects/" + w.project() + "/clients"), 403, "KRS-403-PROJECT");
			assertProblem(other.post("/api/projects/" + w.project() + "/clients", "{}"), 403, "KRS-403-PROJECT");
			assertProblem(other.post("/api/projects/" + w.project() + "/clients/" + client + "/rotate", "{}"), 403,
					"KRS-403-PROJECT");
			assertProblem(other.delete("/api/projects/" + w.project() + "/clients/" + client), 403, "KRS-403-PROJECT");
			assertProblem(other.post("/api/access-requests/" + request + "/withdraw", "{}"), 403, "KRS-403-PROJECT");
			assertProblem(other.post("/api/agreements/" + agreement + "/end", "{}"), 403, "KRS-403-PROJECT");
			assertProblem(other.post("/api/agreements/" + agreement + "/revoke", "{}"), 403, "KRS-403-PRODUCER");
			assertProblem(other.post("/api/access-requests/" + request + "/accept", "{}"), 403, "KRS-403-PRODUCER");
			assertProblem(other.post("/api/projects/" + w.project() + "/access-requests",
					"{\"dataset_id\": \"" + w.datasetId() + "\", \"purpose\": \"x\"}"), 403, "KRS-403-PROJECT");
			Answer gateway = other.get("/gateway/datasets/" + w.datasetId() + "/media/" + w.mediaId());
			assertThat(gateway.status()).isEqualTo(403);
			assertThat(gateway.json().get("code").asString()).isEqualTo("KRS-403-NO-AGREEMENT");
		}
		assertThat(w.reuser().api(port).get("/api/agreements/" + agreement).json().get("state").asString())
				.isEqualTo("ACTIVE");
		assertThat(w.reuser().api(port).get("/api/projects/" + w.project() + "/clients").json()).hasSize(1);
		assertThat(count("select count(*) from access_requests where project_id = ?", w.project())).isEqualTo(1);
	}

	@Test
	void shouldRefuseExpiredAndRevokedAgreements() throws InterruptedException {
		World w = world();
		String client = clientToken(w);
		String expiring = w.editor().api(port).post("/api/access-requests/" + w.ask() + "/accept",
				"{\"end_date\": \"" + OffsetDateTime.now(ZoneOffset.UTC).plusSeconds(2) + "\"}").json()
				.get("agreement_id").asString();
		Thread.sleep(2500);
		assertThat(w.reuser().api(port).get("/api/agreements/" + expiring).json().get("state").asString())
				.isEqualTo("EXPIRED");
		assertProblem(w.editor().api(port).post("/api/agreements/" + expiring + "/revoke", "{}"), 409,
				"KRS-409-AGREEMENT-STATE");
		assertProblem(w.reuser().api(port).post("/api/agreements/" + expiring + "/end", "{}"), 409,
				"KRS-409-AGREEMENT-STATE");
		String gateway = "/gateway/datasets/" + w.datasetId() + "/media/" + w.mediaId();
		assertProblem(w.make().bearer(client).get(gateway), 403, "KRS-403-NO-AGREEMENT");

		String revoked = w.editor().api(port).post("/api/access-requests/" + w.ask() + "/accept", "{}").json()
				.get("agreement_id").asString();
		assertThat(w.editor().api(port).post("/api/agreements/" + revoked + "/revoke", "{}").status()).isEqualTo(200);
		assertProblem(w.make().bearer(client).get(gateway), 403, "KRS-403-NO-AGREEMENT");
		assertProblem(w.reuser().api(port).post("/api/agreements/" + revoked + "/end", "{}"), 409,
				"KRS-409-AGREEMENT-STATE");
		assertThat(w.reuser().api(port).get("/api/agreements/" + revoked).json().get("history")
				.findValuesAsString("state")).containsExactly("ACTIVE", "REVOKED");
		// unknown ids and ids that are not ids: 404 with the module's codes
		assertProblem(w.reuser().api(port).get("/api/agreements/" + UUID.randomUUID()), 404, "KRS-404-AGREEMENT");
		assertProblem(w.reuser().api(port).get("/api/agreements/pas-un-id/usage"), 404, "KRS-404-AGREEMENT");
		assertProblem(w.editor().api(port).post("/api/access-requests/pas-un-id/accept", "{}"), 404,
				"KRS-404-ACCESS-REQUEST");
	}

	private String clientToken(World w) {
		Answer created = w.reuser().api(port).post("/api/projects/" + w.project() + "/clients", "{}");
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		return w.make().clientToken(created.json().get("client_id").asString(),
				created.json().get("client_secret").asString());
	}

	/** A self-data dataset of this producer served by API; its id. */
	private String selfData(UUID producer) {
		ObjectNode record = RudiRecords.open(Reusers.unique("Collectes"), producer, "Producteur",
				"d41d8cd98f00b204e9800998ecf8427e", 0);
		((ObjectNode) record.at("/access_condition/confidentiality")).put("restricted_access", true)
				.put("gdpr_sensitive", true);
		JsonMapper json = JsonMapper.builder().build();
		record.set("ext_metadata", json.readTree("""
				{"ext_selfdata": {"ext_selfdata_content": {
				  "matching_data": [{"code": "email", "type": "STRING", "required": true,
				                     "label": [{"lang": "fr", "text": "Courriel"}]}],
				  "selfdata_access": "API", "selfdata_held": "collectes", "selfdata_categories": ["IDENTITY_DATA"],
				  "storage_period": {"value": 6, "unit": "MONTHS"}, "treatment_period": {"value": 30, "unit": "DAYS"},
				  "deletable_data": false, "deletion_reason": ["Obligation légale"]}}}"""));
		record.set("available_formats", json.readTree("""
				[{"media_type": "SERVICE", "media_id": "%s", "media_name": "generic-data",
				  "connector": {"url": "https://node.example.org/api/gdata", "interface_contract": "generic-data"}},
				 {"media_type": "SERVICE", "media_id": "%s", "media_name": "temporal-bar-chart",
				  "connector": {"url": "https://node.example.org/api/tpbc", "interface_contract": "temporal-bar-chart"}}]
				""".formatted(UUID.randomUUID(), UUID.randomUUID())));
		Answer created = TestHttp.admin(port).post("/api/v1/resources", RudiRecords.write(record));
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		return record.get("global_id").asString();
	}

	private long count(String sql, Object... params) {
		var statement = jdbc.sql(sql);
		for (Object param : params) {
			statement = statement.param(UUID.fromString(param.toString()));
		}
		return statement.query(Long.class).single();
	}

	private static void assertProblem(Answer answer, int status, String code) {
		assertThat(answer.status()).as(answer.body()).isEqualTo(status);
		assertThat(answer.header("Content-Type")).as(answer.body()).startsWith("application/problem+json");
		assertThat(answer.json().get("code").asString()).as(answer.body()).isEqualTo(code);
	}
}
