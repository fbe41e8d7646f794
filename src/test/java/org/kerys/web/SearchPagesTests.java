package org.kerys.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.kerys.web.Portal.html;
import static org.kerys.web.Portal.id;
import static org.kerys.web.Portal.title;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.kerys.KerysHttpTest;
import org.kerys.RudiRecords;
import org.kerys.TestHttp.Answer;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.node.ObjectNode;

/**
 * The search page, a producer's page and the upgraded dataset page, through the real server and search index, read
 * as a browser without JavaScript reads them: every control is a link or a GET form, with the hooks the browser
 * tests rely on.
 */
@KerysHttpTest
class SearchPagesTests {

	private static final Random random = new Random();

	@LocalServerPort
	int port;

	Portal portal() {
		return new Portal(port);
	}

	/** A word no other test uses: the database and the index are shared by every test of the run. */
	static String token() {
		StringBuilder out = new StringBuilder("kw");
		for (int i = 0; i < 8; i++) {
			out.append((char) ('a' + random.nextInt(26)));
		}
		return out.toString();
	}

	static ObjectNode record(String title, UUID producer, String producerName) {
		return RudiRecords.open(title, producer, producerName, "d41d8cd98f00b204e9800998ecf8427e", 2_500_000);
	}

	/** Polls the page until it satisfies the condition: indexing follows the commit by a few milliseconds. */
	Answer await(String path, Predicate<String> condition) {
		long deadline = System.currentTimeMillis() + 3000;
		Answer page = portal().page(path);
		while (!condition.test(page.body()) && System.currentTimeMillis() < deadline) {
			sleep();
			page = portal().page(path);
		}
		assertThat(condition.test(page.body())).as(page.body()).isTrue();
		return page;
	}

	@Test
	void shouldFindFilterAndUnfilterWithPlainLinks() {
		String word = token();
		UUID first = UUID.randomUUID();
		UUID second = UUID.randomUUID();
		List<ObjectNode> records = List.of(record("Vélos " + word + " un", first, "Producteur A " + word),
				record("Vélos " + word + " deux", first, "Producteur A " + word),
				record("Vélos " + word + " trois", second, "Producteur B " + word));
		portal().publishAll(records);

		Answer all = await("/search?q=" + word, body -> count(body) == 3);
		assertThat(all.status()).isEqualTo(200);
		String body = all.body();
		assertThat(body).contains("<form id=\"search-form\" class=\"search-form\" role=\"search\"")
				.containsPattern("<input id=\"search-q\" type=\"search\" name=\"q\" value=\"" + word + "\"")
				.contains("<label for=\"search-q\">")
				.contains("<ol id=\"results\"").contains("<nav id=\"facets\" class=\"facets\" aria-label=")
				.containsPattern("<section class=\"facet\"[^>]*data-dimension=\"producer\"")
				.contains("<mark>" + word + "</mark>").doesNotContain("??");
		assertThat(hits(body)).hasSize(3);
		for (ObjectNode record : records) {
			assertThat(body).contains("class=\"hit-title\" href=\"/datasets/" + id(record) + "\">" + html(title(record)));
		}
		assertThat(body).contains("href=\"/producers/" + first + "\">Producteur A " + word + "</a>");

		// the producer facet: a link that filters, with its count
		String facet = facetLink(body, "producer", first.toString());
		assertThat(facet).contains("class=\"facet-value\"").contains(">2<");
		Answer filtered = portal().page(href(facet));
		assertThat(count(filtered.body())).isEqualTo(2);
		assertThat(hits(filtered.body())).hasSize(2);
		String active = facetLink(filtered.body(), "producer", first.toString());
		assertThat(active).contains("class=\"facet-value active\"").contains("aria-current=\"true\"");
		// the form keeps the filter when the words change
		assertThat(filtered.body()).contains("<input type=\"hidden\" name=\"producer\" value=\"" + first + "\">");

		// active filters: removal, and "clear all"
		Matcher remove = Pattern.compile("<a class=\"remove-filter\" href=\"([^\"]+)\"").matcher(filtered.body());
		assertThat(filtered.body()).contains("<ul id=\"active-filters\"");
		assertThat(remove.find()).isTrue();
		assertThat(count(portal().page(unescape(remove.group(1))).body())).isEqualTo(3);
		Matcher clear = Pattern.compile("<a class=\"clear-filters\" href=\"([^\"]+)\"").matcher(filtered.body());
		assertThat(clear.find()).isTrue();
		assertThat(unescape(clear.group(1))).isEqualTo("/search?q=" + word);

		// two producers selected: either of them
		String both = href(facetLink(filtered.body(), "producer", second.toString()));
		assertThat(both).contains("producer=" + first).contains("producer=" + second);
		assertThat(count(portal().page(both).body())).isEqualTo(3);
	}

	@Test
	void shouldPageWithTheCursorAndKeepTheOtherParameters() {
		String word = token();
		UUID producer = UUID.randomUUID();
		List<ObjectNode> records = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			records.add(record("Stationnement " + word + " " + i, producer, "Producteur " + word));
		}
		portal().publishAll(records);

		Answer first = await("/search?q=" + word + "&size=2&sort=title", body -> count(body) == 5);
		assertThat(hits(first.body())).hasSize(2);
		assertThat(first.body()).doesNotContain("id=\"first-page\"");
		List<String> seen = new ArrayList<>(hits(first.body()));
		String next = link(first.body(), "next-page");
		assertThat(next).contains("q=" + word).contains("size=2").contains("sort=title").contains("cursor=");
		for (int page = 2; next != null; page++) {
			Answer answer = portal().page(next);
			assertThat(answer.status()).isEqualTo(200);
			seen.addAll(hits(answer.body()));
			assertThat(link(answer.body(), "first-page")).isEqualTo("/search?q=" + word + "&size=2&sort=title");
			next = answer.body().contains("id=\"next-page\"") ? link(answer.body(), "next-page") : null;
			assertThat(page).isLessThan(5);
		}
		// by title, each dataset once
		assertThat(seen).containsExactlyElementsOf(records.stream().map(Portal::id).toList());
	}

	@Test
	void shouldSortByTitleOrUpdateWithLinks() {
		String word = token();
		Answer page = portal().page("/search?q=" + word);
		assertThat(page.status()).isEqualTo(200);
		assertThat(page.body()).contains("href=\"/search?q=" + word + "&amp;sort=updated\"")
				.contains("href=\"/search?q=" + word + "&amp;sort=title\"")
				.contains("aria-current=\"true\" class=\"active\">pertinence</a>");
	}

	@Test
	void shouldSaySoWhenNothingMatches() {
		Answer page = portal().page("/search?q=" + token());
		assertThat(page.status()).isEqualTo(200);
		assertThat(page.body()).contains("Aucun jeu de données ne correspond à cette recherche.")
				.containsPattern("id=\"result-count\"[^>]*>\\s*<strong>Aucun jeu de données</strong>")
				.doesNotContain("<ol id=\"results\"").doesNotContain("id=\"next-page\"");
	}

	@Test
	void shouldExplainABadParameterWithA400PageNotAFailure() {
		for (String query : List.of("bbox=abc", "bbox=10,10,0,0", "from=hier", "sort=hasard", "size=1000",
				"cursor=nope", "q=" + "x".repeat(600))) {
			Answer page = portal().page("/search?" + query);
			assertThat(page.status()).as(query).isEqualTo(400);
			assertThat(page.header("Content-Type")).as(query).startsWith("text/html");
			assertThat(page.body()).as(query).contains("role=\"alert\"").contains("Cette recherche ne peut pas aboutir")
					.contains("<form id=\"search-form\"").doesNotContain("??");
		}
		assertThat(portal().page("/search?bbox=abc").body()).contains("La zone (bbox) doit donner quatre nombres");
		assertThat(portal().page("/search?bbox=abc&lang=en").body()).contains("The area (bbox) must be four numbers");
	}

	@Test
	void shouldEscapeWhatProducersWrite() {
		String word = token();
		ObjectNode record = record("<script>alert(1)</script> " + word, UUID.randomUUID(), "<b>Producteur</b> " + word);
		portal().publish(record);
		Answer page = await("/search?q=" + word, body -> count(body) == 1);
		assertThat(page.body()).doesNotContain("<script>alert").contains("&lt;script&gt;alert(1)&lt;/script&gt;")
				.doesNotContain("<b>Producteur</b>");
	}

	@Test
	void shouldKeepTheSearchInTheLanguageLinks() {
		Answer page = portal().page("/search?q=velo&theme=economy");
		assertThat(page.body()).contains("href=\"/search?q=velo&amp;theme=economy&amp;lang=en\"");
		Answer english = portal().page("/search?q=velo&theme=economy&lang=en");
		assertThat(english.body()).contains("<html lang=\"en\">").contains("Search datasets")
				.contains("href=\"/search?q=velo&amp;theme=economy&amp;lang=fr\"")
				// the language is a preference, not a filter: links of the page do not carry it
				.doesNotContain("lang=en&amp;").doesNotContain("&amp;lang=en\" class");
	}

	@Test
	void shouldShowAProducerAndItsDatasets() {
		String word = token();
		UUID producer = UUID.randomUUID();
		String name = "Régie " + word;
		List<ObjectNode> records = List.of(record("Eau " + word, producer, name), record("Air " + word, producer, name));
		portal().publishAll(records);
		portal().publish(record("Autre " + word, UUID.randomUUID(), "Autre " + word));

		Answer page = await("/producers/" + producer, body -> hits(body).size() == 2);
		assertThat(page.status()).isEqualTo(200);
		assertThat(page.body()).contains("<h1>" + html(name) + "</h1>").contains("Publie 2 jeux de données.")
				.contains("<nav class=\"breadcrumb\"").contains("href=\"/search?producer=" + producer + "\"")
				.doesNotContain("Autre " + word).doesNotContain("data-dimension=\"producer\"");
		for (ObjectNode record : records) {
			assertThat(page.body()).contains("href=\"/datasets/" + id(record) + "\"");
		}
		// the words of a producer's page search among its datasets only
		assertThat(hits(portal().page("/producers/" + producer + "?q=Eau").body())).containsExactly(id(records.get(0)));

		assertThat(portal().page("/producers").body()).contains("href=\"/producers/" + producer + "\">" + html(name));
		assertThat(portal().page("/producers/" + UUID.randomUUID()).status()).isEqualTo(404);
		assertThat(portal().page("/producers/pas-un-id").status()).isEqualTo(404);
	}

	@Test
	void shouldShowTheDatasetWithItsMapMediaAndApiExample() {
		ObjectNode record = record("Carte " + token(), UUID.randomUUID(), "Producteur carte");
		record.putObject("geography").put("projection", "WGS 84 (EPSG:4326)").putObject("bounding_box")
				.put("north_latitude", 48.2).put("south_latitude", 48.0).put("west_longitude", -1.8)
				.put("east_longitude", -1.5);
		portal().publish(record);
		String producer = record.get("producer").get("organization_id").asString();

		Answer page = portal().page("/datasets/" + id(record));
		assertThat(page.status()).isEqualTo(200);
		assertThat(page.body()).contains("<nav class=\"breadcrumb\" aria-label=\"Fil d’Ariane\">")
				.contains("<a href=\"/search\">Jeux de données</a>")
				.contains("<a href=\"/producers/" + producer + "\">Producteur carte</a>")
				.contains("<table class=\"metadata\">").contains("<th scope=\"row\">Licence</th>")
				.contains("href=\"/search?keyword=budget\"").contains("href=\"/search?theme=economy\"")
				.containsPattern("<div id=\"map\" class=\"map\" hidden role=\"region\"\\s+aria-label=\"[^\"]+\"")
				.contains("data-bbox=\"-1.8,48,-1.5,48.2\"")
				.contains("data-tiles=\"https://tile.openstreetmap.org/{z}/{x}/{y}.png\"")
				.contains("Latitude nord\u00a0: 48,2")
				.contains("<ul id=\"media\"").contains("2,5 Mo").contains("<code>text/csv</code>")
				.contains("<section id=\"api-snippet\"")
				.containsPattern("curl -H &#39;Accept: application/json&#39; &#39;http://localhost(:\\d+)?/api/v1/resources/"
						+ id(record) + "&#39;")
				.contains("curl -L -O -J &#39;https://example.org/data.csv&#39;")
				.containsPattern("src=\"/webjars/leaflet/[0-9.]+/dist/leaflet.js\"")
				.containsPattern("href=\"/webjars/leaflet/[0-9.]+/dist/leaflet.css\"");

		// no extent, no map and no map script
		ObjectNode plain = portal().publish(record("Sans carte " + token(), UUID.randomUUID(), "Producteur"));
		assertThat(portal().page("/datasets/" + id(plain)).body()).doesNotContain("id=\"map\"").doesNotContain("leaflet");
	}

	@Test
	void shouldServeTheScriptsToAnonymousVisitors() {
		for (String[] asset : new String[][] { { "/webjars/leaflet/dist/leaflet.js", "javascript" },
				{ "/webjars/leaflet/dist/leaflet.css", "text/css" },
				{ "/webjars/htmx.org/dist/htmx.min.js", "javascript" }, { "/js/kerys.js", "javascript" } }) {
			Answer answer = portal().page(asset[0]);
			assertThat(answer.status()).as(asset[0]).isEqualTo(200);
			assertThat(answer.header("Content-Type")).as(asset[0]).contains(asset[1]);
		}
		assertThat(portal().page("/search").body()).containsPattern("src=\"/webjars/htmx.org/[0-9.]+/dist/htmx.min.js\"")
				.contains("hx-get=\"/search\"").contains("hx-select=\"#search-results\"")
				.contains("hx-push-url=\"true\"");
	}

	@Test
	void shouldOfferTheSearchBoxOnEveryOtherPage() {
		for (String path : List.of("/", "/datasets", "/producers", "/datasets/nope")) {
			assertThat(portal().page(path).body()).as(path)
					.contains("<form class=\"header-search\" role=\"search\" method=\"get\" action=\"/search\"")
					.contains("<label class=\"visually-hidden\" for=\"header-q\">")
					.contains("<a href=\"/search\"");
		}
		// one search landmark on the search page
		assertThat(portal().page("/search").body()).doesNotContain("header-search");
	}

	// --- reading pages ---

	/** The total in #result-count, or -1. */
	static long count(String body) {
		Matcher m = Pattern.compile("id=\"result-count\"[^>]*>\\s*<strong>([^<]*)</strong>").matcher(body);
		if (!m.find()) {
			return -1;
		}
		String digits = m.group(1).replaceAll("[^0-9]", "");
		return digits.isEmpty() ? 0 : Long.parseLong(digits);
	}

	/** The global ids of the hits, in order. */
	static List<String> hits(String body) {
		List<String> ids = new ArrayList<>();
		Matcher m = Pattern.compile("<a class=\"hit-title\" href=\"/datasets/([^\"]+)\"").matcher(body);
		while (m.find()) {
			ids.add(m.group(1));
		}
		return ids;
	}

	static String facetLink(String body, String dimension, String value) {
		Matcher m = Pattern.compile("<a class=\"facet-value[^\"]*\" href=\"[^\"]*\"[^>]*data-dimension=\"" + dimension
				+ "\" data-value=\"" + Pattern.quote(value) + "\".*?</a>", Pattern.DOTALL).matcher(body);
		assertThat(m.find()).as(dimension + "=" + value).isTrue();
		return m.group();
	}

	static String href(String link) {
		Matcher m = Pattern.compile("href=\"([^\"]+)\"").matcher(link);
		assertThat(m.find()).isTrue();
		return unescape(m.group(1));
	}

	static String link(String body, String id) {
		Matcher m = Pattern.compile("<a[^>]*id=\"" + id + "\"[^>]*href=\"([^\"]+)\"").matcher(body);
		assertThat(m.find()).as(id).isTrue();
		return unescape(m.group(1));
	}

	static String unescape(String href) {
		return href.replace("&amp;", "&");
	}

	private static void sleep() {
		try {
			Thread.sleep(25);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}
}
