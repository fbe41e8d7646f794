package org.kerys.federation;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kerys.KerysHttpTest;
import org.kerys.TestHttp;
import org.kerys.TestHttp.Answer;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The CKAN-compatible read API: envelope, each action, fq mapping onto Kerys' search, errors. */
@KerysHttpTest
class CkanTests {

	@LocalServerPort
	int port;

	TestHttp http;

	static boolean imported;

	@BeforeEach
	void setUp() {
		http = TestHttp.anonymous(port);
		synchronized (CkanTests.class) {
			if (!imported) {
				FederationFixtures.importRennes(port);
				imported = true;
			}
		}
	}

	static String enc(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	JsonNode result(String path) {
		Answer answer = http.get(path);
		assertThat(answer.status()).as(path + " " + answer.body()).isEqualTo(200);
		assertThat(answer.header("Content-Type")).startsWith("application/json");
		JsonNode body = answer.json();
		assertThat(body.get("success").asBoolean()).isTrue();
		assertThat(body.get("help").asString()).contains("/api/3/action/help_show");
		return body.get("result");
	}

	JsonNode error(String path, int status, String type) {
		Answer answer = http.get(path);
		assertThat(answer.status()).as(path + " " + answer.body()).isEqualTo(status);
		JsonNode body = answer.json();
		assertThat(body.get("success").asBoolean()).isFalse();
		assertThat(body.get("error").get("__type").asString()).as(path).isEqualTo(type);
		assertThat(body.get("error").get("message").asString()).isNotBlank();
		return body.get("error");
	}

	@Test
	void shouldShowAPackageAsCkanHarvestersReadIt() {
		JsonNode p = result("/api/3/action/package_show?id=" + FederationFixtures.RENNES_RECORD);
		assertThat(p.get("id").asString()).isEqualTo(FederationFixtures.RENNES_RECORD);
		assertThat(p.get("name").asString()).isEqualTo(FederationFixtures.RENNES_RECORD);
		assertThat(p.get("title").asString()).isEqualTo("BP 2018 - Ville de Rennes - Subventions aux associations");
		assertThat(p.get("notes").asString()).startsWith("Ces trois tableaux");
		assertThat(p.get("metadata_created").asString()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}");
		assertThat(p.get("metadata_modified").asString()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}");
		assertThat(p.get("license_id").asString()).isEqualTo("odbl-1.0");
		assertThat(p.get("license_url").asString()).isEqualTo("https://opendatacommons.org/licenses/odbl/1-0");
		assertThat(p.get("license_title").asString()).isNotBlank();
		assertThat(p.get("isopen").asBoolean()).isTrue();
		assertThat(p.get("organization").get("id").asString()).isEqualTo(FederationFixtures.RENNES_CITY.toString());
		assertThat(p.get("organization").get("title").asString()).isEqualTo("Ville de Rennes");
		assertThat(p.get("owner_org").asString()).isEqualTo(FederationFixtures.RENNES_CITY.toString());
		assertThat(p.get("tags").get(0).get("name").asString()).isEqualTo("budget");
		assertThat(p.get("groups").get(0).get("name").asString()).isEqualTo("economy");
		JsonNode resource = p.get("resources").get(0);
		assertThat(resource.get("id").asString()).isEqualTo("39efa487-ddf2-4390-a255-83d896f7591c");
		assertThat(resource.get("url").asString())
				.isEqualTo("https://data-rudi.org/media/download/39efa487-ddf2-4390-a255-83d896f7591c");
		assertThat(resource.get("format").asString()).isEqualTo("JSON");
		assertThat(resource.get("mimetype").asString()).isEqualTo("application/json");
		assertThat(resource.get("size").asLong()).isEqualTo(343687);
		assertThat(resource.get("hash").asString()).isEqualTo("c80d6049868f78cae8b1f37d935b9962");
		assertThat(p.get("num_resources").asInt()).isEqualTo(1);
		Map<String, String> extras = new java.util.HashMap<>();
		p.get("extras").forEach(e -> extras.put(e.get("key").asString(), e.get("value").asString()));
		assertThat(extras).containsEntry("access_rights",
				"http://publications.europa.eu/resource/authority/access-right/PUBLIC")
				.containsEntry("local_id", "bp-2018-ville-de-rennes-subventions-aux-associations")
				.containsKey("uri");

		ObjectNode restricted = FederationFixtures.restricted(port, "Jeu restreint CKAN");
		JsonNode closed = result("/api/3/action/package_show?id=" + restricted.get("global_id").asString());
		assertThat(closed.get("isopen").asBoolean()).isFalse();
		assertThat(closed.toString()).contains("access-right/RESTRICTED");

		JsonNode missing = error("/api/3/action/package_show?id=00000000-0000-0000-0000-000000000000", 404,
				"Not Found Error");
		assertThat(missing.get("code").asString()).isEqualTo("KRS-404-CKAN-PACKAGE");
		error("/api/3/action/package_show?id=nimporte-quoi", 404, "Not Found Error");
		assertThat(error("/api/3/action/package_show", 400, "Validation Error").get("id").get(0).asString())
				.isEqualTo("Missing value");
	}

	@Test
	void shouldSearchWithRowsStartSortAndFacets() {
		// The answer walks the search's pages; a write of an earlier test still being indexed may land between two
		// of them (then the count and the pages differ by that dataset): asked again once the index is quiet.
		JsonNode all = result("/api/3/action/package_search?rows=1000");
		for (int tries = 0; tries < 20
				&& all.get("results").size() != Math.min(all.get("count").asLong(), 1000); tries++) {
			sleep(100);
			all = result("/api/3/action/package_search?rows=1000");
		}
		long count = all.get("count").asLong();
		assertThat(count).isGreaterThanOrEqualTo(387);
		assertThat(all.get("results").size()).isEqualTo((int) Math.min(count, 1000));
		assertThat(result("/api/3/action/package_search").get("results").size()).isEqualTo(10);

		// paging with start: the pages join up without gaps or repeats, in the order asked for
		Set<String> paged = new LinkedHashSet<>();
		List<String> titles = new ArrayList<>();
		for (int start = 0; start < 450; start += 150) {
			JsonNode page = result("/api/3/action/package_search?rows=150&start=" + start + "&sort="
					+ enc("title_string asc"));
			page.get("results").forEach(r -> {
				paged.add(r.get("id").asString());
				titles.add(r.get("title").asString());
			});
		}
		assertThat(paged).hasSize((int) Math.min(count, 450));
		assertThat(titles).hasSize(paged.size());
		JsonNode recent = result("/api/3/action/package_search?rows=5&sort=" + enc("metadata_modified desc"));
		assertThat(recent.get("sort").asString()).isEqualTo("metadata_modified desc");
		assertThat(result("/api/3/action/package_search?q=budget&sort=" + enc("score desc")).get("count").asLong())
				.isPositive();
		assertThat(result("/api/3/action/package_search?rows=0").get("results").size()).isZero();

		JsonNode faceted = result("/api/3/action/package_search?rows=0&facet.field="
				+ enc("[\"organization\",\"tags\",\"groups\",\"res_format\",\"license_id\"]"));
		JsonNode organizations = faceted.get("search_facets").get("organization");
		assertThat(organizations.get("title").asString()).isEqualTo("organization");
		assertThat(organizations.get("items").toString()).contains(FederationFixtures.RENNES_CITY.toString())
				.contains("Ville de Rennes");
		assertThat(faceted.get("search_facets").get("res_format").get("items").get(0).get("name").asString())
				.isEqualTo("JSON");
		assertThat(faceted.get("facets").get("groups").has("economy")).isTrue();
		assertThat(faceted.get("facets").get("license_id").has("odbl-1.0")).isTrue();

		// facet.limit: how many values per field, most frequent first (default 50, negative: all; 20 are counted)
		JsonNode two = result("/api/3/action/package_search?rows=0&facet.limit=2&facet.field="
				+ enc("[\"organization\",\"groups\"]"));
		assertThat(two.get("search_facets").get("groups").get("items").size()).isEqualTo(2);
		assertThat(two.get("facets").get("organization").size()).isEqualTo(2);
		JsonNode allGroups = faceted.get("search_facets").get("groups").get("items");
		assertThat(two.get("search_facets").get("groups").get("items").get(0).get("count").asLong())
				.isEqualTo(allGroups.get(0).get("count").asLong());
		JsonNode unlimited = result("/api/3/action/package_search?rows=0&facet.limit=-1&facet.field="
				+ enc("[\"groups\"]"));
		assertThat(unlimited.get("search_facets").get("groups").get("items").size()).isEqualTo(allGroups.size());
		assertThat(result("/api/3/action/package_search?rows=0&facet.limit=0&facet.field=" + enc("[\"groups\"]"))
				.get("facets").get("groups").size()).isZero();
	}

	@Test
	void shouldListTheThemesAsGroups() {
		JsonNode names = result("/api/3/action/group_list");
		assertThat(names.toString()).contains("\"economy\"", "\"transportation\"");
		JsonNode groups = result("/api/3/action/group_list?all_fields=true&sort=" + enc("package_count desc"));
		assertThat(groups.size()).isEqualTo(names.size());
		JsonNode first = groups.get(0);
		assertThat(first.get("type").asString()).isEqualTo("group");
		assertThat(first.get("is_organization").asBoolean()).isFalse();
		assertThat(first.get("package_count").asLong()).isPositive()
				.isGreaterThanOrEqualTo(groups.get(groups.size() - 1).get("package_count").asLong());
		// a group's count is what fq=groups:… finds
		assertThat(result("/api/3/action/package_search?rows=0&fq=" + enc("groups:" + first.get("name").asString()))
				.get("count").asLong()).isEqualTo(first.get("package_count").asLong());
		JsonNode economy = null;
		for (JsonNode group : groups) {
			if ("economy".equals(group.get("name").asString())) {
				economy = group;
			}
		}
		assertThat(economy.get("title").asString()).isEqualTo("Economie"); // the RUDI vocabulary's French label
		JsonNode byName = result("/api/3/action/group_list?sort=" + enc("name asc"));
		JsonNode slice = result("/api/3/action/group_list?limit=2&offset=1&sort=" + enc("name asc"));
		assertThat(slice.size()).isEqualTo(2);
		assertThat(slice.get(0).asString()).isEqualTo(byName.get(1).asString());
		assertThat(slice.get(1).asString()).isEqualTo(byName.get(2).asString());
		assertThat(http.get("/v3/api-docs").json().get("paths").has("/api/3/action/group_list")).isTrue();
	}

	@Test
	void shouldMapFqOntoTheSearchFilters() {
		String city = FederationFixtures.RENNES_CITY.toString();
		JsonNode byOrganization = result("/api/3/action/package_search?rows=1000&fq=" + enc("organization:" + city));
		assertThat(byOrganization.get("count").asLong()).isPositive();
		byOrganization.get("results").forEach(r -> assertThat(r.get("owner_org").asString()).isEqualTo(city));

		JsonNode byTheme = result("/api/3/action/package_search?rows=1000&fq=" + enc("groups:economy"));
		assertThat(byTheme.get("count").asLong()).isPositive();
		byTheme.get("results").forEach(r -> assertThat(r.get("groups").get(0).get("name").asString()).isEqualTo("economy"));

		JsonNode byTag = result("/api/3/action/package_search?rows=1000&fq=" + enc("tags:budget"));
		byTag.get("results").forEach(r -> assertThat(r.get("tags").toString()).contains("\"budget\""));

		JsonNode byLicence = result("/api/3/action/package_search?rows=1000&fq=" + enc("+license_id:etalab-2.0"));
		assertThat(byLicence.get("count").asLong()).isPositive();
		byLicence.get("results").forEach(r -> assertThat(r.get("license_id").asString()).isEqualTo("etalab-2.0"));

		long json = result("/api/3/action/package_search?rows=0&fq=" + enc("res_format:JSON")).get("count").asLong();
		assertThat(json).isPositive();
		assertThat(result("/api/3/action/package_search?rows=0&fq=" + enc("res_format:\"application/json\""))
				.get("count").asLong()).isEqualTo(json);

		JsonNode both = result("/api/3/action/package_search?rows=1000&fq="
				+ enc("organization:" + city + " groups:economy"));
		assertThat(both.get("count").asLong()).isPositive().isLessThanOrEqualTo(byTheme.get("count").asLong());
		both.get("results").forEach(r -> assertThat(r.get("owner_org").asString()).isEqualTo(city));

		assertThat(error("/api/3/action/package_search?fq=" + enc("author:quelqu'un"), 400, "Validation Error")
				.get("code").asString()).isEqualTo("KRS-400-CKAN-FQ-FIELD");
		assertThat(error("/api/3/action/package_search?fq=" + enc("pas de champ"), 400, "Validation Error")
				.get("code").asString()).isEqualTo("KRS-400-CKAN-FQ");
	}

	@Test
	void shouldListPackagesOrganizationsAndLicences() {
		JsonNode names = result("/api/3/action/package_list");
		assertThat(names.size()).isGreaterThanOrEqualTo(387);
		JsonNode some = result("/api/3/action/package_list?limit=10&offset=5");
		assertThat(some.size()).isEqualTo(10);
		assertThat(some.get(0).asString()).isEqualTo(names.get(5).asString());

		JsonNode organizations = result("/api/3/action/organization_list");
		assertThat(organizations.toString()).contains(FederationFixtures.RENNES_CITY.toString());
		JsonNode full = result("/api/3/action/organization_list?all_fields=true&sort=" + enc("package_count desc"));
		assertThat(full.get(0).get("package_count").asLong())
				.isGreaterThanOrEqualTo(full.get(full.size() - 1).get("package_count").asLong());
		assertThat(full.get(0).get("is_organization").asBoolean()).isTrue();
		assertThat(result("/api/3/action/organization_list?limit=2").size()).isEqualTo(2);

		JsonNode city = result("/api/3/action/organization_show?id=" + FederationFixtures.RENNES_CITY);
		assertThat(city.get("title").asString()).isEqualTo("Ville de Rennes");
		assertThat(city.get("package_count").asLong()).isPositive();
		error("/api/3/action/organization_show?id=00000000-0000-0000-0000-000000000000", 404, "Not Found Error");

		JsonNode licences = result("/api/3/action/license_list");
		assertThat(licences.toString()).contains("\"id\":\"etalab-2.0\"").contains("\"id\":\"odbl-1.0\"");

		JsonNode paths = http.get("/v3/api-docs").json().get("paths");
		for (String action : List.of("package_search", "package_show", "package_list", "organization_list",
				"organization_show", "license_list", "status_show")) {
			assertThat(paths.has("/api/3/action/" + action)).as(action + " in the OpenAPI description").isTrue();
		}

		JsonNode status = result("/api/3/action/status_show");
		assertThat(status.get("ckan_version").asString()).startsWith("2.");
		assertThat(status.get("site_url").asString()).isNotBlank();
	}

	@Test
	void shouldAnswerBadInputInTheCkanErrorEnvelope() {
		Map<String, String> cases = Map.of("/api/3/action/package_search?rows=1001", "KRS-400-CKAN-ROWS",
				"/api/3/action/package_search?rows=dix", "KRS-400-CKAN-ROWS",
				"/api/3/action/package_search?start=-1", "KRS-400-CKAN-START",
				"/api/3/action/package_search?sort=" + enc("name desc"), "KRS-400-CKAN-SORT",
				"/api/3/action/package_search?facet.field=" + enc("[\"organization\""), "KRS-400-CKAN-FACET",
				"/api/3/action/package_search?facet.field=" + enc("[\"author\"]"), "KRS-400-CKAN-FACET",
				"/api/3/action/package_search?facet.field=organization", "KRS-400-CKAN-FACET",
				"/api/3/action/package_list?limit=-3", "KRS-400-CKAN-LIMIT",
				"/api/3/action/organization_list?all_fields=peut-etre", "KRS-400-CKAN-BOOLEAN",
				"/api/3/action/package_search?q=" + enc("x".repeat(600)), "KRS-400-QUERY");
		for (var bad : cases.entrySet()) {
			assertThat(error(bad.getKey(), 400, "Validation Error").get("code").asString()).as(bad.getKey())
					.isEqualTo(bad.getValue());
		}
		assertThat(error("/api/3/action/package_search?facet.limit=beaucoup", 400, "Validation Error").get("code")
				.asString()).isEqualTo("KRS-400-CKAN-FACET-LIMIT");
		assertThat(error("/api/3/action/group_list?sort=" + enc("title desc"), 400, "Validation Error").get("code")
				.asString()).isEqualTo("KRS-400-CKAN-SORT");
		assertThat(error("/api/3/action/package_create", 400, "Bad request").get("message").asString())
				.contains("package_create");
		Answer post = http.send(http.request("/api/3/action/package_search").POST(HttpRequest.BodyPublishers.ofString("{}")));
		assertThat(post.status()).isIn(401, 403, 405);
		Answer head = http.send(http.request("/api/3/action/status_show").method("HEAD", HttpRequest.BodyPublishers.noBody()));
		assertThat(head.status()).isEqualTo(200);
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}
}
