package org.kerys.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.kerys.RudiRecords;
import org.kerys.TestHttp;
import org.kerys.TestHttp.Answer;
import org.kerys.TestPeople;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.node.ObjectNode;

/**
 * The pages that close the restricted-data gaps, in the browser with axe-core on every page and every form shown
 * again with its errors: a project member links a dataset by the address of its page and asks for data that does
 * not exist yet; the dataset's page then lists the project as a public reuse; a producer's invalid answer comes back
 * with the error next to its field.
 * <p>
 * The pages' hooks: the project page's {@code a#project-data}; the data page's {@code #l-dataset},
 * {@code button#link-dataset}, {@code #d-title}, {@code button#send-data-request} and their {@code #…-error}; the
 * dataset page's {@code #reuses-heading} and {@code a.dataset-reuse-title}; the inbox's {@code #rate-N-error}.
 */
@BrowserTest
class ProjectDataBrowserTests {

	@RegisterExtension
	static final Chromium browser = new Chromium();

	@LocalServerPort
	int port;

	private String account(String prefix, String password) {
		return new TestPeople(port).account(prefix, password);
	}

	/** The person's API, with a personal token. */
	private TestHttp api(String login, String password) {
		Answer token = TestHttp.basic(port, login, password).post("/api/auth/token", "{\"scopes\": []}");
		assertThat(token.status()).as(token.body()).isEqualTo(201);
		return TestHttp.anonymous(port).withHeader("Authorization", "Bearer " + token.json().get("token").asString());
	}

	private String dataset(UUID producer, String title, boolean restricted) {
		ObjectNode record = RudiRecords.open(title, producer, "Producteur", "d41d8cd98f00b204e9800998ecf8427e", 0);
		((ObjectNode) record.at("/access_condition/confidentiality")).put("restricted_access", restricted);
		assertThat(TestHttp.admin(port).post("/api/v1/resources", RudiRecords.write(record)).status()).isEqualTo(201);
		return record.get("global_id").asString();
	}

	@Test
	void aMemberLinksADatasetAsksForDataAndTheDatasetPageListsTheReuse() {
		String password = "Kerys-pass " + UUID.randomUUID();
		String unique = UUID.randomUUID().toString().substring(0, 8);
		UUID producer = UUID.randomUUID();
		assertThat(TestHttp.admin(port).post("/api/v1/organizations", "{\"organization_id\": \"" + producer
				+ "\", \"organization_name\": \"Mobilités " + unique + "\"}").status()).isEqualTo(201);
		String dataset = dataset(producer, "Comptages " + unique, false);
		String reuser = account("reutilisateur", password);
		String projectTitle = "Carte des pistes " + unique;
		Answer created = api(reuser, password).post("/api/projects",
				"{\"title\": \"" + projectTitle + "\", \"type\": \"visualisation\", \"public\": true}");
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		String project = created.json().get("id").asString();

		Site site = new Site(browser, port).signIn(reuser, password).openAndCheck("/projects/" + project);
		site.click("#project-data");
		site.waitFor("#l-dataset");
		Axe.check(site.driver());
		site.click("#link-dataset"); // empty: the error comes back next to the field
		site.waitFor("#l-dataset-error");
		Axe.check(site.driver());
		site.find("#l-dataset").sendKeys(site.url("/datasets/" + dataset));
		site.click("#link-dataset");
		site.waitFor("[role=status]");
		Axe.check(site.driver());
		assertThat(site.find(".linked-datasets").getText()).contains("Comptages " + unique);

		site.click("#send-data-request");
		site.waitFor("#d-title-error");
		Axe.check(site.driver());
		site.find("#d-title").sendKeys("Comptages piétons " + unique);
		site.find("#d-description").sendKeys("Par quartier");
		site.click("#send-data-request");
		site.waitFor("[role=status]");
		Axe.check(site.driver());
		assertThat(site.find(".data-requests").getText()).contains("Comptages piétons " + unique);
		site.openAndCheck("/projects/" + project + "/datasets?lang=en");
		site.open("/projects?lang=fr");

		// the dataset's page lists the public reuse, with its type and owner, and leads to its page
		site.signOut().openAndCheck("/datasets/" + dataset);
		assertThat(site.find("#reuses").getText()).contains(projectTitle, "Visualisation", "par " + reuser);
		site.click("a.dataset-reuse-title");
		site.waitFor(".reuse-datasets");
		Axe.check(site.driver());
		assertThat(site.driver().getCurrentUrl()).endsWith("/reuses/" + project);
		assertThat(site.find("h1").getText()).isEqualTo(projectTitle);
		assertThat(site.find(".reuse-datasets").getText()).isNotBlank();
	}

	@Test
	void aProducersInvalidAnswerComesBackWithTheErrorNextToItsField() {
		String password = "Kerys-pass " + UUID.randomUUID();
		String unique = UUID.randomUUID().toString().substring(0, 8);
		UUID producer = UUID.randomUUID();
		assertThat(TestHttp.admin(port).post("/api/v1/organizations", "{\"organization_id\": \"" + producer
				+ "\", \"organization_name\": \"Énergie " + unique + "\"}").status()).isEqualTo(201);
		String editor = account("editrice", password);
		assertThat(TestHttp.admin(port).post("/api/organizations/" + producer + "/members",
				"{\"login\": \"" + editor + "\", \"role\": \"editor\"}").status()).isIn(200, 201);
		String dataset = dataset(producer, "Consommations " + unique, true);
		String reuser = account("demandeur", password);
		TestHttp api = api(reuser, password);
		String project = api.post("/api/projects", "{\"title\": \"Bilan " + unique + "\", \"type\": \"study\"}").json()
				.get("id").asString();
		assertThat(api.post("/api/projects/" + project + "/access-requests",
				"{\"dataset_id\": \"" + dataset + "\", \"purpose\": \"Bilan énergétique\"}").status()).isEqualTo(201);

		Site site = new Site(browser, port).signIn(editor, password).openAndCheck("/access/inbox?organization=" + producer);
		site.find("form.accept-form input[name=rate_limit_per_minute]").sendKeys("0");
		site.click("form.accept-form button[type=submit]");
		String error = site.waitFor("#rate-0-error").getText();
		assertThat(error).contains("positif");
		assertThat(site.find("#rate-0").getAttribute("aria-describedby")).isEqualTo("rate-0-error");
		Axe.check(site.driver());
	}
}
