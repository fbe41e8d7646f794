package org.kerys.selfdata.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.kerys.KerysHttpTest;
import org.kerys.TestHttp;
import org.kerys.TestHttp.Answer;
import org.kerys.selfdata.SelfdataFixtures;
import org.kerys.selfdata.SelfdataFixtures.Person;
import org.kerys.selfdata.SelfdataFixtures.TestNode;
import org.kerys.selfdata.internal.NodeTests.AllowedNode;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.node.ObjectNode;

/**
 * Nobody but its citizen reaches a self-data request or the data it links to, through any endpoint: another
 * citizen, the producer's admin, a platform administrator get 404 (the request's existence is not told); anonymous
 * callers 401; the citizen's own calls work. And no endpoint but an open task shows the producer the values.
 */
@KerysHttpTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SelfdataIdorTests {

	@LocalServerPort
	int port;

	@Autowired
	SelfdataLimits nodes;

	AllowedNode allowed;
	TestNode node;

	@BeforeAll
	void startNode() throws Exception {
		allowed = new AllowedNode(nodes);
		node = allowed.node;
	}

	@AfterAll
	void stopNode() {
		allowed.close();
	}

	@Test
	void shouldKeepARequestAndItsDataToItsCitizen() throws Exception {
		SelfdataFixtures fixtures = new SelfdataFixtures(port);
		UUID producer = fixtures.organization("Eau");
		ObjectNode dataset = fixtures.dataset(producer, "API", node.url(), SelfdataFixtures.EMAIL_AND_CARD, true);
		String datasetId = dataset.get("global_id").asString();
		Person owner = fixtures.person("abonnee");
		Person other = fixtures.person("curieux");
		Person producerAdmin = fixtures.person("regie-eau");
		fixtures.member(producer, producerAdmin, "admin");
		String email = SelfdataFixtures.unique("abonnee") + "@example.org";
		node.people.put(email, "Sacha");
		TestHttp mine = owner.api(port);
		String id = mine.post("/api/selfdata/requests", "{\"dataset_id\": \"" + datasetId
				+ "\", \"matching\": {\"email\": \"" + email + "\"}}").json().get("id").asString();
		assertThat(NodeTests.awaitClosed(mine, id).get("status").asString()).isEqualTo("COMPLETED");
		assertThat(mine.get("/api/selfdata/" + datasetId + "/gdata").status()).isEqualTo(200);

		String request = "/api/selfdata/requests/" + id;
		String data = "/api/selfdata/" + datasetId;
		for (TestHttp intruder : List.of(other.api(port), producerAdmin.api(port), TestHttp.admin(port))) {
			assertCode(intruder.get(request), 404, "KRS-404-SELFDATA-REQUEST");
			assertCode(intruder.post(request + "/cancel", "{}"), 404, "KRS-404-SELFDATA-REQUEST");
			assertCode(intruder.post(request + "/resubmit", "{\"matching\": {\"email\": \"" + email + "\"}}"), 404,
					"KRS-404-SELFDATA-REQUEST");
			// the data endpoints are the caller's own: they have none
			for (String path : List.of("/gdata", "/gdata.csv", "/tpbc", "/tpbc.csv?min-date=2024-01-01")) {
				assertCode(intruder.get(data + path), 404, "KRS-404-SELFDATA-LINK");
			}
			assertCode(intruder.delete(data + "/link"), 404, "KRS-404-SELFDATA-LINK");
			assertCode(intruder.post(data + "/erasure", "{}"), 404, "KRS-404-SELFDATA-LINK");
			assertCode(intruder.post(data + "/rectification", "{\"message\": \"x\"}"), 404, "KRS-404-SELFDATA-LINK");
			Answer list = intruder.get("/api/selfdata/requests");
			assertThat(list.status()).isEqualTo(200);
			assertThat(list.body()).doesNotContain(id);
			assertThat(intruder.get("/api/me/data-accesses").body()).doesNotContain(id);
		}
		TestHttp anonymous = TestHttp.anonymous(port);
		for (Answer answer : List.of(anonymous.get(request), anonymous.get(data + "/gdata"),
				anonymous.get("/api/selfdata/requests"), anonymous.get("/api/me/data-accesses"),
				anonymous.post(request + "/cancel", "{}"), anonymous.delete(data + "/link"),
				anonymous.post("/api/selfdata/requests", "{}"))) {
			assertThat(answer.status()).as(answer.body()).isEqualTo(401);
		}
		// the producer's admin has no task here (API mode): its task list never shows the citizen's values
		Answer tasks = producerAdmin.api(port).get("/api/selfdata/tasks?organization_id=" + producer);
		assertThat(tasks.status()).isEqualTo(200);
		assertThat(tasks.body()).doesNotContain(email).doesNotContain(id);
		// the citizen's request and data still work, and nobody's attempt is on their access list as a read
		assertThat(mine.get(request).status()).isEqualTo(200);
		assertThat(mine.get("/api/me/data-accesses").json()).allSatisfy(a -> assertThat(a.get("actor").asString())
				.isIn(owner.login(), "127.0.0.1"));
	}

	private static void assertCode(Answer answer, int status, String code) {
		assertThat(answer.status()).as(answer.body()).isEqualTo(status);
		assertThat(answer.json().get("code").asString()).isEqualTo(code);
	}
}
