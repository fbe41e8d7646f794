package org.kerys.selfdata.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.kerys.KerysHttpTest;
import org.kerys.TestHttp;
import org.kerys.platform.Commands.KerysCommand;
import org.kerys.selfdata.SelfdataFixtures;
import org.kerys.selfdata.SelfdataFixtures.Person;
import org.kerys.selfdata.SelfdataFixtures.TestNode;
import org.kerys.selfdata.internal.crypto.PersonalKeys;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * {@code personal-keys rotate}: every sealed column of the self-data tables is sealed again under the new key (no row
 * names the old key any more) and still opens: the node's token (the citizen's data), an open OUT request's values,
 * a rectification message.
 */
@KerysHttpTest
class PersonalKeysRotationTests {

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	SelfdataLimits nodes;

	@Autowired
	PersonalKeys keys;

	@Autowired
	List<KerysCommand> commands;

	@Test
	void shouldSealEverythingAgainUnderTheNewKey() throws Exception {
		SelfdataSettings original = nodes.settings();
		try (TestNode node = new TestNode()) {
			nodes.settings(NodeTests.allowing(node));
			SelfdataFixtures fixtures = new SelfdataFixtures(port);
			UUID producer = fixtures.organization("Énergie");
			String api = fixtures.dataset(producer, "API", node.url(), SelfdataFixtures.EMAIL_AND_CARD, true)
					.get("global_id").asString();
			String out = fixtures.dataset(producer, "OUT", node.url(), SelfdataFixtures.EMAIL_AND_CARD, true)
					.get("global_id").asString();
			Person citizen = fixtures.person("tournante");
			Person agent = fixtures.person("agent-energie");
			fixtures.member(producer, agent, "member");
			String email = SelfdataFixtures.unique("tournante") + "@example.org";
			node.people.put(email, "Noa");
			TestHttp http = citizen.api(port);
			String linked = http.post("/api/selfdata/requests", "{\"dataset_id\": \"" + api
					+ "\", \"matching\": {\"email\": \"" + email + "\"}}").json().get("id").asString();
			assertThat(NodeTests.awaitClosed(http, linked).get("status").asString()).isEqualTo("COMPLETED");
			http.post("/api/selfdata/" + api + "/rectification", "{\"message\": \"Mon prénom est Noa\"}");
			String open = http.post("/api/selfdata/requests", "{\"dataset_id\": \"" + out
					+ "\", \"matching\": {\"email\": \"" + email + "\", \"card\": 2718}}").json().get("id").asString();
			String before = keys.currentKeyId();
			assertThat(countUnder(before)).isGreaterThanOrEqualTo(3);

			KerysCommand command = commands.stream().filter(c -> c.name().equals("personal-keys")).findFirst()
					.orElseThrow();
			assertThat(command.run(List.of("rotate"))).isZero();
			String after = keys.currentKeyId();
			assertThat(after).isNotEqualTo(before);
			assertThat(countUnder(before)).isZero();
			assertThat(command.run(List.of("reseal"))).isZero();
			assertThat(command.run(List.of("nonsense"))).isEqualTo(2);

			// everything still opens
			assertThat(http.get("/api/selfdata/" + api + "/gdata").json().at("/data/0/value").asString()).isEqualTo("Noa");
			TestHttp producerApi = agent.api(port);
			for (var task : producerApi.get("/api/selfdata/tasks?organization_id=" + producer + "&status=OPEN").json()) {
				var shown = producerApi.get("/api/selfdata/tasks/" + task.get("id").asString()).json();
				if (shown.get("kind").asString().equals("OUT")) {
					assertThat(shown.get("request_id").asString()).isEqualTo(open);
					assertThat(shown.at("/matching/card").asString()).isEqualTo("2718");
				}
				else {
					assertThat(shown.get("message").asString()).isEqualTo("Mon prénom est Noa");
				}
			}
		}
		finally {
			nodes.settings(original);
		}
	}

	private long countUnder(String keyId) {
		return jdbc.sql("""
				select (select count(*) from selfdata_requests where matching_key_id = :k or match_key_id = :k)
				     + (select count(*) from selfdata_attachments where key_id = :k)
				     + (select count(*) from selfdata_tasks where message_key_id = :k)""")
				.param("k", keyId).query(Long.class).single();
	}
}
