package org.kerys.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.kerys.identity.AccessMatrixTests.one;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.kerys.RudiRecords;
import org.kerys.TestHttp;
import org.kerys.TestHttp.Answer;
import org.kerys.identity.AccessMatrixTests.Row;
import org.kerys.identity.AccessMatrixTests.Subject;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The rows of the access matrix for the self-data module ({@code docs/selfdata.md}, "Who sees what"). The
 * self-data datasets are A's; the citizen column owns the requests. A request, or the data it links to, asked by id
 * by anyone but its citizen is 404 (not 403: nobody learns that it exists), which the matrix counts as "allowed to
 * ask"; that every other account gets 404 is checked by {@code SelfdataIdorTests}. Tasks are A's members' only:
 * administrators included, nobody else sees a citizen's values.
 */
final class SelfdataModuleRows {

	// Columns:                   anon cit  mA   eA   aA   mB   eB   aB   mod  adm  w/o  nodeA nodeB invalid
	/** any person (for themself); not machines */
	static final String ACCOUNT =        "401  ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   403  403  401";
	/** the members (any role) of the producer organisation A, and nobody else */
	static final String PRODUCER_MEMBERS = "401 403 ok   ok   ok   403  403  403  403  403  403  403  403  401";

	private static final JsonMapper json = JsonMapper.builder().build();

	private final AccessMatrixTests m;
	private String request;
	private String store;

	SelfdataModuleRows(AccessMatrixTests matrix) {
		this.m = matrix;
	}

	List<Row> rows() {
		List<Row> rows = new ArrayList<>();
		rows.add(new Row("POST /api/selfdata/requests", true, null, ACCOUNT, (s, http) -> one(http.post(
				"/api/selfdata/requests", "{\"dataset_id\":\"" + dataset("API") + "\",\"matching\":{\"email\":\"m@a.fr\"}}"))));
		rows.add(new Row("GET /api/selfdata/requests", true, null, ACCOUNT,
				(s, http) -> one(http.get("/api/selfdata/requests"))));
		rows.add(new Row("GET /api/selfdata/requests/{id}", true, null, ACCOUNT,
				(s, http) -> one(http.get("/api/selfdata/requests/" + request()))));
		rows.add(new Row("POST /api/selfdata/requests/{id}/cancel", true, null, ACCOUNT,
				(s, http) -> one(http.post("/api/selfdata/requests/" + request() + "/cancel", "{}"))));
		rows.add(new Row("POST /api/selfdata/requests/{id}/resubmit", true, null, ACCOUNT,
				(s, http) -> one(http.post("/api/selfdata/requests/" + request() + "/resubmit", "{}"))));
		String dataset = "/api/selfdata/" + UUID.nameUUIDFromBytes("matrice".getBytes());
		for (String path : List.of("/gdata", "/gdata.csv", "/tpbc", "/tpbc.csv")) {
			rows.add(new Row("GET /api/selfdata/{datasetId}" + path, true, null, ACCOUNT,
					(s, http) -> one(http.get(dataset + path))));
		}
		rows.add(new Row("DELETE /api/selfdata/{datasetId}/link", true, null, ACCOUNT,
				(s, http) -> one(http.delete(dataset + "/link"))));
		rows.add(new Row("POST /api/selfdata/{datasetId}/erasure", true, null, ACCOUNT,
				(s, http) -> one(http.post(dataset + "/erasure", "{}"))));
		rows.add(new Row("POST /api/selfdata/{datasetId}/rectification", true, null, ACCOUNT,
				(s, http) -> one(http.post(dataset + "/rectification", "{\"message\":\"x\"}"))));
		rows.add(new Row("GET /api/me/data-accesses", true, null, ACCOUNT,
				(s, http) -> one(http.get("/api/me/data-accesses"))));
		// the producer's tasks
		rows.add(new Row("GET /api/selfdata/tasks", true, null, PRODUCER_MEMBERS,
				(s, http) -> one(http.get("/api/selfdata/tasks?organization_id=" + m.organizationA))));
		rows.add(new Row("GET /api/selfdata/tasks/{id}", true, null, PRODUCER_MEMBERS,
				(s, http) -> one(http.get("/api/selfdata/tasks/" + newTask()))));
		rows.add(new Row("GET /api/selfdata/tasks/{id}/attachments/{attachmentId}", true, null, PRODUCER_MEMBERS,
				(s, http) -> one(http.get("/api/selfdata/tasks/" + newTask() + "/attachments/" + UUID.randomUUID()))));
		rows.add(new Row("POST /api/selfdata/tasks/{id}/treat", true, null, PRODUCER_MEMBERS,
				(s, http) -> one(http.post("/api/selfdata/tasks/" + newTask() + "/treat", "{\"outcome\":\"NOT_FOUND\"}"))));
		// the built-in personal-data store (selfstore): A's editors and admins (media.write) replace it; A's members see
		// its status; nobody else, administrators included (the probe endpoint exists only in the benchmark)
		rows.add(new Row("PUT /api/selfdata/{datasetId}/store", true, TokenScope.MEDIA_WRITE,
				"401  403  403  ok   ok   403  403  403  403  403  403  403  403  401",
				(s, http) -> one(http.put(store(), "[]")))); // allowed callers get 415 (not multipart): "ok"
		rows.add(new Row("GET /api/selfdata/{datasetId}/store", true, null, PRODUCER_MEMBERS,
				(s, http) -> one(http.get(store()))));
		return rows;
	}

	/** The store of one self-data dataset of A, made on first use (rows are listed before the fixtures exist). */
	private String store() {
		if (store == null) {
			store = "/api/selfdata/" + dataset("API") + "/store";
		}
		return store;
	}

	private TestHttp citizen() {
		return TestHttp.anonymous(m.port).withHeader("Authorization", "Bearer " + m.tokens.get(Subject.CITIZEN));
	}

	/** A new self-data dataset of A (API: a node that does not answer; OUT: a task of A's members). */
	private String dataset(String access) {
		return dataset(m, access);
	}

	/** A new self-data dataset of A (an email to match; API or OUT), made through the API. */
	static String dataset(AccessMatrixTests m, String access) {
		ObjectNode record = m.datasetRecord();
		((ObjectNode) record.at("/access_condition/confidentiality")).put("restricted_access", true)
				.put("gdpr_sensitive", true);
		record.set("ext_metadata", json.readTree("""
				{"ext_selfdata": {"ext_selfdata_content": {
				  "matching_data": [{"code": "email", "type": "STRING", "required": true}],
				  "selfdata_access": "%s", "selfdata_held": "matrice", "selfdata_categories": ["IDENTITY_DATA"],
				  "storage_period": {"value": 6, "unit": "MONTHS"}, "treatment_period": {"value": 30, "unit": "DAYS"},
				  "deletable_data": true}}}""".formatted(access)));
		record.set("available_formats", json.readTree("""
				[{"media_type": "SERVICE", "media_id": "%s", "media_name": "generic-data",
				  "connector": {"url": "https://node.invalid/endpoints/g", "interface_contract": "generic-data"}},
				 {"media_type": "SERVICE", "media_id": "%s", "media_name": "temporal-bar-chart",
				  "connector": {"url": "https://node.invalid/endpoints/t", "interface_contract": "temporal-bar-chart"}}]
				""".formatted(UUID.randomUUID(), UUID.randomUUID())));
		Answer created = m.root.post("/api/v1/resources", RudiRecords.write(record));
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		return record.get("global_id").asString();
	}

	/** The citizen's request (OUT, so that it stays open). */
	private String request() {
		if (request == null) {
			request = citizenRequest();
		}
		return request;
	}

	private String citizenRequest() {
		Answer asked = citizen().post("/api/selfdata/requests",
				"{\"dataset_id\":\"" + dataset("OUT") + "\",\"matching\":{\"email\":\"matrice@example.org\"}}");
		assertThat(asked.status()).as(asked.body()).isEqualTo(201);
		return asked.json().get("id").asString();
	}

	/** A new open OUT task of A. */
	private String newTask() {
		String id = citizenRequest();
		Answer shown = citizen().get("/api/selfdata/requests/" + id);
		return shown.json().at("/tasks/0/id").asString();
	}
}
