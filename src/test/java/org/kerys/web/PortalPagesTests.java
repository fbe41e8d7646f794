package org.kerys.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.kerys.web.Portal.html;
import static org.kerys.web.Portal.id;
import static org.kerys.web.Portal.title;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.kerys.KerysHttpTest;
import org.kerys.TestHttp.Answer;
import org.kerys.catalog.Catalog;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.node.ObjectNode;

@KerysHttpTest
class PortalPagesTests {

	@LocalServerPort
	int port;

	@Autowired
	Catalog catalog;

	Portal portal() {
		return new Portal(port);
	}

	@Test
	void shouldShowCountsAndLatestDatasetsOnTheHomePage() {
		ObjectNode dataset = Portal.record("Accueil");
		// the home page shows the datasets the producers updated last: this one is
		dataset.withObjectProperty("dataset_dates").put("updated", "9999-12-31T00:00:00Z");
		portal().publish(dataset);

		// other tests' background work (harvests, node pushes) may add datasets while the page is made: its counts
		// are those of a moment between the two readings
		long datasetsBefore = catalog.datasetCount();
		long producersBefore = catalog.producerCount();
		Answer home = portal().page("/");
		long datasetsAfter = catalog.datasetCount();
		long producersAfter = catalog.producerCount();

		assertThat(home.status()).isEqualTo(200);
		assertThat(home.header("Content-Type")).startsWith("text/html");
		assertThat(java.util.stream.LongStream.rangeClosed(Math.min(datasetsBefore, datasetsAfter), Math.max(datasetsBefore, datasetsAfter))
				.anyMatch(n -> home.body().contains("<strong>" + french(n) + "</strong>"))).as(home.body()).isTrue();
		assertThat(java.util.stream.LongStream.rangeClosed(Math.min(producersBefore, producersAfter), Math.max(producersBefore, producersAfter))
				.anyMatch(n -> home.body().contains("<strong>" + french(n) + "</strong>"))).as(home.body()).isTrue();
		assertThat(home.body()).contains(html(title(dataset)))
				.contains("href=\"/datasets/" + id(dataset) + "\"")
				.contains(html(dataset.get("producer").get("organization_name").asString()))
				.contains("Données ouvertes")
				.contains("<time datetime=\"");
	}

	@Test
	void shouldPageTheDatasetListTwentyAtATime() {
		List<ObjectNode> records = new ArrayList<>();
		for (int i = 0; i < 21; i++) {
			ObjectNode record = Portal.record("Pagination " + i);
			// lists sort on the producer's update date: these are the latest of all
			record.withObjectProperty("dataset_dates").put("updated", "2099-12-31T00:00:00Z");
			records.add(record);
		}
		portal().publishAll(records);
		long pages = (catalog.datasetCount() + 19) / 20;

		Answer first = portal().page("/datasets");
		assertThat(first.status()).isEqualTo(200);
		assertThat(first.body()).contains("Page 1 sur " + pages)
				.contains("rel=\"next\" href=\"/datasets?page=2\"")
				.doesNotContain("rel=\"prev\"");
		assertThat(articles(first.body())).isEqualTo(20);
		// the 21 datasets are among the latest updated (only the home page test's is later): pages 1 and 2
		long onFirst = records.stream().filter(r -> first.body().contains(html(title(r)))).count();
		assertThat(onFirst).isBetween(19L, 20L);

		Answer second = portal().page("/datasets?page=2");
		assertThat(second.status()).isEqualTo(200);
		assertThat(second.body()).contains("Page 2 sur " + pages).contains("rel=\"prev\" href=\"/datasets?page=1\"");
		assertThat(records.stream().filter(r -> second.body().contains(html(title(r))))).hasSize((int) (21 - onFirst));

		assertThat(portal().page("/datasets?page=" + (pages + 1)).status()).isEqualTo(404);
		assertThat(portal().page("/datasets?page=0").status()).isEqualTo(404);
	}

	@Test
	void shouldShowEverythingAboutADataset() {
		ObjectNode record = Portal.record("Détail");
		record.putObject("temporal_spread").put("start_date", "2023-01-01T00:00:00Z");
		record.putObject("geography").put("projection", "WGS 84 (EPSG:4326)").putObject("bounding_box")
				.put("north_latitude", 48.2).put("south_latitude", 48.0).put("west_longitude", -1.8)
				.put("east_longitude", -1.5);
		portal().publish(record);

		Answer page = portal().page("/datasets/" + id(record));

		assertThat(page.status()).isEqualTo(200);
		assertThat(page.body()).contains("<h1>" + html(title(record)) + "</h1>")
				.contains("Publié par</span>")
				.contains(">" + html(record.get("producer").get("organization_name").asString()) + "</a>")
				.contains("Synopsis de " + html(title(record)))
				.contains("Résumé détaillé de " + html(title(record)))
				.contains(">Economie</a></td>").contains(">Licence ODbL 1.0</span>")
				.contains(">budget</a></li>").contains(">finances</a></li>")
				.contains("Tout le monde peut consulter et télécharger ces données")
				.contains("<time datetime=\"2024-01-15\">15 janvier 2024</time>")
				.contains("<time datetime=\"2024-02-01\">1 février 2024</time>")
				.contains("<time datetime=\"2023-01-01\">1 janvier 2023</time>").contains("(en cours)")
				.contains("Latitude nord\u00a0: 48,2").contains("Longitude ouest\u00a0: -1,8")
				.contains("Service données").contains("href=\"mailto:donnees@example.org\"")
				.contains("data.csv").contains("Fichier").contains("<code>text/csv</code>").contains("1,2 Mo")
				.contains("href=\"https://example.org/data.csv\"").contains("Télécharger")
				.contains("href=\"/api/v1/resources/" + id(record) + "\"");
	}

	@Test
	void shouldExplainRestrictedAccess() {
		ObjectNode record = Portal.record("Restreint");
		((ObjectNode) record.get("access_condition").get("confidentiality")).put("restricted_access", true);
		portal().publish(record);

		Answer page = portal().page("/datasets/" + id(record));

		assertThat(page.status()).isEqualTo(200);
		assertThat(page.body()).contains("Accès restreint")
				.contains("réservées aux réutilisateurs dont le projet a été accepté par le producteur")
				.doesNotContain("Tout le monde peut consulter");
	}

	@Test
	void shouldListEveryMediaAndNeverLinkToScripts() {
		ObjectNode record = Portal.record("Médias");
		ObjectNode service = ((tools.jackson.databind.node.ArrayNode) record.get("available_formats")).addObject();
		service.put("media_type", "SERVICE").put("media_id", java.util.UUID.randomUUID().toString())
				.put("media_name", "API temps réel").put("api_documentation_url", "https://example.org/doc")
				.putObject("connector").put("url", "javascript:alert(1)").put("interface_contract", "wfs");
		portal().publish(record);

		Answer page = portal().page("/datasets/" + id(record));

		assertThat(page.status()).isEqualTo(200);
		assertThat(page.body()).contains("API temps réel").contains("Service (API)").contains("<code>wfs</code>")
				.contains("href=\"https://example.org/doc\"").doesNotContain("javascript:");
	}

	@Test
	void shouldServeTheStylesheetFromKerysItself() {
		Answer css = portal().page("/css/kerys.css");
		assertThat(css.status()).isEqualTo(200);
		assertThat(css.header("Content-Type")).startsWith("text/css");
		assertThat(portal().page("/").body()).contains("href=\"/css/kerys.css\"").doesNotContain("https://cdn");
	}

	@Test
	void shouldGiveEveryPageTheLandmarksOfAnAccessiblePage() {
		ObjectNode record = portal().publish("Accessibilité");
		for (String path : new String[] { "/", "/datasets", "/datasets/" + id(record), "/datasets/nope" }) {
			String body = portal().page(path).body();
			assertThat(count(body, "<h1")).as(path).isEqualTo(1);
			assertThat(count(body, "<main id=\"content\"")).as(path).isEqualTo(1);
			assertThat(body).as(path).contains("<html lang=\"fr\">").contains("<a class=\"skip-link\" href=\"#content\">")
					.contains("<header class=\"site-header\">").contains("<footer class=\"site-footer\">")
					.contains("<nav class=\"site-nav\" aria-label=").contains("<meta name=\"viewport\"")
					.containsPattern("<title>[^<]*Kerys[^<]*</title>").doesNotContain("??");
		}
	}

	private static int count(String html, String fragment) {
		return html.split(java.util.regex.Pattern.quote(fragment), -1).length - 1;
	}

	private static int articles(String html) {
		return html.split("<article class=\"card\"", -1).length - 1;
	}

	/** As the page writes a number: grouped the French way ("1 059", with a narrow no-break space). */
	private static String french(long n) {
		return java.text.NumberFormat.getIntegerInstance(java.util.Locale.FRENCH).format(n);
	}
}
