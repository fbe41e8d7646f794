package org.kerys.selfdata.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.kerys.KerysHttpTest;
import org.kerys.TestHttp;
import org.kerys.TestHttp.Answer;
import org.kerys.selfdata.SelfdataFixtures;
import org.kerys.selfdata.SelfdataFixtures.Person;
import org.kerys.selfdata.SelfdataFixtures.TestNode;
import org.kerys.selfdata.internal.NodeTests.AllowedNode;
import org.kerys.selfdata.internal.crypto.PersonalKeys;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.util.unit.DataSize;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The self-data API through the real server, against a producer node on the loopback: request, matching,
 * COMPLETED, gdata, tpbc, CSV; nothing found; bad values; a node answering garbage, an error or hanging; OUT mode;
 * moderation of proofs; erasure and rectification; the citizen's access list and the ledger; raw rows.
 */
@KerysHttpTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SelfdataApiTests {

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	SelfdataLimits nodes;

	@Autowired
	PersonalKeys keys;

	SelfdataFixtures fixtures;
	AllowedNode allowed;
	TestNode node;

	@BeforeAll
	void startNode() throws Exception {
		allowed = new AllowedNode(nodes);
		node = allowed.node;
	}

	@BeforeEach
	void loopbackAllowed() {
		fixtures = new SelfdataFixtures(port);
		node.behaviour = TestNode.Behaviour.NORMAL;
		allowed.allow();
	}

	@AfterAll
	void stopNode() {
		allowed.close();
	}

	// --- the whole path for a node dataset

	@Test
	void shouldGoFromARequestToMyDataThroughTheProducersNode() throws Exception {
		UUID producer = fixtures.organization("Collectes");
		ObjectNode dataset = fixtures.dataset(producer, "API", node.url(), SelfdataFixtures.EMAIL_AND_CARD, false);
		String datasetId = dataset.get("global_id").asString();
		String gdataMedia = dataset.at("/available_formats/0/media_id").asString();
		node.gdataSuffix = gdataMedia;
		Person citizen = fixtures.person("citoyenne");
		String email = SelfdataFixtures.unique("camille") + "@example.org";
		node.people.put(email, "Camille Dupont-Lefèvre");
		TestHttp api = citizen.api(port);

		Answer submitted = api.post("/api/selfdata/requests", """
				{"dataset_id": "%s", "matching": {"email": "%s", "card": 4242424242}}""".formatted(datasetId, email));
		assertThat(submitted.status()).as(submitted.body()).isEqualTo(201);
		assertThat(fieldNames(submitted.json())).containsExactly("id", "status");
		String id = submitted.json().get("id").asString();
		assertThat(submitted.header("Location")).isEqualTo("/api/selfdata/requests/" + id);

		JsonNode done = awaitClosed(api, id);
		assertThat(done.get("status").asString()).isEqualTo("COMPLETED");
		assertThat(done.get("data_found").asBoolean()).isTrue();
		assertThat(done.get("mode").asString()).isEqualTo("NODE");
		assertThat(statuses(done)).containsExactly("SUBMITTED", "IN_PROGRESS", "COMPLETED");
		assertThat(done.toString()).doesNotContain(email).doesNotContain("4242424242").doesNotContain("tok-");
		// the node got the fields, the account id as login (not the login nor the e-mail), and its credentials
		String matchingCall = node.calls.stream().filter(c -> c.startsWith("POST /matching/" + datasetId)).findFirst()
				.orElseThrow();
		UUID account = jdbc.sql("select account_id from selfdata_requests where id = ?").param(UUID.fromString(id))
				.query(UUID.class).single();
		assertThat(matchingCall).startsWith("POST /matching/" + datasetId + "/" + account + " ")
				.contains("{\"code\":\"email\",\"value\":\"" + email + "\"}")
				.contains("{\"code\":\"card\",\"value\":\"4242424242\"}").doesNotContain(citizen.login());

		Answer gdata = api.get("/api/selfdata/" + datasetId + "/gdata");
		assertThat(gdata.status()).as(gdata.body()).isEqualTo(200);
		assertThat(gdata.json().at("/data/0/value").asString()).isEqualTo("Camille Dupont-Lefèvre");
		assertThat(gdata.header("Cache-Control")).isEqualTo("private, no-store");
		assertThat(node.headers.get(node.headers.size() - 1).get("X-node-key")).containsExactly("secret");

		Answer tpbc = api.get("/api/selfdata/" + datasetId + "/tpbc?min-date=2024-01-01&max-date=2024-03-31");
		assertThat(tpbc.status()).as(tpbc.body()).isEqualTo(200);
		assertThat(tpbc.json().at("/values/0/values/1").asDouble()).isEqualTo(9.75);
		assertThat(node.calls.get(node.calls.size() - 1)).contains("min-date=2024-01-01&max-date=2024-03-31");

		Answer gdataCsv = api.get("/api/selfdata/" + datasetId + "/gdata.csv");
		assertThat(gdataCsv.status()).isEqualTo(200);
		assertThat(gdataCsv.header("Content-Type")).startsWith("text/csv");
		assertThat(gdataCsv.header("Content-Disposition")).contains("gdata-" + datasetId + ".csv");
		assertThat(gdataCsv.body()).startsWith("object,label,type,value\r\n")
				.contains("Mon bac,Titulaire,STRING,Camille Dupont-Lefèvre\r\n")
				.contains("Mon bac,\"Collectes, 2024\",LONG,52\r\n");
		Answer tpbcCsv = api.get("/api/selfdata/" + datasetId + "/tpbc?format=csv&min-date=2024-01-01");
		assertThat(tpbcCsv.body()).isEqualTo("series,Ordures ménagères\r\n2024-01,12.5\r\n2024-02,9.75\r\n");
		assertThat(api.get("/api/selfdata/" + datasetId + "/tpbc?min-date=2024-05-01&max-date=2024-01-01").status())
				.isEqualTo(400);
		assertThat(api.get("/api/selfdata/" + datasetId + "/tpbc?min-date=hier").json().get("code").asString())
				.isEqualTo("KRS-400-DATES");

		// who accessed my data: the matching by the node, then each of my reads; the ledger has the same
		Answer accesses = api.get("/api/me/data-accesses?limit=20");
		assertThat(accesses.status()).isEqualTo(200);
		List<String> seen = new ArrayList<>();
		for (JsonNode access : accesses.json()) {
			if (access.get("request_id").asString().equals(id)) {
				seen.add(access.get("actor_kind").asString() + ":" + access.get("what").asString());
			}
		}
		assertThat(seen).containsExactly("CITIZEN:TPBC", "CITIZEN:GDATA", "CITIZEN:TPBC", "CITIZEN:GDATA",
				"NODE:MATCHING");
		assertThat(jdbc.sql("select count(*) from audit_entries where action = 'selfdata.accessed' and target_id = ?")
				.param(id).query(Long.class).single()).isEqualTo(5);

		// raw rows: no matching value, node token or data in clear in any self-data table
		assertNoneInClear(email, "4242424242", "Camille", "tok-");
		String token = node.calls.stream().filter(c -> c.startsWith("POST")).findFirst().orElseThrow();
		assertThat(token).isNotNull();

		// forget the link: the data is no longer reachable, the request stays
		assertThat(api.delete("/api/selfdata/" + datasetId + "/link").status()).isEqualTo(204);
		Answer gone = api.get("/api/selfdata/" + datasetId + "/gdata");
		assertThat(gone.status()).isEqualTo(404);
		assertThat(gone.json().get("code").asString()).isEqualTo("KRS-404-SELFDATA-LINK");
		assertThat(statuses(api.get("/api/selfdata/requests/" + id).json())).endsWith("FORGOTTEN");
		assertThat(jdbc.sql("select count(*) from selfdata_requests where id = ? and match_sealed is null")
				.param(UUID.fromString(id)).query(Long.class).single()).isEqualTo(1);
	}

	@Test
	void shouldAnswerTheSameWayWhenNothingMatches() {
		UUID producer = fixtures.organization("Collectes");
		String datasetId = fixtures.dataset(producer, "API", node.url(), SelfdataFixtures.EMAIL_AND_CARD, false)
				.get("global_id").asString();
		Person citizen = fixtures.person("inconnu");
		TestHttp api = citizen.api(port);
		Answer submitted = api.post("/api/selfdata/requests", """
				{"dataset_id": "%s", "matching": {"email": "personne@example.org"}}""".formatted(datasetId));
		assertThat(submitted.status()).isEqualTo(201);
		assertThat(fieldNames(submitted.json())).containsExactly("id", "status");
		assertThat(submitted.json().get("status").asString()).isEqualTo("SUBMITTED");
		JsonNode done = awaitClosed(api, submitted.json().get("id").asString());
		assertThat(done.get("status").asString()).isEqualTo("COMPLETED");
		assertThat(done.get("data_found").asBoolean()).isFalse();
		assertThat(api.get("/api/selfdata/" + datasetId + "/gdata").status()).isEqualTo(404);
		assertNoneInClear("personne@example.org");
		// a second request is possible once the first is closed; a second open one is not
		assertThat(api.post("/api/selfdata/requests", """
				{"dataset_id": "%s", "matching": {"email": "autre@example.org"}}""".formatted(datasetId)).status())
				.isEqualTo(201);
	}

	@Test
	void shouldRefuseValuesThatDoNotFitTheMatchingDataFieldByField() {
		UUID producer = fixtures.organization("Collectes");
		String datasetId = fixtures.dataset(producer, "API", node.url(), SelfdataFixtures.EMAIL_AND_CARD, false)
				.get("global_id").asString();
		TestHttp api = fixtures.person("distraite").api(port);
		int before = node.calls.size();

		Answer bad = api.post("/api/selfdata/requests", """
				{"dataset_id": "%s", "matching": {"email": "pas-un-courriel", "card": "douze", "shoe": "42"}}"""
				.formatted(datasetId));
		assertThat(bad.status()).as(bad.body()).isEqualTo(400);
		assertThat(bad.json().get("code").asString()).isEqualTo("KRS-400-SELFDATA-VALUES");
		assertThat(errors(bad)).containsExactlyInAnyOrder("ERR-102 matching.shoe", "ERR-303 matching.email",
				"ERR-201 matching.card");
		assertThat(bad.body()).doesNotContain("pas-un-courriel").doesNotContain("douze");

		Answer missing = api.post("/api/selfdata/requests", "{\"dataset_id\": \"" + datasetId + "\", \"matching\": {}}");
		assertThat(errors(missing)).containsExactly("ERR-202 matching.email");
		Answer tooLong = api.post("/api/selfdata/requests", "{\"dataset_id\": \"" + datasetId
				+ "\", \"matching\": {\"email\": \"" + "a".repeat(1001) + "@example.org\"}}");
		assertThat(errors(tooLong)).containsExactly("ERR-203 matching.email");

		assertThat(api.post("/api/selfdata/requests", "[1]").json().get("code").asString()).isEqualTo("ERR-101");
		assertThat(api.post("/api/selfdata/requests", "{\"matching\": {}}").status()).isEqualTo(400);
		assertThat(errors(api.post("/api/selfdata/requests", "{\"dataset_id\": \"" + datasetId
				+ "\", \"matching\": {\"email\": \"a@b.fr\"}, \"colour\": 1}"))).containsExactly("ERR-102 colour");
		Answer notSelfdata = api.post("/api/selfdata/requests", "{\"dataset_id\": \""
				+ fixtures.openDataset(producer) + "\", \"matching\": {}}");
		assertThat(notSelfdata.json().get("code").asString()).isEqualTo("KRS-400-NOT-SELFDATA");
		assertThat(api.post("/api/selfdata/requests", "{\"dataset_id\": \"" + UUID.randomUUID()
				+ "\", \"matching\": {}}").json().get("code").asString()).isEqualTo("ERR-104");
		// nothing was stored, nothing was sent to the node
		assertThat(node.calls.size()).isEqualTo(before);
		assertThat(jdbc.sql("select count(*) from selfdata_requests where dataset_id = ?")
				.param(UUID.fromString(datasetId)).query(Long.class).single()).isZero();
	}

	@Test
	void shouldEndInAClearStateWhenTheNodeAnswersGarbageFailsOrHangs() {
		UUID producer = fixtures.organization("Collectes");
		String datasetId = fixtures.dataset(producer, "API", node.url(), SelfdataFixtures.EMAIL_AND_CARD, false)
				.get("global_id").asString();
		String email = SelfdataFixtures.unique("dominique") + "@example.org";
		node.people.put(email, "Dominique");
		TestHttp api = fixtures.person("patiente").api(port);
		String body = "{\"dataset_id\": \"" + datasetId + "\", \"matching\": {\"email\": \"" + email + "\"}}";

		node.behaviour = TestNode.Behaviour.GARBAGE;
		String id = api.post("/api/selfdata/requests", body).json().get("id").asString();
		JsonNode garbage = awaitClosed(api, id);
		assertThat(garbage.get("status").asString()).isEqualTo("REJECTED");
		assertThat(lastMessage(garbage)).startsWith("KRS-502-NODE-ANSWER");

		node.behaviour = TestNode.Behaviour.ERROR;
		assertThat(api.post("/api/selfdata/requests/" + id + "/resubmit", "{\"matching\": {\"email\": \"" + email
				+ "\"}}").status()).isEqualTo(200);
		JsonNode error = awaitClosed(api, id);
		assertThat(lastMessage(error)).startsWith("KRS-502-NODE-STATUS");

		node.behaviour = TestNode.Behaviour.HANG;
		long start = System.nanoTime();
		Answer resubmitted = api.post("/api/selfdata/requests/" + id + "/resubmit",
				"{\"matching\": {\"email\": \"" + email + "\"}}");
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
		assertThat(resubmitted.json().get("status").asString()).isEqualTo("SUBMITTED");
		JsonNode hung = awaitClosed(api, id);
		assertThat(lastMessage(hung)).startsWith("KRS-504-NODE-TIMEOUT");

		// the node works again: the same request completes
		node.behaviour = TestNode.Behaviour.NORMAL;
		assertThat(api.post("/api/selfdata/requests/" + id + "/resubmit", "{\"matching\": {\"email\": \"" + email
				+ "\"}}").status()).isEqualTo(200);
		JsonNode done = awaitClosed(api, id);
		assertThat(done.get("status").asString()).isEqualTo("COMPLETED");
		assertThat(statuses(done)).containsExactly("SUBMITTED", "IN_PROGRESS", "REJECTED", "SUBMITTED", "IN_PROGRESS",
				"REJECTED", "SUBMITTED", "IN_PROGRESS", "REJECTED", "SUBMITTED", "IN_PROGRESS", "COMPLETED");
		// garbage on a data call: 502, no 500
		node.behaviour = TestNode.Behaviour.GARBAGE;
		Answer data = api.get("/api/selfdata/" + datasetId + "/gdata");
		assertThat(data.status()).isEqualTo(502);
		assertThat(data.json().get("code").asString()).isEqualTo("KRS-502-NODE-ANSWER");
		node.behaviour = TestNode.Behaviour.NORMAL;
		// only a rejected request is resubmitted
		assertThat(api.post("/api/selfdata/requests/" + id + "/resubmit", "{\"matching\": {\"email\": \"" + email
				+ "\"}}").json().get("code").asString()).isEqualTo("KRS-409-SELFDATA-STATE");
	}

	@Test
	void shouldRefuseANodeOnAPrivateAddressUnlessAllowed() {
		nodes.settings(new SelfdataSettings(Duration.ofSeconds(2), Duration.ofSeconds(2), DataSize.ofKilobytes(64),
				false, List.of(), DataSize.ofKilobytes(64), 3));
		UUID producer = fixtures.organization("Collectes");
		String datasetId = fixtures.dataset(producer, "API", node.url(), SelfdataFixtures.EMAIL_AND_CARD, false)
				.get("global_id").asString();
		TestHttp api = fixtures.person("prudente").api(port);
		int before = node.calls.size();
		String id = api.post("/api/selfdata/requests", "{\"dataset_id\": \"" + datasetId
				+ "\", \"matching\": {\"email\": \"x@example.org\"}}").json().get("id").asString();
		JsonNode refused = awaitClosed(api, id);
		assertThat(refused.get("status").asString()).isEqualTo("REJECTED");
		assertThat(lastMessage(refused)).startsWith("KRS-502-NODE-REFUSED");
		assertThat(node.calls.size()).isEqualTo(before);
	}

	@Test
	void shouldCancelAnOpenRequestAndEraseItsValues() {
		UUID producer = fixtures.organization("Bibliothèque");
		String datasetId = fixtures.dataset(producer, "OUT", node.url(), SelfdataFixtures.EMAIL_AND_CARD, false)
				.get("global_id").asString();
		TestHttp api = fixtures.person("pressee").api(port);
		// sent four times at once: one request is open, the others are told so (never a 500)
		java.util.List<java.util.concurrent.CompletableFuture<Answer>> racing = new java.util.ArrayList<>();
		for (int i = 0; i < 4; i++) {
			racing.add(java.util.concurrent.CompletableFuture.supplyAsync(() -> api.post("/api/selfdata/requests",
					"{\"dataset_id\": \"" + datasetId + "\", \"matching\": {\"email\": \"annule@example.org\"}}")));
		}
		java.util.List<Answer> answers = racing.stream().map(java.util.concurrent.CompletableFuture::join).toList();
		assertThat(answers.stream().map(Answer::status).sorted().toList()).containsExactly(201, 409, 409, 409);
		String id = answers.stream().filter(a -> a.status() == 201).findFirst().orElseThrow().json().get("id")
				.asString();
		Answer again = api.post("/api/selfdata/requests", "{\"dataset_id\": \"" + datasetId
				+ "\", \"matching\": {\"email\": \"annule@example.org\"}}");
		assertThat(again.status()).isEqualTo(409);
		assertThat(again.json().get("code").asString()).isEqualTo("KRS-409-SELFDATA-OPEN");
		Answer cancelled = api.post("/api/selfdata/requests/" + id + "/cancel", "{\"message\": \"Erreur de ma part\"}");
		assertThat(cancelled.status()).as(cancelled.body()).isEqualTo(200);
		assertThat(cancelled.json().get("status").asString()).isEqualTo("CANCELLED");
		assertThat(jdbc.sql("select count(*) from selfdata_requests where id = ? and matching_sealed is null")
				.param(UUID.fromString(id)).query(Long.class).single()).isEqualTo(1);
		assertThat(jdbc.sql("select status from selfdata_tasks where request_id = ?").param(UUID.fromString(id))
				.query(String.class).list()).containsExactly("CANCELLED");
		assertThat(api.post("/api/selfdata/requests/" + id + "/cancel", "{}").json().get("code").asString())
				.isEqualTo("KRS-409-SELFDATA-STATE");
		assertThat(api.get("/api/selfdata/requests").json().toString()).contains(id);
		assertThat(api.get("/api/selfdata/requests?dataset_id=" + datasetId).json()).hasSize(1);
	}

	// --- OUT mode, moderation, erasure and rectification: the producer's members

	@Test
	void shouldMakeAnOutRequestATaskOfTheProducersMembersWhoSeeTheValuesOnlyOnTheTask() {
		UUID producer = fixtures.organization("Médiathèque");
		String datasetId = fixtures.dataset(producer, "OUT", node.url(), SelfdataFixtures.EMAIL_AND_CARD, false)
				.get("global_id").asString();
		Person citizen = fixtures.person("lectrice");
		Person librarian = fixtures.person("bibliothecaire");
		fixtures.member(producer, librarian, "member");
		Person stranger = fixtures.person("voisin");
		TestHttp api = citizen.api(port);
		String email = SelfdataFixtures.unique("lectrice") + "@example.org";

		String id = api.post("/api/selfdata/requests", "{\"dataset_id\": \"" + datasetId
				+ "\", \"matching\": {\"email\": \"" + email + "\", \"card\": 31415}}").json().get("id").asString();
		JsonNode request = api.get("/api/selfdata/requests/" + id).json();
		assertThat(request.get("status").asString()).isEqualTo("IN_PROGRESS");
		assertThat(request.get("mode").asString()).isEqualTo("OUT");
		assertThat(request.at("/tasks/0/kind").asString()).isEqualTo("OUT");

		TestHttp producerApi = librarian.api(port);
		Answer list = producerApi.get("/api/selfdata/tasks?organization_id=" + producer);
		assertThat(list.status()).as(list.body()).isEqualTo(200);
		assertThat(list.json()).hasSize(1);
		String task = list.json().get(0).get("id").asString();
		assertThat(list.body()).doesNotContain(email).doesNotContain("31415");
		assertThat(list.json().get(0).get("due_at").asString()).isNotBlank();
		assertThat(stranger.api(port).get("/api/selfdata/tasks?organization_id=" + producer).status()).isEqualTo(403);
		assertThat(stranger.api(port).get("/api/selfdata/tasks/" + task).status()).isEqualTo(403);
		assertThat(TestHttp.admin(port).get("/api/selfdata/tasks/" + task).status()).isEqualTo(403);
		assertThat(producerApi.get("/api/selfdata/tasks?organization_id=nope").status()).isEqualTo(400);
		assertThat(producerApi.get("/api/selfdata/tasks").status()).isEqualTo(400);

		// the task shows the values to the producer's member, and the citizen sees that access
		Answer shown = producerApi.get("/api/selfdata/tasks/" + task);
		assertThat(shown.status()).isEqualTo(200);
		assertThat(shown.json().at("/matching/email").asString()).isEqualTo(email);
		assertThat(shown.json().at("/matching/card").asString()).isEqualTo("31415");
		JsonNode access = api.get("/api/me/data-accesses").json().get(0);
		assertThat(access.get("actor_kind").asString()).isEqualTo("PRODUCER");
		assertThat(access.get("actor").asString()).isEqualTo(librarian.login());
		assertThat(access.get("what").asString()).isEqualTo("MATCHING_VALUES");
		// but never on the citizen's request, nor anywhere else
		assertThat(api.get("/api/selfdata/requests/" + id).body()).doesNotContain(email);

		Answer wrong = producerApi.post("/api/selfdata/tasks/" + task + "/treat", "{\"outcome\": \"DONE\"}");
		assertThat(wrong.status()).isEqualTo(400);
		assertThat(stranger.api(port).post("/api/selfdata/tasks/" + task + "/treat", "{\"outcome\": \"FOUND\"}")
				.status()).isEqualTo(403);
		Answer treated = producerApi.post("/api/selfdata/tasks/" + task + "/treat",
				"{\"outcome\": \"FOUND\", \"message\": \"Vos données vous ont été envoyées par courrier.\"}");
		assertThat(treated.status()).as(treated.body()).isEqualTo(200);
		JsonNode done = api.get("/api/selfdata/requests/" + id).json();
		assertThat(done.get("status").asString()).isEqualTo("COMPLETED");
		assertThat(done.get("data_found").asBoolean()).isTrue();
		assertThat(lastMessage(done)).isEqualTo("Vos données vous ont été envoyées par courrier.");
		// treated: the values are gone, the task no longer shows them
		assertThat(producerApi.get("/api/selfdata/tasks/" + task).json().get("matching").isNull()).isTrue();
		assertThat(producerApi.post("/api/selfdata/tasks/" + task + "/treat", "{\"outcome\": \"FOUND\"}").status())
				.isEqualTo(409);
		assertNoneInClear(email, "31415");
		// OUT data is handed over outside Kerys: no gdata here
		assertThat(api.get("/api/selfdata/" + datasetId + "/gdata").status()).isEqualTo(404);
	}

	@Test
	void shouldLetTheProducerCheckTheProofsBeforeMatchingThenDeleteThem() throws Exception {
		UUID producer = fixtures.organization("CCAS");
		ObjectNode dataset = fixtures.dataset(producer, "API", node.url(), SelfdataFixtures.EMAIL_AND_PROOF, true);
		String datasetId = dataset.get("global_id").asString();
		node.gdataSuffix = dataset.at("/available_formats/0/media_id").asString();
		Person citizen = fixtures.person("justifiee");
		Person agent = fixtures.person("agent");
		fixtures.member(producer, agent, "editor");
		String email = SelfdataFixtures.unique("justifiee") + "@example.org";
		node.people.put(email, "Alix");
		String proof = "Justificatif de domicile de Alix";
		String content = Base64.getEncoder().encodeToString(proof.getBytes(StandardCharsets.UTF_8));
		TestHttp api = citizen.api(port);

		Answer missingProof = api.post("/api/selfdata/requests", "{\"dataset_id\": \"" + datasetId
				+ "\", \"matching\": {\"email\": \"" + email + "\"}}");
		assertThat(errors(missingProof)).containsExactly("ERR-202 attachments.proof");
		Answer tooBig = api.post("/api/selfdata/requests", "{\"dataset_id\": \"" + datasetId
				+ "\", \"matching\": {\"email\": \"" + email + "\"}, \"attachments\": [{\"code\": \"proof\", "
				+ "\"content\": \"" + Base64.getEncoder().encodeToString(new byte[70_000]) + "\"}]}");
		assertThat(errors(tooBig)).containsExactly("ERR-203 attachments.proof");
		assertThat(errors(api.post("/api/selfdata/requests", "{\"dataset_id\": \"" + datasetId
				+ "\", \"matching\": {\"email\": \"" + email + "\"}, \"attachments\": [{\"code\": \"proof\", "
				+ "\"content\": \"!!!\"}]}"))).containsExactly("ERR-201 attachments[0].content");

		String id = api.post("/api/selfdata/requests", "{\"dataset_id\": \"" + datasetId + "\", \"matching\": "
				+ "{\"email\": \"" + email + "\"}, \"attachments\": [{\"code\": \"proof\", \"name\": \"domicile.txt\", "
				+ "\"type\": \"text/plain\", \"content\": \"" + content + "\"}]}").json().get("id").asString();
		JsonNode moderated = api.get("/api/selfdata/requests/" + id).json();
		assertThat(moderated.get("status").asString()).isEqualTo("MODERATION");
		assertThat(moderated.at("/attachments/0/code").asString()).isEqualTo("proof");
		assertThat(moderated.toString()).doesNotContain("domicile.txt");
		assertNoneInClear(email, "Justificatif", "domicile.txt");

		TestHttp producerApi = agent.api(port);
		String task = producerApi.get("/api/selfdata/tasks?organization_id=" + producer + "&status=OPEN").json().get(0)
				.get("id").asString();
		JsonNode shown = producerApi.get("/api/selfdata/tasks/" + task).json();
		assertThat(shown.get("kind").asString()).isEqualTo("MODERATION");
		String file = shown.at("/attachments/0/id").asString();
		Answer download = producerApi.get("/api/selfdata/tasks/" + task + "/attachments/" + file);
		assertThat(download.status()).isEqualTo(200);
		assertThat(download.body()).isEqualTo(proof);
		assertThat(download.header("Content-Disposition")).contains("domicile.txt");
		Answer approved = producerApi.post("/api/selfdata/tasks/" + task + "/treat", "{\"outcome\": \"APPROVED\"}");
		assertThat(approved.status()).as(approved.body()).isEqualTo(200);

		JsonNode done = awaitClosed(api, id);
		assertThat(done.get("status").asString()).isEqualTo("COMPLETED");
		assertThat(statuses(done)).containsExactly("SUBMITTED", "MODERATION", "APPROVED", "IN_PROGRESS", "COMPLETED");
		assertThat(jdbc.sql("select count(*) from selfdata_attachments where request_id = ?").param(UUID.fromString(id))
				.query(Long.class).single()).isZero();
		List<String> kinds = new ArrayList<>();
		api.get("/api/me/data-accesses").json().forEach(a -> kinds.add(a.get("what").asString()));
		assertThat(kinds).containsSubsequence("MATCHING", "ATTACHMENT", "MATCHING_VALUES");

		// erasure (deletable) and rectification: tasks of the producer, answered in the citizen's history
		Answer erasure = api.post("/api/selfdata/" + datasetId + "/erasure", "{}");
		assertThat(erasure.status()).as(erasure.body()).isEqualTo(201);
		assertThat(api.post("/api/selfdata/" + datasetId + "/erasure", "{}").json().get("code").asString())
				.isEqualTo("KRS-409-SELFDATA-TASK-OPEN");
		assertThat(api.post("/api/selfdata/" + datasetId + "/rectification", "{}").status()).isEqualTo(400);
		Answer rectification = api.post("/api/selfdata/" + datasetId + "/rectification",
				"{\"message\": \"Mon nom s'écrit Alix Martin\"}");
		assertThat(rectification.status()).isEqualTo(201);
		assertNoneInClear("Alix Martin");
		String rectificationTask = rectification.json().get("id").asString();
		assertThat(producerApi.get("/api/selfdata/tasks/" + rectificationTask).json().get("message").asString())
				.isEqualTo("Mon nom s'écrit Alix Martin");
		assertThat(producerApi.post("/api/selfdata/tasks/" + rectificationTask + "/treat", "{\"outcome\": \"REFUSED\"}")
				.status()).isEqualTo(400);
		assertThat(producerApi.post("/api/selfdata/tasks/" + rectificationTask + "/treat",
				"{\"outcome\": \"DONE\", \"message\": \"Corrigé\"}").status()).isEqualTo(200);
		assertThat(statuses(api.get("/api/selfdata/requests/" + id).json())).endsWith("ERASURE_REQUESTED",
				"RECTIFICATION_REQUESTED", "RECTIFICATION_DONE");
	}

	@Test
	void shouldRefuseErasureWhenTheProducerKeepsTheData() {
		UUID producer = fixtures.organization("Régie");
		String datasetId = fixtures.dataset(producer, "OUT", node.url(), SelfdataFixtures.EMAIL_AND_CARD, false)
				.get("global_id").asString();
		Person citizen = fixtures.person("effaceuse");
		Person agent = fixtures.person("regie");
		fixtures.member(producer, agent, "member");
		TestHttp api = citizen.api(port);
		assertThat(api.post("/api/selfdata/" + datasetId + "/erasure", "{}").status()).isEqualTo(404);
		String id = api.post("/api/selfdata/requests", "{\"dataset_id\": \"" + datasetId
				+ "\", \"matching\": {\"email\": \"e@example.org\"}}").json().get("id").asString();
		String task = agent.api(port).get("/api/selfdata/tasks?organization_id=" + producer).json().get(0).get("id")
				.asString();
		agent.api(port).post("/api/selfdata/tasks/" + task + "/treat", "{\"outcome\": \"NOT_FOUND\"}");
		assertThat(api.get("/api/selfdata/requests/" + id).json().get("data_found").asBoolean()).isFalse();
		assertThat(api.post("/api/selfdata/" + datasetId + "/erasure", "{}").status()).isEqualTo(404);
	}

	// --- helpers

	private static JsonNode awaitClosed(TestHttp api, String id) {
		return NodeTests.awaitClosed(api, id);
	}

	static List<String> statuses(JsonNode request) {
		List<String> statuses = new ArrayList<>();
		request.get("history").forEach(t -> statuses.add(t.get("status").asString()));
		return statuses;
	}

	static String lastMessage(JsonNode request) {
		JsonNode history = request.get("history");
		return history.get(history.size() - 1).get("message").asString("");
	}

	static List<String> fieldNames(JsonNode node) {
		List<String> names = new ArrayList<>();
		node.propertyNames().forEach(names::add);
		return names;
	}

	static List<String> errors(Answer answer) {
		assertThat(answer.status()).as(answer.body()).isEqualTo(400);
		List<String> errors = new ArrayList<>();
		answer.json().get("errors").forEach(e -> errors.add(e.get("code").asString() + " " + e.get("field").asString()));
		return errors;
	}

	/** Reads every row of every self-data table as text, and each binary column as raw bytes, for the values. */
	void assertNoneInClear(String... values) {
		for (String table : List.of("selfdata_requests", "selfdata_attachments", "selfdata_transitions",
				"selfdata_tasks", "selfdata_accesses")) {
			List<String> rows = new ArrayList<>(
					jdbc.sql("select t::text from " + table + " t").query(String.class).list());
			for (String column : jdbc.sql("select column_name from information_schema.columns where table_name = ? "
					+ "and data_type = 'bytea'").param(table).query(String.class).list()) {
				rows.addAll(jdbc.sql("select encode(" + column + ", 'escape') from " + table + " where "
						+ column + " is not null").query(String.class).list());
			}
			for (String value : values) {
				assertThat(rows).as(table).noneMatch(row -> row.contains(value));
			}
		}
	}
}
