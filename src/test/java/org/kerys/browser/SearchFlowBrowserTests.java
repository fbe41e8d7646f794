package org.kerys.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.kerys.RudiRecords;
import org.kerys.TestHttp;
import org.kerys.TestHttp.Answer;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a person does on the portal, in the browser: search from the header, filter by a facet, page, open a dataset,
 * go to its producer, switch the language; axe-core on every page reached. The search page improves with htmx:
 * after a click on a facet or a page link the test waits for the results to change, not for a page load (it works
 * the same when the link reloads the page).
 * <p>
 * The page's hooks: {@code form#search-form[role=search]} with {@code input#search-q[name=q]}; {@code #result-count};
 * {@code ol#results > li.hit} with {@code a.hit-title[href="/datasets/{global_id}"]}; {@code nav#facets} with
 * {@code section.facet[data-dimension]} holding {@code a.facet-value[data-dimension][data-value]} (active: class
 * {@code active}, {@code aria-current="true"}); {@code #active-filters a.remove-filter}; {@code a#next-page}; on the
 * dataset page {@code nav.breadcrumb}, {@code table.metadata}, {@code #map[data-bbox]}, {@code #media},
 * {@code #api-snippet}; the producer page {@code /producers/{id}}; the language switch
 * {@code nav.lang-switch a[hreflang=en]}.
 */
@BrowserTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SearchFlowBrowserTests {

	@RegisterExtension
	static final Chromium browser = new Chromium();

	/** More than a page of results, in two themes, all from one producer. */
	static final int TRANSPORT = 7;
	static final int ECONOMY = 38;
	static final int TOTAL = TRANSPORT + ECONOMY;

	@LocalServerPort
	int port;

	/** A word only these datasets hold, so that counts are exact in the shared database. */
	String word;
	UUID producer;
	List<ObjectNode> records = new ArrayList<>();

	Site site() {
		return new Site(browser, port);
	}

	@BeforeAll
	void seed() throws InterruptedException {
		Random random = new Random();
		StringBuilder unique = new StringBuilder("kzb");
		for (int i = 0; i < 8; i++) {
			unique.append((char) ('a' + random.nextInt(26)));
		}
		word = unique.toString();
		producer = UUID.randomUUID();
		String producerName = "Producteur " + word;
		for (int i = 0; i < TOTAL; i++) {
			ObjectNode record = RudiRecords.open("Stationnement vélo " + word + " n°" + i, producer, producerName,
					"d41d8cd98f00b204e9800998ecf8427e", 1_234_567);
			record.put("theme", i < TRANSPORT ? "transportation" : "economy");
			ObjectNode box = record.withObjectProperty("geography").withObjectProperty("bounding_box");
			box.put("west_longitude", -1.8).put("east_longitude", -1.5).put("north_latitude", 48.2)
					.put("south_latitude", 48.0);
			record.withObjectProperty("geography").put("projection", "WGS 84 (EPSG:4326)");
			records.add(record);
		}
		String array = records.stream().map(RudiRecords::write).collect(Collectors.joining(",", "[", "]"));
		Answer imported = TestHttp.admin(port).post("/api/v1/resources/import", array);
		assertThat(imported.status()).as(imported.body()).isEqualTo(200);
		assertThat(imported.json().get("rejected").asLong()).as(imported.body()).isZero();
		// the index follows the catalogue (a bulk import of 45 took up to 10 s on a 2-core machine)
		long deadline = System.currentTimeMillis() + 30_000;
		long total = -1;
		while (total != TOTAL && System.currentTimeMillis() < deadline) {
			Answer found = TestHttp.anonymous(port).get("/api/search?q=" + word + "&size=1");
			total = found.status() == 200 ? found.json().get("total").asLong() : -1;
			Thread.sleep(50);
		}
		assertThat(total).as("datasets of " + word + " in the index").isEqualTo(TOTAL);
	}

	@Test
	void searchFromTheHeaderThenFilterByAFacetThenPage() {
		Site site = site().signOut().open("/");
		WebElement box = site.find("form.header-search[role=search] input#header-q[name=q]");
		box.sendKeys(word, Keys.ENTER);
		site.waitUntil(d -> d.getCurrentUrl().contains("/search") && d.getCurrentUrl().contains("q=" + word));
		site.waitFor("ol#results > li.hit");
		assertThat(site.find("#result-count").getText()).contains(String.valueOf(TOTAL));
		assertThat(site.find("input#search-q").getDomProperty("value")).as("the query stays in the box").isEqualTo(word);
		List<WebElement> hits = site.findAll("ol#results > li.hit");
		assertThat(hits).hasSizeBetween(1, TOTAL - 1);
		for (WebElement hit : hits) {
			WebElement title = hit.findElement(org.openqa.selenium.By.cssSelector("a.hit-title"));
			assertThat(title.getText()).containsIgnoringCase(word);
			assertThat(title.getDomAttribute("href")).matches("/datasets/[0-9a-f-]{36}");
		}
		Axe.check(site.driver());

		// a facet: the theme of 7 of them; the results change in place (htmx) or with a new page
		String facet = "nav#facets section.facet[data-dimension=theme] a.facet-value[data-dimension=theme][data-value=transportation]";
		assertThat(site.find(facet).getText()).contains(String.valueOf(TRANSPORT));
		WebElement before = site.find("ol#results > li.hit");
		site.click(facet);
		site.waitUntil(ExpectedConditions.stalenessOf(before));
		site.waitUntil(d -> site.find("#result-count").getText().contains(String.valueOf(TRANSPORT)));
		assertThat(site.findAll("ol#results > li.hit")).hasSize(TRANSPORT);
		WebElement active = site.find(facet);
		assertThat(active.getAttribute("class")).contains("active");
		assertThat(active.getDomAttribute("aria-current")).isEqualTo("true");
		assertThat(site.driver().getCurrentUrl()).as("the filtered results have their own address").contains(
				"theme=transportation");
		assertThat(site.findAll("#active-filters a.remove-filter")).hasSize(1);
		Axe.check(site.driver());

		// removing the filter brings every result back
		before = site.find("ol#results > li.hit");
		site.click("#active-filters a.remove-filter");
		site.waitUntil(ExpectedConditions.stalenessOf(before));
		site.waitUntil(d -> site.find("#result-count").getText().contains(String.valueOf(TOTAL)));
		assertThat(site.findAll("#active-filters a.remove-filter")).isEmpty();

		// the next page: other datasets of the same search
		List<String> first = hrefs(site);
		before = site.find("ol#results > li.hit");
		site.click("a#next-page");
		site.waitUntil(ExpectedConditions.stalenessOf(before));
		site.waitFor("ol#results > li.hit");
		List<String> second = hrefs(site);
		assertThat(second).isNotEmpty().doesNotContainAnyElementsOf(first);
		Axe.check(site.driver());
	}

	@Test
	void openADatasetFromTheResultsThenItsProducer() {
		Site site = site().signOut().open("/search?q=" + word);
		WebElement title = site.waitFor("ol#results > li.hit a.hit-title");
		String href = title.getDomAttribute("href");
		String name = title.getText();
		site.click("ol#results > li.hit a.hit-title");
		site.waitUntil(d -> d.getCurrentUrl().endsWith(href));
		assertThat(site.find("h1").getText()).isEqualTo(name);
		assertThat(site.find("nav.breadcrumb").getText()).isNotBlank();
		assertThat(site.findAll("table.metadata tr")).isNotEmpty();
		assertThat(site.find("#map").getDomAttribute("data-bbox")).contains("-1.8").contains("48.2");
		assertThat(site.find("#media").getText()).contains("data.csv");
		assertThat(site.find("#api-snippet").getText()).contains(href.substring("/datasets/".length()));
		Axe.check(site.driver());

		String producerPage = "/producers/" + producer;
		site.click("a[href='" + producerPage + "']");
		site.waitUntil(d -> d.getCurrentUrl().endsWith(producerPage));
		assertThat(site.driver().getPageSource()).contains("Producteur " + word);
		assertThat(site.findAll("a[href^='/datasets/']")).isNotEmpty();
		Axe.check(site.driver());
	}

	@Test
	void switchTheLanguageOnTheSearchPage() {
		Site site = site().signOut().open("/search?q=" + URLEncoder.encode(word, StandardCharsets.UTF_8));
		assertThat(site.find("html").getDomAttribute("lang")).isEqualTo("fr");
		site.click("nav.lang-switch a[hreflang=en]");
		site.waitUntil(d -> "en".equals(site.find("html").getDomAttribute("lang")));
		assertThat(site.driver().getCurrentUrl()).as("the same search, in English").contains("q=" + word);
		assertThat(site.find("#result-count").getText()).contains(String.valueOf(TOTAL));
		Axe.check(site.driver());
	}

	@Test
	void theSearchPageWithoutAQueryAndWithNoResultHasNoViolation() {
		Site site = site().signOut();
		for (String path : List.of("/search", "/search?q=kzbnothingmatchesthis",
				"/search?q=" + word + "&theme=transportation&lang=en")) {
			site.openAndCheck(path);
			assertThat(site.findAll("form#search-form[role=search] input#search-q")).as(path).hasSize(1);
			assertThat(site.findAll("#result-count")).as(path).hasSize(1);
		}
	}

	private static List<String> hrefs(Site site) {
		return site.findAll("ol#results > li.hit a.hit-title").stream().map(a -> a.getDomAttribute("href")).toList();
	}
}
