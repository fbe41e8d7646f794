package org.kerys.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.kerys.identity.AccessMatrixTests.one;

import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.kerys.RudiRecords;
import org.kerys.TestHttp;
import org.kerys.TestHttp.Answer;
import org.kerys.identity.AccessMatrixTests.Row;
import org.kerys.identity.AccessMatrixTests.Subject;
import tools.jackson.databind.node.ObjectNode;

/**
 * The rows of the access matrix for the access module ({@code docs/security.md}, "Projects, requests and
 * agreements"). Organisation A produces the restricted dataset; the project belongs to organisation B (made by B's
 * admin), so B's members are the project's members; A's editors and admins decide.
 */
final class AccessModuleRows {

	// Columns:                   anon cit  mA   eA   aA   mB   eB   aB   mod  adm  w/o  nodeA nodeB invalid
	static final String ACCOUNT =        "401  ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   403  403  401";
	static final String PUBLIC =         "ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   401";
	/** the project's members and client, moderators, administrators */
	static final String PROJECT_READ =   "401  403  403  403  403  ok   ok   ok   ok   ok   ok   403  403  401";
	/** the project's members (people) */
	static final String PROJECT_MEMBER = "401  403  403  403  403  ok   ok   ok   403  403  403  403  403  401";
	/** moderators and administrators */
	static final String MODERATION =     "401  403  403  403  403  403  403  403  ok   ok   ok   403  403  401";
	/** the producer's members (its inbox), administrators */
	static final String PRODUCER_READ =  "401  403  ok   ok   ok   403  403  403  403  ok   ok   403  403  401";
	/** both sides of a request or agreement, administrators */
	static final String BOTH_SIDES =     "401  403  ok   ok   ok   ok   ok   ok   403  ok   ok   403  403  401";
	/** the producer's editors and admins only */
	static final String PRODUCER_DECIDES = "401 403  403  ok   ok   403  403  403  403  403  403  403  403  401";

	// the pages (sessions; a form posts the session's CSRF token): "login" is the login form for those signed out
	static final String PAGE_ACCOUNT =   "login ok  ok   ok   ok   ok   ok   ok   ok   ok   login login login login";
	static final String PAGE_EVERYONE =  "ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok";
	static final String PAGE_PROJECT_READ = "login 403 403 403 403 ok  ok   ok   ok   ok   login login login login";
	static final String PAGE_PROJECT_MEMBER = "login 403 403 403 403 ok ok   ok   403  403  login login login login";
	static final String PAGE_PRODUCER_DECIDES = "login 403 403 ok ok  403  403  403  403  403  login login login login";
	static final String PAGE_MODERATION = "login 403 403 403 403 403 403  403  ok   ok   login login login login";

	private final AccessMatrixTests m;
	private String project;
	private String reuse;
	private String request;
	private String agreement;
	private String client;

	AccessModuleRows(AccessMatrixTests matrix) {
		this.m = matrix;
	}

	List<Row> rows() {
		List<Row> rows = new ArrayList<>();
		rows.add(new Row("POST /api/projects", true, null, ACCOUNT,
				(s, http) -> one(http.post("/api/projects", "{\"title\":\"Matrice\",\"type\":\"study\"}"))));
		rows.add(new Row("GET /api/projects", true, null, ACCOUNT, (s, http) -> one(http.get("/api/projects"))));
		rows.add(new Row("GET /api/projects/{id}", true, null, PROJECT_READ,
				(s, http) -> one(http.get("/api/projects/" + project()))));
		rows.add(new Row("PUT /api/projects/{id}", true, null, PROJECT_MEMBER, (s, http) -> one(http.put(
				"/api/projects/" + project(), "{\"title\":\"Matrice\",\"type\":\"study\",\"owner_organization_id\":\""
						+ m.organizationB + "\"}"))));
		rows.add(new Row("PATCH /api/projects/{id}", true, null, PROJECT_MEMBER, (s, http) -> one(http.send(http
				.request("/api/projects/" + project()).header("Content-Type", "application/json")
				.method("PATCH", HttpRequest.BodyPublishers.ofString("{\"description\":\"Matrice\"}"))))));
		rows.add(new Row("POST /api/projects/{id}/datasets", true, null, PROJECT_MEMBER, (s, http) -> one(
				http.post("/api/projects/" + project() + "/datasets", "{\"dataset_id\":\"" + m.datasetOfA + "\"}"))));
		rows.add(new Row("DELETE /api/projects/{id}/datasets/{datasetId}", true, null, PROJECT_MEMBER,
				(s, http) -> one(http.delete("/api/projects/" + project() + "/datasets/" + UUID.randomUUID()))));
		rows.add(new Row("POST /api/projects/{id}/data-requests", true, null, PROJECT_MEMBER, (s, http) -> one(
				http.post("/api/projects/" + project() + "/data-requests", "{\"title\":\"Données manquantes\"}"))));
		rows.add(new Row("GET /api/admin/data-requests", true, null, MODERATION,
				(s, http) -> one(http.get("/api/admin/data-requests"))));
		rows.add(new Row("GET /api/reuses", true, null, PUBLIC, (s, http) -> one(http.get("/api/reuses?limit=1"))));
		rows.add(new Row("GET /api/reuses/{id}", true, null, PUBLIC, (s, http) -> one(http.get("/api/reuses/" + reuse()))));
		rows.add(new Row("GET /api/datasets/{globalId}/reuses", true, null, PUBLIC,
				(s, http) -> one(http.get("/api/datasets/" + m.datasetOfA + "/reuses"))));
		rows.add(new Row("GET /api/admin/projects", true, null, MODERATION,
				(s, http) -> one(http.get("/api/admin/projects"))));
		rows.add(new Row("POST /api/admin/projects/{id}/moderation", true, null, MODERATION, (s, http) -> one(
				http.post("/api/admin/projects/" + project() + "/moderation", "{\"decision\":\"approve\"}"))));
		// access requests: the project's members ask (a second pending request is 409: allowed to ask)
		rows.add(new Row("POST /api/projects/{id}/access-requests", true, null, PROJECT_MEMBER,
				(s, http) -> one(http.post("/api/projects/" + project() + "/access-requests", "{\"dataset_id\":\""
						+ m.restrictedDatasetOfA + "\",\"purpose\":\"Matrice\"}"))));
		rows.add(new Row("GET /api/access-requests", true, null, PRODUCER_READ,
				(s, http) -> one(http.get("/api/access-requests?organization_id=" + m.organizationA))));
		rows.add(new Row("GET /api/access-requests/{id}", true, null, BOTH_SIDES,
				(s, http) -> one(http.get("/api/access-requests/" + request()))));
		// once decided, a request is 409 for those who may decide: still allowed to ask
		rows.add(new Row("POST /api/access-requests/{id}/accept", true, null, PRODUCER_DECIDES,
				(s, http) -> one(http.post("/api/access-requests/" + newRequest() + "/accept", "{}"))));
		rows.add(new Row("POST /api/access-requests/{id}/reject", true, null, PRODUCER_DECIDES, (s, http) -> one(
				http.post("/api/access-requests/" + newRequest() + "/reject", "{\"message\":\"Non\"}"))));
		rows.add(new Row("POST /api/access-requests/{id}/withdraw", true, null, PROJECT_MEMBER,
				(s, http) -> one(http.post("/api/access-requests/" + newRequest() + "/withdraw", "{}"))));
		// agreements
		rows.add(new Row("GET /api/agreements", true, null, PRODUCER_READ,
				(s, http) -> one(http.get("/api/agreements?organization_id=" + m.organizationA))));
		rows.add(new Row("GET /api/agreements/{id}", true, null, BOTH_SIDES,
				(s, http) -> one(http.get("/api/agreements/" + agreement()))));
		rows.add(new Row("GET /api/agreements/{id}/policy", true, null, BOTH_SIDES,
				(s, http) -> one(http.get("/api/agreements/" + agreement() + "/policy"))));
		rows.add(new Row("POST /api/agreements/{id}/revoke", true, null, PRODUCER_DECIDES,
				(s, http) -> one(http.post("/api/agreements/" + newAgreement() + "/revoke", "{}"))));
		rows.add(new Row("POST /api/agreements/{id}/end", true, null, PROJECT_MEMBER,
				(s, http) -> one(http.post("/api/agreements/" + newAgreement() + "/end", "{}"))));
		rows.add(new Row("GET /api/agreements/{id}/usage", true, null, BOTH_SIDES,
				(s, http) -> one(http.get("/api/agreements/" + agreement() + "/usage"))));
		// the gateway: nobody has an agreement on this restricted media (without a token: 401)
		rows.add(new Row("GET /gateway/datasets/{globalId}/media/{mediaId}", true, null,
				"401  403  403  403  403  403  403  403  403  403  403  403  403  401", (s, http) -> one(
						http.get("/gateway/datasets/" + m.restrictedDatasetOfA + "/media/" + m.restrictedMediaOfA))));
		// below a media: the gateway itself decides for every method (a FILE media has no path below it: 404 for
		// everyone who gets past the bearer check; the decision on a SERVICE media is in GatewayServiceTests)
		for (String method : List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")) {
			rows.add(new Row(method + " /gateway/datasets/{globalId}/media/{mediaId}/**", true, null,
					"ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   401",
					(s, http) -> one(http.send(http.request("/gateway/datasets/" + m.restrictedDatasetOfA + "/media/"
							+ m.restrictedMediaOfA + "/x").method(method, java.net.http.HttpRequest.BodyPublishers.noBody())))));
		}
		// project clients
		rows.add(new Row("POST /api/projects/{id}/clients", true, null, PROJECT_MEMBER,
				(s, http) -> one(http.post("/api/projects/" + project() + "/clients", "{\"name\":\"Matrice\"}"))));
		rows.add(new Row("GET /api/projects/{id}/clients", true, null, PROJECT_MEMBER,
				(s, http) -> one(http.get("/api/projects/" + project() + "/clients"))));
		rows.add(new Row("POST /api/projects/{id}/clients/{clientId}/rotate", true, null, PROJECT_MEMBER,
				(s, http) -> one(http.post("/api/projects/" + project() + "/clients/" + client() + "/rotate", ""))));
		rows.add(new Row("DELETE /api/projects/{id}/clients/{clientId}", true, null, PROJECT_MEMBER,
				(s, http) -> one(http.delete("/api/projects/" + project() + "/clients/" + newClient()))));
		// the account's notifications
		rows.add(new Row("GET /api/me/notifications", true, null, ACCOUNT,
				(s, http) -> one(http.get("/api/me/notifications"))));
		rows.add(new Row("POST /api/me/notifications/read", true, null, ACCOUNT,
				(s, http) -> one(http.post("/api/me/notifications/read", ""))));
		rows.addAll(pages());
		return rows;
	}

	/** The access pages: the same decisions as the API's, through {@code AccessRules}. */
	private List<Row> pages() {
		List<Row> rows = new ArrayList<>();
		rows.add(new Row("GET /projects", true, null, PAGE_ACCOUNT, (s, http) -> one(m.page(s, "/projects"))));
		rows.add(new Row("GET /projects/new", true, null, PAGE_ACCOUNT, (s, http) -> one(m.page(s, "/projects/new"))));
		rows.add(new Row("POST /projects/new", true, null, PAGE_ACCOUNT, (s, http) -> one(m.form(s, "/projects/new",
				java.util.Map.of("title", "Matrice", "type", "study")))));
		rows.add(new Row("GET /projects/{id}", true, null, PAGE_PROJECT_READ,
				(s, http) -> one(m.page(s, "/projects/" + project()))));
		rows.add(new Row("GET /projects/{id}/edit", true, null, PAGE_PROJECT_MEMBER,
				(s, http) -> one(m.page(s, "/projects/" + project() + "/edit"))));
		rows.add(new Row("POST /projects/{id}/edit", true, null, PAGE_PROJECT_MEMBER, (s, http) -> one(m.form(s,
				"/projects/" + project() + "/edit", java.util.Map.of("title", "Projet de B", "type", "study",
						"owner_organization_id", m.organizationB.toString())))));
		rows.add(new Row("POST /projects/{id}/clients", true, null, PAGE_PROJECT_MEMBER,
				(s, http) -> one(m.form(s, "/projects/" + project() + "/clients", java.util.Map.of("name", "Matrice")))));
		rows.add(new Row("POST /projects/{id}/clients/{clientId}/rotate", true, null, PAGE_PROJECT_MEMBER,
				(s, http) -> one(m.form(s, "/projects/" + project() + "/clients/" + client() + "/rotate",
						java.util.Map.of()))));
		rows.add(new Row("POST /projects/{id}/clients/{clientId}/revoke", true, null, PAGE_PROJECT_MEMBER,
				(s, http) -> one(m.form(s, "/projects/" + project() + "/clients/" + newClient() + "/revoke",
						java.util.Map.of()))));
		rows.add(new Row("POST /projects/{id}/requests/{requestId}/withdraw", true, null, PAGE_PROJECT_MEMBER,
				(s, http) -> one(m.form(s, "/projects/" + project() + "/requests/" + newRequest() + "/withdraw",
						java.util.Map.of()))));
		rows.add(new Row("POST /projects/{id}/agreements/{agreementId}/end", true, null, PAGE_PROJECT_MEMBER,
				(s, http) -> one(m.form(s, "/projects/" + project() + "/agreements/" + newAgreement() + "/end",
						java.util.Map.of()))));
		rows.add(new Row("GET /projects/{id}/datasets", true, null, PAGE_PROJECT_MEMBER,
				(s, http) -> one(m.page(s, "/projects/" + project() + "/datasets"))));
		rows.add(new Row("POST /projects/{id}/datasets", true, null, PAGE_PROJECT_MEMBER, (s, http) -> one(m.form(s,
				"/projects/" + project() + "/datasets", java.util.Map.of("dataset_id", m.restrictedDatasetOfA)))));
		rows.add(new Row("POST /projects/{id}/datasets/{datasetId}/unlink", true, null, PAGE_PROJECT_MEMBER,
				(s, http) -> one(m.form(s, "/projects/" + project() + "/datasets/" + m.restrictedDatasetOfA + "/unlink",
						java.util.Map.of()))));
		rows.add(new Row("POST /projects/{id}/data-requests", true, null, PAGE_PROJECT_MEMBER, (s, http) -> one(
				m.form(s, "/projects/" + project() + "/data-requests", java.util.Map.of("title", "Matrice")))));
		rows.add(new Row("GET /projects/request", true, null, PAGE_ACCOUNT,
				(s, http) -> one(m.page(s, "/projects/request?dataset=" + m.restrictedDatasetOfA))));
		// asking in the name of B's project: its members only (a second pending request is 409: allowed to ask)
		rows.add(new Row("POST /projects/request", true, null, PAGE_PROJECT_MEMBER, (s, http) -> one(m.form(s,
				"/projects/request", java.util.Map.of("dataset", m.restrictedDatasetOfA, "project", project(),
						"purpose", "Matrice")))));
		rows.add(new Row("GET /access/inbox", true, null, PAGE_ACCOUNT, (s, http) -> one(m.page(s, "/access/inbox"))));
		rows.add(new Row("GET /access/inbox?organization={id}", false, null, PAGE_PRODUCER_DECIDES,
				(s, http) -> one(m.page(s, "/access/inbox?organization=" + m.organizationA))));
		rows.add(new Row("POST /access/requests/{id}/accept", true, null, PAGE_PRODUCER_DECIDES,
				(s, http) -> one(m.form(s, "/access/requests/" + newRequest() + "/accept", java.util.Map.of()))));
		rows.add(new Row("POST /access/requests/{id}/reject", true, null, PAGE_PRODUCER_DECIDES, (s, http) -> one(
				m.form(s, "/access/requests/" + newRequest() + "/reject", java.util.Map.of("message", "Non")))));
		rows.add(new Row("POST /access/agreements/{id}/revoke", true, null, PAGE_PRODUCER_DECIDES,
				(s, http) -> one(m.form(s, "/access/agreements/" + newAgreement() + "/revoke", java.util.Map.of()))));
		rows.add(new Row("GET /reuses", true, null, PAGE_EVERYONE, (s, http) -> one(m.page(s, "/reuses"))));
		rows.add(new Row("GET /reuses/{id}", true, null, PAGE_EVERYONE, (s, http) -> one(m.page(s, "/reuses/" + reuse()))));
		rows.add(new Row("GET /access/moderation", true, null, PAGE_MODERATION,
				(s, http) -> one(m.page(s, "/access/moderation"))));
		rows.add(new Row("POST /access/moderation/{id}", true, null, PAGE_MODERATION, (s, http) -> one(m.form(s,
				"/access/moderation/" + project(), java.util.Map.of("decision", "approve")))));
		rows.add(new Row("GET /account/notifications", true, null, PAGE_ACCOUNT,
				(s, http) -> one(m.page(s, "/account/notifications"))));
		rows.add(new Row("POST /account/notifications/read", true, null, PAGE_ACCOUNT,
				(s, http) -> one(m.form(s, "/account/notifications/read", java.util.Map.of()))));
		return rows;
	}

	private TestHttp adminOfB() {
		return TestHttp.anonymous(m.port).withHeader("Authorization", "Bearer " + m.tokens.get(Subject.ADMIN_B));
	}

	private TestHttp editorOfA() {
		return TestHttp.anonymous(m.port).withHeader("Authorization", "Bearer " + m.tokens.get(Subject.EDITOR_A));
	}

	/** The project of B, made once by B's admin. */
	String project() {
		if (project == null) {
			Answer created = adminOfB().post("/api/projects", "{\"title\":\"Projet de B\",\"type\":\"study\","
					+ "\"owner_organization_id\":\"" + m.organizationB + "\"}");
			assertThat(created.status()).as(created.body()).isEqualTo(201);
			project = created.json().get("id").asString();
		}
		return project;
	}

	/** A public project of B, approved: a reuse of the showcase. */
	String reuse() {
		if (reuse == null) {
			Answer created = adminOfB().post("/api/projects", "{\"title\":\"Réutilisation de B\",\"type\":\"application\","
					+ "\"public\":true,\"owner_organization_id\":\"" + m.organizationB + "\"}");
			assertThat(created.status()).as(created.body()).isEqualTo(201);
			reuse = created.json().get("id").asString();
			Answer approved = m.root.post("/api/admin/projects/" + reuse + "/moderation", "{\"decision\":\"approve\"}");
			assertThat(approved.status()).as(approved.body()).isEqualTo(200);
		}
		return reuse;
	}

	String request() {
		if (request == null) {
			request = newRequest();
		}
		return request;
	}

	/** A SUBMITTED request of the project, on a new restricted dataset of A (one pending request per dataset). */
	String newRequest() {
		ObjectNode restricted = m.datasetRecord();
		((ObjectNode) restricted.at("/access_condition/confidentiality")).put("restricted_access", true);
		Answer created = m.root.post("/api/v1/resources", RudiRecords.write(restricted));
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		Answer asked = adminOfB().post("/api/projects/" + project() + "/access-requests", "{\"dataset_id\":\""
				+ restricted.get("global_id").asString() + "\",\"purpose\":\"Matrice\"}");
		assertThat(asked.status()).as(asked.body()).isEqualTo(201);
		return asked.json().get("id").asString();
	}

	String agreement() {
		if (agreement == null) {
			agreement = newAgreement();
		}
		return agreement;
	}

	/** An ACTIVE agreement, accepted by A's editor. */
	String newAgreement() {
		Answer accepted = editorOfA().post("/api/access-requests/" + newRequest() + "/accept", "{}");
		assertThat(accepted.status()).as(accepted.body()).isEqualTo(201);
		return accepted.json().get("agreement_id").asString();
	}

	String client() {
		if (client == null) {
			client = newClient();
		}
		return client;
	}

	String newClient() {
		Answer created = adminOfB().post("/api/projects/" + project() + "/clients", "{}");
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		return created.json().get("client_id").asString();
	}
}
