package org.kerys.selfdata.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest.BodyPublishers;
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
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.node.ObjectNode;

/**
 * A self-data dataset's GDATA and TPBC media through the gateway: the data subject gets their own data (and the read
 * is on their access list); another citizen, the producer's member, a token-less caller do not.
 */
@KerysHttpTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SelfdataGatewayTests {

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

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
	void shouldServeASelfDataMediaToItsDataSubjectOnly() {
		SelfdataFixtures fixtures = new SelfdataFixtures(port);
		UUID producer = fixtures.organization("Collectes");
		ObjectNode dataset = fixtures.dataset(producer, "API", node.url(), SelfdataFixtures.EMAIL_AND_CARD, false);
		String datasetId = dataset.get("global_id").asString();
		String gdataMedia = dataset.at("/available_formats/0/media_id").asString();
		String tpbcMedia = dataset.at("/available_formats/1/media_id").asString();
		node.gdataSuffix = gdataMedia;
		Person citizen = fixtures.person("sujet");
		String email = SelfdataFixtures.unique("lea") + "@example.org";
		node.people.put(email, "Léa Martin");
		TestHttp api = citizen.api(port);
		Answer submitted = api.post("/api/selfdata/requests", """
				{"dataset_id": "%s", "matching": {"email": "%s", "card": 4242424242}}""".formatted(datasetId, email));
		assertThat(submitted.status()).as(submitted.body()).isEqualTo(201);
		String id = submitted.json().get("id").asString();
		assertThat(NodeTests.awaitClosed(api, id).get("status").asString()).isEqualTo("COMPLETED");

		String gdata = "/gateway/datasets/" + datasetId + "/media/" + gdataMedia;
		String tpbc = "/gateway/datasets/" + datasetId + "/media/" + tpbcMedia;
		Answer mine = api.get(gdata);
		assertThat(mine.status()).as(mine.body()).isEqualTo(200);
		assertThat(mine.json().at("/data/0/value").asString()).isEqualTo("Léa Martin");
		assertThat(mine.header("Cache-Control")).isEqualTo("private, no-store");
		Answer series = api.get(tpbc + "?min-date=2024-01-01&max-date=2024-03-31");
		assertThat(series.status()).as(series.body()).isEqualTo(200);
		assertThat(series.json().at("/values/0/values/1").asDouble()).isEqualTo(9.75);
		assertThat(api.get(tpbc + "?min-date=hier").json().get("code").asString()).isEqualTo("KRS-400-DATES");
		Answer posted = api.send(api.request(gdata).method("POST", BodyPublishers.ofString("{}")));
		assertThat(posted.status()).isEqualTo(405);
		// both reads are on the citizen's list, as the gateway's
		long reads = jdbc.sql("select count(*) from audit_entries where action = 'selfdata.accessed' and target_id = ?")
				.param(id).query(Long.class).single();
		assertThat(reads).isGreaterThanOrEqualTo(3); // the node's matching, then the two reads

		// nobody else: another citizen, the producer's own member, an anonymous caller
		Person other = fixtures.person("autre");
		Person member = fixtures.person("agent");
		fixtures.member(producer, member, "admin");
		for (Person stranger : new Person[] { other, member }) {
			for (String path : new String[] { gdata, tpbc }) {
				Answer refused = stranger.api(port).get(path);
				assertThat(refused.status()).as(stranger.login() + " " + path).isEqualTo(403);
				assertThat(refused.json().get("code").asString()).isEqualTo("KRS-403-SELFDATA");
				assertThat(refused.body()).doesNotContain("Léa");
			}
		}
		Answer anonymous = TestHttp.anonymous(port).get(gdata);
		assertThat(anonymous.status()).isEqualTo(401);

		// forgotten: no longer the data subject
		assertThat(api.delete("/api/selfdata/" + datasetId + "/link").status()).isEqualTo(204);
		assertThat(api.get(gdata).status()).isEqualTo(403);
	}
}
