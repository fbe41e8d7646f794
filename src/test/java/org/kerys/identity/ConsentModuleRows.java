package org.kerys.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.kerys.identity.AccessMatrixTests.one;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.kerys.TestHttp;
import org.kerys.TestHttp.Answer;
import org.kerys.consent.ConsentFixtures;
import org.kerys.identity.AccessMatrixTests.Row;
import org.kerys.identity.AccessMatrixTests.Subject;
import org.kerys.selfdata.store.StorePagesTestSupport;

/**
 * The rows of the access matrix for the consent module ({@code docs/consent.md}, "Who may do what"). Organisation A
 * is the controller: its editors and admins write its treatments; its project (owned by A) asks citizens for a
 * self-data dataset's data, through A's members; the citizen column consents. A consent asked by anyone but its
 * citizen is 404 (counted as "allowed to ask"; {@code ConsentBadInputTests} checks the 404). The gateway's
 * third-party fetch answers project clients only (no column here: {@code ConsentApiTests}).
 */
final class ConsentModuleRows {

	// Columns:                        anon cit  mA   eA   aA   mB   eB   aB   mod  adm  w/o  nodeA nodeB invalid
	static final String PUBLIC =          "ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   401";
	/** any person; not machines */
	static final String ACCOUNT =         "401  ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   403  403  401";
	/** editors and admins of the treatment's organisation A (administrators are not A's controller) */
	static final String TREATMENT_WRITE = "401  403  403  ok   ok   403  403  403  403  403  403  403  403  401";
	/** members of the project (A's members, the project being A's); its client too, not a column here */
	static final String PROJECT_SIDE =    "401  403  ok   ok   ok   403  403  403  403  403  403  403  403  401";
	/** project clients only */
	static final String PROJECT_CLIENT =  "401  403  403  403  403  403  403  403  403  403  403  403  403  401";

	private final AccessMatrixTests m;
	private String treatment;
	private String project;
	private UUID dataset;
	private String request;
	private String closable;
	private String consent;

	ConsentModuleRows(AccessMatrixTests matrix) {
		this.m = matrix;
	}

	List<Row> rows() {
		List<Row> rows = new ArrayList<>();
		rows.add(new Row("POST /api/treatments", true, null, TREATMENT_WRITE, (s, http) -> one(http.post(
				"/api/treatments", ConsentFixtures.treatment(m.organizationA, "P1Y")))));
		rows.add(new Row("GET /api/treatments", true, null, PUBLIC, (s, http) -> one(http.get("/api/treatments"))));
		rows.add(new Row("GET /api/treatments/{id}", true, null, PUBLIC,
				(s, http) -> one(http.get("/api/treatments/" + treatment()))));
		rows.add(new Row("POST /api/treatments/{id}/versions", true, null, TREATMENT_WRITE, (s, http) -> one(http.post(
				"/api/treatments/" + treatment() + "/versions", content()))));
		rows.add(new Row("PUT /api/treatments/{id}/versions/{version}", true, null, TREATMENT_WRITE,
				(s, http) -> one(http.put("/api/treatments/" + treatment() + "/versions/1", content()))));
		rows.add(new Row("GET /api/treatments/{id}/versions/{version}", true, null, PUBLIC,
				(s, http) -> one(http.get("/api/treatments/" + treatment() + "/versions/1"))));
		rows.add(new Row("POST /api/treatments/{id}/versions/{version}/publish", true, null, TREATMENT_WRITE,
				(s, http) -> one(http.post("/api/treatments/" + treatment() + "/versions/99/publish", ""))));
		rows.add(new Row("POST /api/projects/{id}/consent-requests", true, null, PROJECT_SIDE,
				(s, http) -> one(http.post("/api/projects/" + project() + "/consent-requests",
						"{\"treatment_id\": \"" + treatment() + "\", \"dataset_id\": \"" + dataset() + "\"}"))));
		rows.add(new Row("GET /api/projects/{id}/consent-requests", true, null, PROJECT_SIDE,
				(s, http) -> one(http.get("/api/projects/" + project() + "/consent-requests"))));
		rows.add(new Row("GET /api/consent-requests/{id}", true, null, ACCOUNT,
				(s, http) -> one(http.get("/api/consent-requests/" + request()))));
		rows.add(new Row("POST /api/consent-requests/{id}/close", true, null, PROJECT_SIDE,
				(s, http) -> one(http.post("/api/consent-requests/" + closable() + "/close", ""))));
		rows.add(new Row("GET /api/projects/{id}/consented-subjects", true, null, PROJECT_SIDE,
				(s, http) -> one(http.get("/api/projects/" + project() + "/consented-subjects"))));
		rows.add(new Row("POST /api/consents", true, null, ACCOUNT, (s, http) -> one(http.post("/api/consents",
				"{\"treatment_id\": \"" + treatment() + "\", \"version\": 1, \"scope\": {\"dataset_id\": \"" + dataset()
						+ "\", \"project_id\": \"" + project() + "\"}}"))));
		rows.add(new Row("GET /api/consents/{id}", true, null, ACCOUNT,
				(s, http) -> one(http.get("/api/consents/" + consent()))));
		rows.add(new Row("GET /api/consents/{id}/receipt", true, null, ACCOUNT,
				(s, http) -> one(http.get("/api/consents/" + consent() + "/receipt"))));
		rows.add(new Row("POST /api/consents/{id}/withdraw", true, null, ACCOUNT,
				(s, http) -> one(http.post("/api/consents/" + consent() + "/withdraw", ""))));
		rows.add(new Row("POST /api/consents/verify", true, null, PUBLIC,
				(s, http) -> one(http.post("/api/consents/verify", "{\"receipt\": \"a.b.c\"}"))));
		rows.add(new Row("GET /api/me/consents", true, null, ACCOUNT, (s, http) -> one(http.get("/api/me/consents"))));
		rows.add(new Row("GET /api/me/consents/export", true, null, ACCOUNT,
				(s, http) -> one(http.get("/api/me/consents/export"))));
		for (String kind : List.of("gdata", "tpbc")) {
			rows.add(new Row("GET /gateway/selfdata/{datasetId}/{subjectRef}/" + kind, true, null, PROJECT_CLIENT,
					(s, http) -> one(http.get("/gateway/selfdata/" + dataset() + "/sr_unknown/" + kind))));
		}
		return rows;
	}

	private static String content() {
		return ConsentFixtures.treatment(UUID.randomUUID(), "P1Y").replaceFirst("\"organization_id\": \"[^\"]+\",", "");
	}

	private TestHttp as(Subject subject) {
		return TestHttp.anonymous(m.port).withHeader("Authorization", "Bearer " + m.tokens.get(subject));
	}

	/** A's treatment, published. */
	private String treatment() {
		if (treatment == null) {
			treatment = published();
		}
		return treatment;
	}

	private String published() {
		Answer created = as(Subject.EDITOR_A).post("/api/treatments", ConsentFixtures.treatment(m.organizationA, "P1Y"));
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		String id = created.json().get("id").asString();
		assertThat(as(Subject.EDITOR_A).post("/api/treatments/" + id + "/versions/1/publish", "").status()).isEqualTo(200);
		return id;
	}

	/** A's project, asking for a store dataset under A's treatment. */
	private String project() {
		if (project == null) {
			Answer created = as(Subject.EDITOR_A).post("/api/projects", """
					{"title": "Projet de la matrice", "type": "service", "owner_organization_id": "%s"}"""
					.formatted(m.organizationA));
			assertThat(created.status()).as(created.body()).isEqualTo(201);
			project = created.json().get("id").asString();
			dataset = StorePagesTestSupport.storeDataset(m.port);
			request = ask(treatment());
			closable = ask(published());
		}
		return project;
	}

	private String ask(String treatmentId) {
		Answer asked = as(Subject.EDITOR_A).post("/api/projects/" + project + "/consent-requests",
				"{\"treatment_id\": \"" + treatmentId + "\", \"dataset_id\": \"" + dataset + "\"}");
		assertThat(asked.status()).as(asked.body()).isEqualTo(201);
		return asked.json().get("id").asString();
	}

	private UUID dataset() {
		project();
		return dataset;
	}

	private String request() {
		project();
		return request;
	}

	private String closable() {
		project();
		return closable;
	}

	/** The citizen's consent, after they got their data. */
	private String consent() throws InterruptedException {
		if (consent == null) {
			project();
			TestHttp citizen = as(Subject.CITIZEN);
			Answer submitted = citizen.post("/api/selfdata/requests", """
					{"dataset_id": "%s", "matching": {"card_number": "12345", "last_name": "Dupont",
					 "birth_date": "1980-03-05"}}""".formatted(dataset));
			assertThat(submitted.status()).as(submitted.body()).isEqualTo(201);
			long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
			while (!"COMPLETED".equals(citizen.get("/api/selfdata/requests/" + submitted.json().get("id").asString())
					.json().get("status").asString())) {
				assertThat(System.nanoTime()).isLessThan(deadline);
				Thread.sleep(100);
			}
			Answer given = citizen.post("/api/consents", "{\"treatment_id\": \"" + treatment
					+ "\", \"version\": 1, \"scope\": {\"dataset_id\": \"" + dataset + "\", \"project_id\": \"" + project
					+ "\"}}");
			assertThat(given.status()).as(given.body()).isIn(201, 409);
			consent = given.status() == 201 ? given.json().get("id").asString()
					: citizen.get("/api/me/consents").json().at("/0/id").asString();
		}
		return consent;
	}
}
