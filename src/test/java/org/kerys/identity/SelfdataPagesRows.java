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
 * The rows of the access matrix for the self-data pages (sessions; the same decisions as the self-data API, through
 * {@code SelfdataRules}). Those signed out, and bearer tokens (pages read none), are sent to the login form. A
 * request, or the data it links to, asked by anyone but its citizen is 404, which the matrix counts as allowed to
 * ask (SelfdataPagesTests checks the 404); tasks are the producer organisation A's members' only.
 */
final class SelfdataPagesRows {

	// Columns:                   anon  cit  mA   eA   aA   mB   eB   aB   mod  adm  w/o   nodeA nodeB invalid
	static final String PAGE_ACCOUNT =   "login ok   ok   ok   ok   ok   ok   ok   ok   ok   login login login login";
	static final String PAGE_MEMBERS =   "login 403  ok   ok   ok   403  403  403  403  403  login login login login";


	private final AccessMatrixTests m;
	private String dataset;
	private String request;

	SelfdataPagesRows(AccessMatrixTests matrix) {
		this.m = matrix;
	}

	List<Row> rows() {
		List<Row> rows = new ArrayList<>();
		rows.add(new Row("GET /selfdata/datasets/{id}/request", true, null, PAGE_ACCOUNT,
				(s, http) -> one(m.page(s, "/selfdata/datasets/" + dataset() + "/request"))));
		rows.add(new Row("POST /selfdata/datasets/{id}/request", true, null, PAGE_ACCOUNT,
				(s, http) -> one(m.form(s, "/selfdata/datasets/" + dataset() + "/request", Map.of()))));
		rows.add(new Row("GET /selfdata/requests", true, null, PAGE_ACCOUNT,
				(s, http) -> one(m.page(s, "/selfdata/requests"))));
		rows.add(new Row("GET /selfdata/requests/{id}", true, null, PAGE_ACCOUNT,
				(s, http) -> one(m.page(s, "/selfdata/requests/" + request()))));
		rows.add(new Row("GET /selfdata/requests/{id}/resubmit", true, null, PAGE_ACCOUNT,
				(s, http) -> one(m.page(s, "/selfdata/requests/" + request() + "/resubmit"))));
		rows.add(new Row("POST /selfdata/requests/{id}/resubmit", true, null, PAGE_ACCOUNT,
				(s, http) -> one(m.form(s, "/selfdata/requests/" + request() + "/resubmit", Map.of()))));
		rows.add(new Row("POST /selfdata/requests/{id}/cancel", true, null, PAGE_ACCOUNT,
				(s, http) -> one(m.form(s, "/selfdata/requests/" + newRequest() + "/cancel", Map.of()))));
		rows.add(new Row("GET /selfdata/accesses", true, null, PAGE_ACCOUNT,
				(s, http) -> one(m.page(s, "/selfdata/accesses"))));
		rows.add(new Row("GET /selfdata/data", true, null, PAGE_ACCOUNT, (s, http) -> one(m.page(s, "/selfdata/data"))));
		rows.add(new Row("GET /selfdata/datasets/{id}/data", true, null, PAGE_ACCOUNT,
				(s, http) -> one(m.page(s, "/selfdata/datasets/" + dataset() + "/data"))));
		rows.add(new Row("GET /selfdata/datasets/{id}/{kind:gdata|tpbc}.{format:json|csv}", true, null, PAGE_ACCOUNT,
				(s, http) -> List.of(m.page(s, "/selfdata/datasets/" + dataset() + "/gdata.json"),
						m.page(s, "/selfdata/datasets/" + dataset() + "/tpbc.csv"))));
		rows.add(new Row("POST /selfdata/datasets/{id}/forget", true, null, PAGE_ACCOUNT,
				(s, http) -> one(m.form(s, "/selfdata/datasets/" + dataset() + "/forget", Map.of()))));
		rows.add(new Row("POST /selfdata/datasets/{id}/{kind:erasure|rectification}", true, null, PAGE_ACCOUNT,
				(s, http) -> List.of(m.form(s, "/selfdata/datasets/" + dataset() + "/erasure", Map.of()),
						m.form(s, "/selfdata/datasets/" + dataset() + "/rectification", Map.of("message", "x")))));
		// the producer's tasks
		rows.add(new Row("GET /selfdata/tasks", true, null, PAGE_ACCOUNT, (s, http) -> one(m.page(s, "/selfdata/tasks"))));
		rows.add(new Row("GET /selfdata/tasks?organization={id}", false, null, PAGE_MEMBERS,
				(s, http) -> one(m.page(s, "/selfdata/tasks?organization=" + m.organizationA))));
		rows.add(new Row("GET /selfdata/tasks/{id}", true, null, PAGE_MEMBERS,
				(s, http) -> one(m.page(s, "/selfdata/tasks/" + newTask()))));
		rows.add(new Row("GET /selfdata/tasks/{id}/attachments/{attachment}", true, null, PAGE_MEMBERS,
				(s, http) -> one(m.page(s, "/selfdata/tasks/" + newTask() + "/attachments/" + UUID.randomUUID()))));
		rows.add(new Row("POST /selfdata/tasks/{id}/treat", true, null, PAGE_MEMBERS,
				(s, http) -> one(m.form(s, "/selfdata/tasks/" + newTask() + "/treat", Map.of()))));
		return rows;
	}

	private TestHttp citizen() {
		return TestHttp.anonymous(m.port).withHeader("Authorization", "Bearer " + m.tokens.get(Subject.CITIZEN));
	}

	/** A self-data dataset of A, treated by A's members (OUT: requests stay open). */
	private String dataset() {
		if (dataset == null) {
			dataset = SelfdataModuleRows.dataset(m, "OUT");
		}
		return dataset;
	}

	/** The citizen's request, kept open (OUT). */
	private String request() {
		if (request == null) {
			request = newRequest();
		}
		return request;
	}

	/** A new open request of the citizen (the previous one cancelled: one open request per dataset). */
	private String newRequest() {
		if (request != null) {
			citizen().post("/api/selfdata/requests/" + request + "/cancel", "{}");
		}
		Answer asked = citizen().post("/api/selfdata/requests",
				"{\"dataset_id\":\"" + dataset() + "\",\"matching\":{\"email\":\"matrice@example.org\"}}");
		assertThat(asked.status()).as(asked.body()).isEqualTo(201);
		request = asked.json().get("id").asString();
		return request;
	}

	/** A new open OUT task of A. */
	private String newTask() {
		return citizen().get("/api/selfdata/requests/" + newRequest()).json().at("/tasks/0/id").asString();
	}
}
