package org.kerys.federation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.kerys.federation.HarvestSupport.assertCounts;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.kerys.KerysHttpTest;
import org.kerys.TestHttp.Answer;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Harvest sources: created by an administrator (validated, every problem with its code), approved before they run,
 * run by hand; their datasets get the source's organisation as producer and ids derived from the source and the
 * remote id, so a second harvest updates, never duplicates.
 */
@KerysHttpTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HarvestSourcesTests {

	@LocalServerPort
	int port;

	HarvestSupport support;
	HarvestTestNode upstream;

	@BeforeAll
	void start() throws Exception {
		support = new HarvestSupport(port);
		upstream = new HarvestTestNode();
	}

	@AfterAll
	void stop() {
		upstream.close();
	}

	@Test
	void shouldRefuseAnInvalidSourceWithEveryProblem() {
		Answer answer = support.admin().post("/api/admin/harvest-sources", """
				{"type": "ftp", "url": "not a url", "organization_id": "%s", "schedule": "every day",
				 "allow_private_network": "yes", "colour": "blue"}""".formatted(UUID.randomUUID()));
		assertThat(answer.status()).as(answer.body()).isEqualTo(400);
		List<String> problems = new ArrayList<>();
		answer.json().get("errors").forEach(e -> problems.add(e.get("code").asString() + " " + e.get("field").asString()));
		assertThat(problems).containsExactlyInAnyOrder("ERR-102 colour", "ERR-302 type", "ERR-201 url",
				"ERR-303 organization_id", "ERR-201 schedule", "ERR-201 allow_private_network");

		Answer missing = support.admin().post("/api/admin/harvest-sources", "{}");
		assertThat(missing.status()).isEqualTo(400);
		List<String> fields = new ArrayList<>();
		missing.json().get("errors").forEach(e -> fields.add(e.get("code").asString() + " " + e.get("field").asString()));
		assertThat(fields).containsExactlyInAnyOrder("ERR-202 type", "ERR-202 url", "ERR-202 organization_id");

		Answer notObject = support.admin().post("/api/admin/harvest-sources", "[1]");
		assertThat(notObject.status()).isEqualTo(400);
		assertThat(notObject.json().get("code").asString()).isEqualTo("ERR-101");
		Answer badId = support.admin().post("/api/admin/harvest-sources",
				"{\"type\": \"ckan\", \"url\": \"https://ckan.example.org\", \"organization_id\": \"x\"}");
		assertThat(badId.status()).isEqualTo(400);
		assertThat(badId.json().get("errors").get(0).get("code").asString()).isEqualTo("ERR-201");
		Answer unknown = support.admin().get("/api/admin/harvest-sources/" + UUID.randomUUID());
		assertThat(unknown.status()).isEqualTo(404);
		assertThat(unknown.json().get("code").asString()).isEqualTo("KRS-404-HARVEST-SOURCE");
	}

	@Test
	void shouldHarvestAnApprovedSourceIntoItsOrganisationWithoutDuplicates() throws Exception {
		UUID organization = support.newOrganization("Source moissonnée");
		UUID someoneElse = UUID.randomUUID();
		List<ObjectNode> records = HarvestTestNode.rennes(someoneElse).subList(0, 12);
		upstream.serve(records);

		Answer created = support.admin().post("/api/admin/harvest-sources", """
				{"type": "rudi", "url": "%s", "organization_id": "%s", "schedule": "0 4 * * *",
				 "allow_private_network": true}""".formatted(upstream.url(), organization));
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		JsonNode source = created.json();
		String id = source.get("id").asString();
		assertThat(source.get("state").asString()).isEqualTo("pending");
		assertThat(source.get("type").asString()).isEqualTo("rudi");
		assertThat(created.header("Location")).endsWith("/api/admin/harvest-sources/" + id);
		Answer twice = support.admin().post("/api/admin/harvest-sources", """
				{"type": "rudi", "url": "%s", "organization_id": "%s"}""".formatted(upstream.url(), organization));
		assertThat(twice.status()).isEqualTo(409);
		assertThat(twice.json().get("code").asString()).isEqualTo("KRS-409-HARVEST-SOURCE");

		Answer early = support.admin().post("/api/admin/harvest-sources/" + id + "/run", "");
		assertThat(early.status()).as(early.body()).isEqualTo(409);
		assertThat(early.json().get("code").asString()).isEqualTo("KRS-409-SOURCE-PENDING");

		Answer approved = support.admin().post("/api/admin/harvest-sources/" + id + "/approve", "");
		assertThat(approved.status()).as(approved.body()).isEqualTo(200);
		assertThat(approved.json().get("state").asString()).isEqualTo("approved");
		assertThat(approved.json().get("approved_by").asString()).isEqualTo("admin");

		JsonNode first = support.awaitJob(run(id, false));
		assertThat(first.get("status").asString()).as(first.toString()).isEqualTo("succeeded");
		assertCounts(first, 12, 0, 0, 0);
		assertThat(first.get("source_id").asString()).isEqualTo(id);

		upstream.change(3, "Changé à la source");
		JsonNode again = support.awaitJob(run(id, true));
		assertThat(again.get("status").asString()).as(again.toString()).isEqualTo("succeeded");
		assertCounts(again, 0, 1, 0, 0);
		assertThat(again.at("/counts/unchanged").asInt()).isEqualTo(11);

		// ids derived from the source and the remote id, the producer the source's organisation
		Answer search = support.admin().get("/api/admin/harvest-sources/" + id);
		assertThat(search.status()).isEqualTo(200);
		assertThat(search.json().get("jobs").size()).isEqualTo(2);
		assertThat(support.datasetStatus(records.get(0).get("global_id").asString())).isEqualTo(404);
		Answer list = support.admin().get("/api/admin/harvest-sources");
		assertThat(list.status()).isEqualTo(200);
		List<String> ids = new ArrayList<>();
		list.json().forEach(s -> ids.add(s.get("id").asString()));
		assertThat(ids).contains(id);

		Answer deleted = support.admin().delete("/api/admin/harvest-sources/" + id);
		assertThat(deleted.status()).isEqualTo(204);
		assertThat(support.admin().get("/api/admin/harvest-sources/" + id).status()).isEqualTo(404);
		assertThat(support.admin().get("/api/admin/jobs/" + first.get("job_id").asString()).status()).isEqualTo(404);
	}

	/**
	 * A CKAN catalogue harvested end to end through a source: the recorded packages (served whatever page size the
	 * reader asks) become datasets of the source's organisation, the same ones at the next run.
	 */
	@Test
	void shouldHarvestACkanCatalogueThroughASource() throws Exception {
		tools.jackson.databind.json.JsonMapper json = tools.jackson.databind.json.JsonMapper.builder().build();
		List<JsonNode> packages = new ArrayList<>();
		for (String start : List.of("0", "2", "4")) {
			try (java.io.InputStream in = getClass().getResourceAsStream("/harvest/ckan/package_search-" + start + ".json")) {
				// Names and ids of this run only: other tests publish the same recorded packages.
				String run = UUID.randomUUID().toString().substring(0, 8);
				json.readTree(in).get("result").get("results").forEach(p -> {
					ObjectNode copy = (ObjectNode) p.deepCopy();
					copy.put("id", p.get("id").asString() + "-" + run).put("name", p.get("name").asString() + "-" + run);
					packages.add(copy);
				});
			}
		}
		com.sun.net.httpserver.HttpServer ckan = com.sun.net.httpserver.HttpServer.create(
				new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
		ckan.createContext("/api/3/action/package_search", exchange -> {
			java.util.Map<String, String> query = new java.util.HashMap<>();
			for (String pair : String.valueOf(exchange.getRequestURI().getRawQuery()).split("&")) {
				String[] kv = pair.split("=", 2);
				query.put(kv[0], kv.length > 1 ? java.net.URLDecoder.decode(kv[1], java.nio.charset.StandardCharsets.UTF_8) : "");
			}
			int start = Integer.parseInt(query.getOrDefault("start", "0"));
			int rows = Integer.parseInt(query.getOrDefault("rows", "10"));
			ObjectNode answer = json.createObjectNode().put("success", true);
			ObjectNode result = answer.putObject("result").put("count", packages.size());
			packages.subList(Math.min(start, packages.size()), Math.min(start + rows, packages.size()))
					.forEach(result.putArray("results")::add);
			byte[] body = json.writeValueAsBytes(answer);
			exchange.getResponseHeaders().set("Content-Type", "application/json");
			exchange.sendResponseHeaders(200, body.length);
			exchange.getResponseBody().write(body);
			exchange.close();
		});
		ckan.start();
		try {
			UUID organization = support.newOrganization("CKAN");
			Answer created = support.admin().post("/api/admin/harvest-sources", """
					{"type": "ckan", "url": "http://127.0.0.1:%d", "organization_id": "%s", "allow_private_network": true}"""
					.formatted(ckan.getAddress().getPort(), organization));
			assertThat(created.status()).as(created.body()).isEqualTo(201);
			String id = created.json().get("id").asString();
			assertThat(support.admin().post("/api/admin/harvest-sources/" + id + "/approve", "").status()).isEqualTo(200);

			JsonNode first = support.awaitJob(run(id, false));
			assertThat(first.get("status").asString()).as(first.toString()).isEqualTo("succeeded");
			long harvested = first.get("counts").get("created").asLong();
			assertThat(harvested + first.get("counts").get("rejected").asLong()).isEqualTo(packages.size());
			assertThat(harvested).isGreaterThanOrEqualTo(packages.size() - 1);
			// Searchable within a second of the harvest (the index follows the catalogue's events).
			long deadline = System.currentTimeMillis() + 5000;
			while (searchable(organization) != harvested && System.currentTimeMillis() < deadline) {
				Thread.sleep(50);
			}
			assertThat(searchable(organization)).isEqualTo(harvested);

			JsonNode second = support.awaitJob(run(id, true));
			assertThat(second.get("status").asString()).as(second.toString()).isEqualTo("succeeded");
			assertThat(second.get("counts").get("created").asLong()).isZero();
			assertThat(searchable(organization)).isEqualTo(harvested);
		}
		finally {
			ckan.stop(0);
		}
	}

	private long searchable(UUID producer) {
		return support.admin().get("/api/search?producer=" + producer).json().get("total").asLong();
	}

	private String run(String sourceId, boolean full) {
		Answer answer = support.admin().post("/api/admin/harvest-sources/" + sourceId + "/run" + (full ? "?full=true" : ""),
				"");
		assertThat(answer.status()).as(answer.body()).isEqualTo(202);
		return answer.json().get("job_id").asString();
	}
}
