package org.kerys.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.kerys.KerysHttpTest;
import org.kerys.RudiRecords;
import org.kerys.TestHttp;
import org.kerys.TestHttp.Answer;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

@KerysHttpTest
class ResourcesApiTests {

	@LocalServerPort
	int port;

	TestHttp admin() {
		return TestHttp.admin(port);
	}

	TestHttp anonymous() {
		return TestHttp.anonymous(port);
	}

	@Test
	void shouldCreateAndReturnTheRecordUnchanged() {
		ObjectNode record = RudiRecords.open("Budget primitif " + UUID.randomUUID());
		Answer created = admin().post("/api/v1/resources", RudiRecords.write(record));
		assertThat(created.status()).isEqualTo(201);
		assertThat(created.header("Location")).isEqualTo("/api/v1/resources/" + record.get("global_id").asString());
		assertThat(created.json()).isEqualTo(record);

		Answer read = anonymous().get("/api/v1/resources/" + record.get("global_id").asString());
		assertThat(read.status()).isEqualTo(200);
		assertThat(read.json()).isEqualTo(record);
	}

	@Test
	void shouldRefuseWritesWithoutAuthentication() {
		ObjectNode record = RudiRecords.open("Anonyme");
		Answer answer = anonymous().post("/api/v1/resources", RudiRecords.write(record));
		assertThat(answer.status()).isEqualTo(401);
		assertThat(answer.json().get("code").asString()).isEqualTo("KRS-401");
		assertThat(anonymous().get("/api/v1/resources/" + record.get("global_id").asString()).status()).isEqualTo(404);
	}

	@Test
	void shouldReplaceAndDelete() {
		ObjectNode record = RudiRecords.open("À remplacer");
		String id = record.get("global_id").asString();
		assertThat(admin().post("/api/v1/resources", RudiRecords.write(record)).status()).isEqualTo(201);

		record.put("resource_title", "Remplacé");
		Answer replaced = admin().put("/api/v1/resources/" + id, RudiRecords.write(record));
		assertThat(replaced.status()).isEqualTo(200);
		assertThat(anonymous().get("/api/v1/resources/" + id).json().get("resource_title").asString()).isEqualTo("Remplacé");

		assertThat(admin().delete("/api/v1/resources/" + id).status()).isEqualTo(204);
		Answer gone = anonymous().get("/api/v1/resources/" + id);
		assertThat(gone.status()).isEqualTo(404);
		assertThat(gone.json().get("code").asString()).isEqualTo("ERR-104");
		assertThat(admin().delete("/api/v1/resources/" + id).status()).isEqualTo(404);
	}

	@Test
	void shouldRefusePutOfAnotherId() {
		ObjectNode record = RudiRecords.open("Mauvais identifiant");
		String id = record.get("global_id").asString();
		admin().post("/api/v1/resources", RudiRecords.write(record));
		Answer answer = admin().put("/api/v1/resources/" + UUID.randomUUID(), RudiRecords.write(record));
		assertThat(answer.status()).isEqualTo(404);
		Answer mismatch = admin().put("/api/v1/resources/" + id,
				RudiRecords.write(record.put("global_id", UUID.randomUUID().toString())));
		assertThat(mismatch.status()).isEqualTo(400);
		assertThat(mismatch.json().get("errors").get(0).get("code").asString()).isEqualTo("ERR-303");
	}

	@Test
	void shouldRefuseDuplicateIdentifiersWithEveryProblem() {
		ObjectNode first = RudiRecords.open("Premier");
		assertThat(admin().post("/api/v1/resources", RudiRecords.write(first)).status()).isEqualTo(201);

		Answer sameId = admin().post("/api/v1/resources", RudiRecords.write(first));
		assertThat(sameId.status()).isEqualTo(409);
		assertThat(sameId.json().get("code").asString()).isEqualTo("ERR-304");

		ObjectNode second = RudiRecords.open("Second");
		second.put("local_id", first.get("local_id").asString());
		((ObjectNode) second.get("available_formats").get(0)).put("media_id",
				first.get("available_formats").get(0).get("media_id").asString());
		Answer answer = admin().post("/api/v1/resources", RudiRecords.write(second));
		assertThat(answer.status()).isEqualTo(409);
		assertThat(answer.json().get("errors")).extracting(e -> e.get("field").asString())
				.containsExactlyInAnyOrder("local_id", "available_formats[0].media_id");
		assertThat(anonymous().get("/api/v1/resources/" + second.get("global_id").asString()).status()).isEqualTo(404);
	}

	@Test
	void shouldAnswerMalformedJsonWith101() {
		Answer answer = admin().post("/api/v1/resources", "{\"global_id\": ");
		assertThat(answer.status()).isEqualTo(400);
		assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
		assertThat(answer.json().get("code").asString()).isEqualTo("ERR-101");
	}

	@Test
	void shouldAnswerUnknownAndMalformedIdsWith104() {
		assertThat(anonymous().get("/api/v1/resources/" + UUID.randomUUID()).json().get("code").asString())
				.isEqualTo("ERR-104");
		Answer malformed = anonymous().get("/api/v1/resources/not-a-uuid");
		assertThat(malformed.status()).isEqualTo(404);
		assertThat(malformed.json().get("code").asString()).isEqualTo("ERR-104");
	}

	@Test
	void shouldListWithPagingFiltersSortingAndProjection() {
		UUID producer = UUID.randomUUID();
		for (int i = 0; i < 3; i++) {
			ObjectNode record = RudiRecords.open("Liste " + i, producer, "Producteur liste", "d41d8cd98f00b204e9800998ecf8427e", 0);
			assertThat(admin().post("/api/v1/resources", RudiRecords.write(record)).status()).isEqualTo(201);
		}
		Answer all = anonymous().get("/api/v1/resources?producer.organization_id=" + producer + "&sort_by=-resource_title");
		assertThat(all.json().get("total").asLong()).isEqualTo(3);
		assertThat(all.json().get("items")).extracting(i -> i.get("resource_title").asString())
				.containsExactly("Liste 2", "Liste 1", "Liste 0");

		Answer page = anonymous().get("/api/v1/resources?producer.organization_id=" + producer
				+ "&sort_by=resource_title&limit=1&offset=1&fields=global_id,resource_title,producer.organization_name");
		JsonNode item = page.json().get("items").get(0);
		assertThat(page.json().get("total").asLong()).isEqualTo(3);
		assertThat(page.json().get("items").size()).isEqualTo(1);
		assertThat(item.get("resource_title").asString()).isEqualTo("Liste 1");
		assertThat(item.propertyNames()).containsExactlyInAnyOrder("global_id", "resource_title", "producer");
		assertThat(item.get("producer").propertyNames()).containsExactly("organization_name");

		Answer byKeyword = anonymous().get("/api/v1/resources?producer.organization_id=" + producer + "&keywords=finances");
		assertThat(byKeyword.json().get("total").asLong()).isEqualTo(3);
		Answer none = anonymous().get("/api/v1/resources?producer.organization_id=" + producer + "&keywords=autre");
		assertThat(none.json().get("total").asLong()).isZero();
	}

	@Test
	void shouldFilterOnUpdateTime() throws Exception {
		UUID producer = UUID.randomUUID();
		ObjectNode before = RudiRecords.open("Avant", producer, "P", "d41d8cd98f00b204e9800998ecf8427e", 0);
		admin().post("/api/v1/resources", RudiRecords.write(before));
		Thread.sleep(20);
		String middle = java.time.OffsetDateTime.now().toString();
		Thread.sleep(20);
		ObjectNode after = RudiRecords.open("Après", producer, "P", "d41d8cd98f00b204e9800998ecf8427e", 0);
		admin().post("/api/v1/resources", RudiRecords.write(after));

		String base = "/api/v1/resources?producer.organization_id=" + producer;
		assertThat(anonymous().get(base + "&updated_after=" + middle).json().get("items"))
				.extracting(i -> i.get("resource_title").asString()).containsExactly("Après");
		assertThat(anonymous().get(base + "&updated_before=" + middle).json().get("items"))
				.extracting(i -> i.get("resource_title").asString()).containsExactly("Avant");
	}

	@Test
	void shouldRejectBadListParameters() {
		assertThat(anonymous().get("/api/v1/resources?limit=abc").json().get("code").asString()).isEqualTo("ERR-201");
		assertThat(anonymous().get("/api/v1/resources?limit=0").status()).isEqualTo(400);
		assertThat(anonymous().get("/api/v1/resources?updated_after=yesterday").json().get("code").asString())
				.isEqualTo("ERR-201");
		assertThat(anonymous().get("/api/v1/resources?no_such_field=1").json().get("code").asString())
				.isEqualTo("ERR-102");
		assertThat(anonymous().get("/api/v1/resources?sort_by=producer;drop").status()).isEqualTo(400);
		assertThat(anonymous().get("/api/v1/resources?limit=100000").json().get("items").size()).isLessThanOrEqualTo(500);
	}

	@Test
	void shouldRefuseOversizedJsonWith413() {
		ObjectNode record = RudiRecords.open("Trop gros");
		record.put("resource_title", "x".repeat(2 * 1024 * 1024));
		String body = RudiRecords.write(record);
		Answer declared = admin().post("/api/v1/resources", body);
		assertThat(declared.status()).isEqualTo(413);
		assertThat(declared.json().get("code").asString()).isEqualTo("KRS-413");

		byte[] bytes = body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
		Answer chunked = admin().send(admin().request("/api/v1/resources").header("Content-Type", "application/json")
				.POST(java.net.http.HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(bytes))));
		assertThat(chunked.status()).isEqualTo(413);
		assertThat(anonymous().get("/api/v1/resources/" + record.get("global_id").asString()).status()).isEqualTo(404);
	}

	@Test
	void shouldRefuseWrongTopLevelTypes() {
		Answer array = admin().post("/api/v1/resources", "[1,2]");
		assertThat(array.status()).isEqualTo(400);
		assertThat(array.json().get("code").asString()).isEqualTo("ERR-101");
		Answer text = admin().send(admin().request("/api/v1/resources").header("Content-Type", "text/plain")
				.POST(java.net.http.HttpRequest.BodyPublishers.ofString("hello")));
		assertThat(text.status()).isEqualTo(415);
	}

	@Test
	void shouldCreateOnceWhenTheSameRecordIsPostedConcurrently() throws Exception {
		for (int round = 0; round < 5; round++) {
			String body = RudiRecords.write(RudiRecords.open("Concurrence " + round));
			var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
			try {
				java.util.concurrent.Callable<Integer> post = () -> admin().post("/api/v1/resources", body).status();
				var answers = pool.invokeAll(java.util.Collections.nCopies(4, post));
				java.util.List<Integer> statuses = new java.util.ArrayList<>();
				for (var answer : answers) {
					statuses.add(answer.get());
				}
				assertThat(statuses).containsOnlyOnce(201).containsOnly(201, 409);
			}
			finally {
				pool.shutdown();
			}
		}
	}
}
