package org.kerys.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.kerys.TestHttp;
import org.kerys.TestHttp.Answer;
import org.kerys.selfdata.SelfdataFixtures;
import org.kerys.selfdata.SelfdataFixtures.Person;
import org.kerys.selfdata.SelfdataFixtures.TestNode;
import org.kerys.selfdata.internal.SelfdataPagesTestSupport;
import org.kerys.selfdata.store.StorePagesTestSupport;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import tools.jackson.databind.node.ObjectNode;

/**
 * A citizen gets their own data from the pages, in the browser, axe-core on every page reached: from a self-data
 * dataset's page (a producer node on the loopback) to the form (errors first, then the values), the request's page
 * until it completes, their data (table, chart and its table), its downloads (JSON, CSV, with the browser's session),
 * and "Who accessed my data"; the same for a dataset in the built-in store (its form takes files: multipart). A
 * producer's member treats an OUT request from the tasks' pages.
 * <p>
 * The pages' hooks: {@code a#get-my-data} on the dataset page; the form's {@code #f-N} inputs and
 * {@code button#submit-selfdata}; the request's {@code #request-status[data-status]}, {@code a#refresh},
 * {@code a#see-my-data}; my data's {@code table.gdata}, {@code svg#tpbc-chart}, {@code table#tpbc-table},
 * {@code a#download-*}; {@code table#accesses tr.access[data-what]}; the tasks' {@code tr.task a},
 * {@code #outcome-FOUND}, {@code #treat-message}, {@code button#treat-task}.
 */
@BrowserTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SelfdataBrowserTests {

	@RegisterExtension
	static final Chromium browser = new Chromium();

	@LocalServerPort
	int port;

	@Autowired
	ApplicationContext context;

	TestNode node;
	AutoCloseable allowed;

	@BeforeAll
	void startNode() throws Exception {
		node = new TestNode();
		allowed = SelfdataPagesTestSupport.allowNode(context, node.url());
	}

	@AfterAll
	void stopNode() throws Exception {
		allowed.close();
		node.close();
	}

	/** What the browser downloads from a link: fetched with its session cookie. */
	private Answer download(Site site, String css) {
		String href = site.find(css).getAttribute("href");
		String cookies = site.driver().manage().getCookies().stream().map(c -> c.getName() + "=" + c.getValue())
				.collect(Collectors.joining("; "));
		return TestHttp.anonymous(port).withCookie(cookies).get(href.replace(site.url(""), ""));
	}

	private void awaitStatus(Site site, String status) {
		for (int i = 0; i < 50 && !status.equals(site.find("#request-status").getAttribute("data-status")); i++) {
			try {
				Thread.sleep(200);
			}
			catch (InterruptedException e) {
				Thread.currentThread().interrupt();
			}
			site.click("#refresh");
			site.waitFor("#request-status");
		}
		assertThat(site.find("#request-status").getAttribute("data-status")).isEqualTo(status);
	}

	@Test
	void aCitizenGetsTheirDataFromANodeDatasetThroughThePages() {
		SelfdataFixtures fixtures = new SelfdataFixtures(port);
		UUID producer = fixtures.organization("Collectes");
		ObjectNode record = fixtures.dataset(producer, "API", node.url(), SelfdataFixtures.EMAIL_AND_CARD, true);
		String dataset = record.get("global_id").asString();
		node.gdataSuffix = record.at("/available_formats/0/media_id").asString();
		Person person = fixtures.person("habitante");
		String email = SelfdataFixtures.unique("habitante") + "@example.org";
		node.people.put(email, "Jeanne Habitante");

		// the dataset's page → "Get my data" → the form, with what is done with the values
		Site site = new Site(browser, port).signIn(person.login(), person.password())
				.openAndCheck("/datasets/" + dataset);
		site.click("#get-my-data");
		site.waitFor("#selfdata-form");
		Axe.check(site.driver());
		assertThat(site.find(".selfdata-statement").getText()).contains("30 jours").contains("6 mois");

		// empty: each error at its field, announced; then the values
		site.click("#submit-selfdata");
		site.waitFor("#f-0-error");
		Axe.check(site.driver());
		assertThat(site.find("#f-0").getAttribute("aria-invalid")).isEqualTo("true");
		site.find("#f-0").sendKeys(email);
		site.find("#f-1").sendKeys("123456");
		site.click("#submit-selfdata");
		site.waitFor("#request-status");
		Axe.check(site.driver());
		awaitStatus(site, "COMPLETED");
		Axe.check(site.driver());
		assertThat(site.find("#data-found").getText()).isEqualTo("Données trouvées");

		// my data: the table, the chart and its table
		site.click("#see-my-data");
		site.waitFor("#tpbc-chart");
		Axe.check(site.driver());
		assertThat(site.find("table.gdata").getText()).contains("Titulaire").contains("Jeanne Habitante");
		assertThat(site.findAll("#tpbc-chart rect.bar")).hasSize(2);
		assertThat(site.find("#tpbc-chart desc").getAttribute("textContent")).contains("2 points");
		assertThat(site.find("#tpbc-table").getText()).contains("2024-01").contains("12,5").contains("9,75");
		assertThat(site.find("#ask-erasure").isDisplayed()).isTrue();

		// downloads, with the browser's session
		Answer json = download(site, "#download-gdata-json");
		assertThat(json.status()).isEqualTo(200);
		assertThat(json.json().at("/data/0/value").asString()).isEqualTo("Jeanne Habitante");
		Answer csv = download(site, "#download-tpbc-csv");
		assertThat(csv.status()).isEqualTo(200);
		assertThat(csv.body()).isEqualTo("series,Ordures ménagères\r\n2024-01,12.5\r\n2024-02,9.75\r\n");

		// a date range, then English
		((org.openqa.selenium.JavascriptExecutor) site.driver())
				.executeScript("document.getElementById('min-date').value = '2024-01-01'");
		// the chart of the page before the click is there until the new page replaces it: wait for that, not for a chart
		org.openqa.selenium.WebElement before = site.find("#tpbc-chart");
		site.click("#show-range");
		site.waitUntil(org.openqa.selenium.support.ui.ExpectedConditions.stalenessOf(before));
		site.waitFor("#tpbc-chart");
		Axe.check(site.driver());
		site.openAndCheck("/selfdata/datasets/" + dataset + "/data?lang=en");
		assertThat(site.find("#tpbc-table").getText()).contains("12.5");
		site.open("/selfdata/requests?lang=fr");

		// who accessed my data: the node's matching and each of my reads, downloads included
		site.openAndCheck("/selfdata/accesses");
		var rows = site.findAll("#accesses tr.access");
		assertThat(rows.stream().map(r -> r.getAttribute("data-what") + ":" + r.getAttribute("data-actor-kind")))
				.contains("MATCHING:NODE", "GDATA:CITIZEN", "TPBC:CITIZEN");
		assertThat(rows.stream().filter(r -> "GDATA".equals(r.getAttribute("data-what"))).count()).isGreaterThanOrEqualTo(4);
		site.openAndCheck("/selfdata/requests");
		assertThat(site.find("#requests").getText()).contains(record.get("resource_title").asString());
		site.openAndCheck("/selfdata/data");
		site.click("#data-links a");
		site.waitFor("#tpbc-chart");

		// ask for erasure: told when the producer answers
		site.click("#ask-erasure");
		site.waitFor("[role=status]");
		Axe.check(site.driver());
	}

	@Test
	void aCitizenGetsTheirDataFromAStoreDatasetThroughThePages() {
		UUID dataset = StorePagesTestSupport.storeDataset(port);
		Person person = new SelfdataFixtures(port).person("abonnee");

		// the form takes files here (an optional proof): multipart, the CSRF token in its action
		Site site = new Site(browser, port).signIn(person.login(), person.password())
				.openAndCheck("/datasets/" + dataset);
		site.click("#get-my-data");
		site.waitFor("#selfdata-form");
		Axe.check(site.driver());
		assertThat(site.find("#selfdata-form").getAttribute("enctype")).isEqualTo("multipart/form-data");
		site.find("#f-0").sendKeys("12345");
		site.find("#f-1").sendKeys("dupont");
		((org.openqa.selenium.JavascriptExecutor) site.driver())
				.executeScript("document.getElementById('f-2').value = '1980-03-05'");
		site.click("#submit-selfdata");
		site.waitFor("#request-status");
		awaitStatus(site, "COMPLETED");
		Axe.check(site.driver());

		site.click("#see-my-data");
		site.waitFor("#tpbc-chart");
		Axe.check(site.driver());
		assertThat(site.find("table.gdata").getText()).contains("Saint-Malo");
		assertThat(site.findAll("#tpbc-chart rect.bar")).hasSize(3);
		assertThat(site.find("#tpbc-table").getText()).contains("123,5").contains("101,25");
		assertThat(site.find("#not-deletable").getText()).contains("Obligation légale");
		Answer csv = download(site, "#download-tpbc-csv");
		assertThat(csv.body())
				.isEqualTo("series,Consommation (kWh)\r\n2025-01-01,123.5\r\n2025-02-01,98.0\r\n2025-03-01,101.25\r\n");
		Answer json = download(site, "#download-gdata-json");
		assertThat(json.status()).isEqualTo(200);
		site.openAndCheck("/selfdata/accesses");
		assertThat(site.findAll("#accesses tr.access").stream().map(r -> r.getAttribute("data-what") + ":"
				+ r.getAttribute("data-actor-kind"))).contains("MATCHING:STORE", "GDATA:CITIZEN", "TPBC:CITIZEN");
	}

	@Test
	void aProducersMemberTreatsAnOutRequestFromTheTasksPages() {
		SelfdataFixtures fixtures = new SelfdataFixtures(port);
		UUID producer = fixtures.organization("Guichet");
		Person member = fixtures.person("agent");
		fixtures.member(producer, member, "editor");
		String dataset = fixtures.dataset(producer, "OUT", node.url(), SelfdataFixtures.EMAIL_AND_CARD, false)
				.get("global_id").asString();
		Person person = fixtures.person("usagere");
		String email = SelfdataFixtures.unique("usagere") + "@example.org";

		Site site = new Site(browser, port).signIn(person.login(), person.password())
				.openAndCheck("/selfdata/datasets/" + dataset + "/request");
		site.find("#f-0").sendKeys(email);
		site.click("#submit-selfdata");
		site.waitFor("#request-status");
		assertThat(site.find("#request-status").getAttribute("data-status")).isEqualTo("IN_PROGRESS");
		String request = site.driver().getCurrentUrl().replaceAll(".*/selfdata/requests/([0-9a-f-]{36}).*", "$1");

		site.signIn(member.login(), member.password()).openAndCheck("/selfdata/tasks?organization=" + producer);
		site.click("#tasks tr.task a");
		site.waitFor("#treat-form");
		Axe.check(site.driver());
		assertThat(site.find("#matching-values").getText()).contains(email);
		site.click("#outcome-FOUND");
		site.find("#treat-message").sendKeys("Remis au guichet le 3 mars");
		site.click("#treat-task");
		site.waitFor("[role=status]");
		Axe.check(site.driver());
		site.openAndCheck("/selfdata/tasks?organization=" + producer + "&status=TREATED&lang=en");
		site.open("/selfdata/tasks?lang=fr");

		site.signIn(person.login(), person.password()).openAndCheck("/selfdata/requests/" + request);
		assertThat(site.find("#request-status").getAttribute("data-status")).isEqualTo("COMPLETED");
		assertThat(site.find("#history").getText()).contains("Remis au guichet le 3 mars");
		site.openAndCheck("/selfdata/accesses");
		assertThat(site.findAll("#accesses tr.access").stream().map(r -> r.getAttribute("data-what")))
				.contains("MATCHING_VALUES");
	}
}
