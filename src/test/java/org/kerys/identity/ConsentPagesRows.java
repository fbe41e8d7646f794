package org.kerys.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.kerys.identity.AccessMatrixTests.one;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.kerys.TestHttp;
import org.kerys.TestHttp.Answer;
import org.kerys.identity.AccessMatrixTests.Row;
import org.kerys.identity.AccessMatrixTests.Subject;

/**
 * The rows of the access matrix for the consent pages (sessions; the same decisions as the consent API, through
 * {@code ConsentRules}). Those signed out, and bearer tokens (pages read none), are sent to the login form. The
 * treatment is A's, published (anyone signed in reads it; its editors and admins write it); the project is B's (its
 * members ask citizens, under a published treatment of B, for the data of a self-data dataset of A). A consent or a
 * request asked by anyone but its owner is 404, which the matrix counts as allowed to ask (ConsentPagesTests checks
 * the 404s).
 */
final class ConsentPagesRows {

	// Columns:                      anon  cit  mA   eA   aA   mB   eB   aB   mod  adm  w/o   nodeA nodeB invalid
	static final String PAGE_ACCOUNT =      "login ok   ok   ok   ok   ok   ok   ok   ok   ok   login login login login";
	/** editors and admins of some organisation: they write its treatments */
	static final String PAGE_SOME_EDITOR =  "login 403  403  ok   ok   403  ok   ok   403  403  login login login login";
	/** editors and admins of A, whose treatment it is */
	static final String PAGE_TREATMENT_WRITE = "login 403 403 ok   ok   403  403  403  403  403  login login login login";
	/** the members of B's project */
	static final String PAGE_PROJECT_MEMBER = "login 403 403  403  403  ok   ok   ok   403  403  login login login login";

	private final AccessMatrixTests m;
	private String treatment;
	private String project;
	private String request;

	ConsentPagesRows(AccessMatrixTests matrix) {
		this.m = matrix;
	}

	List<Row> rows() {
		List<Row> rows = new ArrayList<>();
		// the organisations' processing records
		rows.add(new Row("GET /treatments", true, null, PAGE_ACCOUNT, (s, http) -> one(m.page(s, "/treatments"))));
		rows.add(new Row("GET /treatments/new", true, null, PAGE_SOME_EDITOR,
				(s, http) -> one(m.page(s, "/treatments/new"))));
		rows.add(new Row("POST /treatments/new", true, null, PAGE_SOME_EDITOR,
				(s, http) -> one(m.form(s, "/treatments/new", Map.of()))));
		rows.add(new Row("GET /treatments/{id}", true, null, PAGE_ACCOUNT,
				(s, http) -> one(m.page(s, "/treatments/" + treatment()))));
		rows.add(new Row("GET /treatments/{id}/versions/new", true, null, PAGE_TREATMENT_WRITE,
				(s, http) -> one(m.page(s, "/treatments/" + treatment() + "/versions/new"))));
		// an empty form: 400 for those who write
		rows.add(new Row("POST /treatments/{id}/versions/new", true, null, PAGE_TREATMENT_WRITE,
				(s, http) -> one(m.form(s, "/treatments/" + treatment() + "/versions/new", Map.of()))));
		// version 1 is published: its editors are sent back to the treatment (GET) or told it never changes (409)
		rows.add(new Row("GET /treatments/{id}/versions/{version}/edit", true, null, PAGE_TREATMENT_WRITE,
				(s, http) -> one(m.page(s, "/treatments/" + treatment() + "/versions/1/edit"))));
		rows.add(new Row("POST /treatments/{id}/versions/{version}/edit", true, null, PAGE_TREATMENT_WRITE,
				(s, http) -> one(m.form(s, "/treatments/" + treatment() + "/versions/1/edit", Map.of()))));
		rows.add(new Row("POST /treatments/{id}/versions/{version}/publish", true, null, PAGE_TREATMENT_WRITE,
				(s, http) -> one(m.form(s, "/treatments/" + treatment() + "/versions/1/publish", Map.of()))));
		// the citizens' side: a request's screen is for anyone signed in; consenting without the data is refused on
		// the page it leads back to (a message, not a refusal of the right)
		rows.add(new Row("GET /consent-requests/{id}", true, null, PAGE_ACCOUNT,
				(s, http) -> one(m.page(s, "/consent-requests/" + request()))));
		rows.add(new Row("POST /consent-requests/{id}/consent", true, null, PAGE_ACCOUNT,
				(s, http) -> one(m.form(s, "/consent-requests/" + request() + "/consent", Map.of("version", "1")))));
		rows.add(new Row("GET /consents", true, null, PAGE_ACCOUNT, (s, http) -> one(m.page(s, "/consents"))));
		rows.add(new Row("GET /consents/export.json", true, null, PAGE_ACCOUNT,
				(s, http) -> one(m.page(s, "/consents/export.json"))));
		rows.add(new Row("POST /consents/{id}/withdraw", true, null, PAGE_ACCOUNT,
				(s, http) -> one(m.form(s, "/consents/" + UUID.randomUUID() + "/withdraw", Map.of()))));
		rows.add(new Row("GET /consents/{id}/receipt", true, null, PAGE_ACCOUNT,
				(s, http) -> one(m.page(s, "/consents/" + UUID.randomUUID() + "/receipt"))));
		// the project's side
		rows.add(new Row("GET /projects/{id}/consent-requests", true, null, PAGE_PROJECT_MEMBER,
				(s, http) -> one(m.page(s, "/projects/" + project() + "/consent-requests"))));
		// an empty form: 400 for its members
		rows.add(new Row("POST /projects/{id}/consent-requests", true, null, PAGE_PROJECT_MEMBER,
				(s, http) -> one(m.form(s, "/projects/" + project() + "/consent-requests", Map.of()))));
		// closing the request again is nothing new: back to the page
		rows.add(new Row("POST /projects/{id}/consent-requests/{requestId}/close", true, null, PAGE_PROJECT_MEMBER,
				(s, http) -> one(m.form(s, "/projects/" + project() + "/consent-requests/" + request() + "/close",
						Map.of()))));
		return rows;
	}

	private TestHttp as(Subject subject) {
		return TestHttp.anonymous(m.port).withHeader("Authorization", "Bearer " + m.tokens.get(subject));
	}

	/** A treatment of A, version 1 published by A's editor. */
	private String treatment() {
		if (treatment == null) {
			treatment = published(Subject.EDITOR_A, m.organizationA);
		}
		return treatment;
	}

	private String published(Subject editor, UUID organization) {
		Answer created = as(editor).post("/api/treatments", """
				{"organization_id": "%s", "title": {"fr": "Matrice"}, "controller": {"name": "Matrice"},
				 "dpo": {"email": "dpo@example.org"}, "purposes": [{"fr": "Matrice"}], "legal_basis": "consent",
				 "data_categories": [{"fr": "Matrice"}], "retention": {"duration": "P1Y"}}""".formatted(organization));
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		String id = created.json().get("id").asString();
		Answer published = as(editor).post("/api/treatments/" + id + "/versions/1/publish", "");
		assertThat(published.status()).as(published.body()).isEqualTo(200);
		return id;
	}

	/** A project of B, made by B's admin. */
	private String project() {
		if (project == null) {
			Answer created = as(Subject.ADMIN_B).post("/api/projects", "{\"title\":\"Projet de B\",\"type\":\"study\","
					+ "\"owner_organization_id\":\"" + m.organizationB + "\"}");
			assertThat(created.status()).as(created.body()).isEqualTo(201);
			project = created.json().get("id").asString();
		}
		return project;
	}

	/** B's project's request for the data of a self-data dataset of A, under a published treatment of B. */
	private String request() {
		if (request == null) {
			String treatmentOfB = published(Subject.EDITOR_B, m.organizationB);
			Answer asked = as(Subject.ADMIN_B).post("/api/projects/" + project() + "/consent-requests",
					"{\"treatment_id\": \"" + treatmentOfB + "\", \"dataset_id\": \"" + SelfdataModuleRows.dataset(m, "OUT")
							+ "\"}");
			assertThat(asked.status()).as(asked.body()).isEqualTo(201);
			request = asked.json().get("id").asString();
		}
		return request;
	}
}
