package org.kerys.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.kerys.TestHttp;
import org.kerys.TestHttp.Answer;
import org.openqa.selenium.By;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.io.ClassPathResource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Every portal page that exists, checked by axe-core in headless Chromium: zero violations of WCAG 2.1 A and AA.
 * Public pages, then the signed-in ones (the administrator signs in through the login form), in French and English.
 */
@BrowserTest
@ExtendWith(OutputCaptureExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PagesAccessibilityBrowserTests {

	@RegisterExtension
	static final Chromium browser = new Chromium();

	private static final Pattern INVITATION = Pattern.compile("/invitations/accept\\?code=([A-Za-z0-9_-]{43})");

	@LocalServerPort
	int port;

	/** A real record of Rennes, under fresh identifiers. */
	String dataset;
	String producer;

	/** A public project that uses the dataset. */
	String reuse;

	/** A registered producer node, with one integration request (refused: the metadata is incomplete). */
	String node;

	/** An organisation the administrator administers, with a member and a pending invitation. */
	UUID organization;

	/** A harvest source of that organisation (approved) and one of its jobs (failed: its address is refused). */
	String source;
	String job;

	Site site() {
		return new Site(browser, port);
	}

	@BeforeAll
	void seed() throws IOException {
		JsonMapper json = JsonMapper.builder().build();
		JsonNode rennes;
		try (InputStream in = new ClassPathResource("demo/datarennes-metadata-1.2.0.json").getInputStream()) {
			rennes = json.readTree(new String(in.readAllBytes(), StandardCharsets.UTF_8));
		}
		ObjectNode record = (ObjectNode) rennes.get(0).deepCopy();
		dataset = UUID.randomUUID().toString();
		record.put("global_id", dataset);
		producer = record.get("producer").get("organization_id").asText();
		record.put("local_id", "browser-" + dataset);
		// its files' identifiers are unique in the catalogue too (another test may have imported Rennes already)
		record.withArrayProperty("available_formats")
				.forEach(media -> ((ObjectNode) media).put("media_id", UUID.randomUUID().toString()));
		ArrayNode one = json.createArrayNode().add(record);
		Answer imported = TestHttp.admin(port).post("/api/v1/resources/import", json.writeValueAsString(one));
		assertThat(imported.status()).as(imported.body()).isEqualTo(200);
		assertThat(imported.json().get("rejected").asLong()).as(imported.body()).isZero();

		// a reuse of the showcase (public, approved) that uses the dataset
		Answer project = TestHttp.admin(port).post("/api/projects", """
				{"title": "Carte des vélos", "type": "visualisation", "public": true, "themes": ["transportation"],
				 "description": "Une carte des stations, mise à jour chaque jour."}""");
		assertThat(project.status()).as(project.body()).isEqualTo(201);
		reuse = project.json().get("id").asString();
		Answer linked = TestHttp.admin(port).post("/api/projects/" + reuse + "/datasets",
				"{\"dataset_id\": \"" + dataset + "\"}");
		assertThat(linked.status()).as(linked.body()).isEqualTo(200);
		Answer approved = TestHttp.admin(port).post("/api/admin/projects/" + reuse + "/moderation",
				"{\"decision\": \"approve\"}");
		assertThat(approved.status()).as(approved.body()).isEqualTo(200);

		organization = UUID.randomUUID();
		String unique = UUID.randomUUID().toString().substring(0, 8);
		Answer org = TestHttp.admin(port).post("/api/v1/organizations", "{\"organization_id\": \"" + organization
				+ "\", \"organization_name\": \"Accessibilité " + unique + "\"}");
		assertThat(org.status()).as(org.body()).isEqualTo(201);
		String members = "/api/organizations/" + organization + "/members";
		Answer admin = TestHttp.admin(port).post(members, "{\"login\": \"admin\", \"role\": \"admin\"}");
		assertThat(admin.status()).as(admin.body()).isIn(200, 201);
		String login = "a11y-" + unique;
		Answer account = TestHttp.admin(port).post("/api/admin/users", """
				{"login": "%s", "email": "%s@example.org", "password": "Kerys-pass %s", "display_name": "Camille %s",
				 "platform_roles": []}""".formatted(login, login, UUID.randomUUID(), unique));
		assertThat(account.status()).as(account.body()).isEqualTo(201);
		Answer member = TestHttp.admin(port).post(members, "{\"login\": \"" + login + "\", \"role\": \"editor\"}");
		assertThat(member.status()).as(member.body()).isIn(200, 201);

		Answer registered = TestHttp.admin(port).post("/api/admin/nodes", "{\"name\": \"Nœud " + unique
				+ "\", \"url\": \"https://noeud.example.org/api/v1\", \"organization_ids\": [\"" + organization + "\"]}");
		assertThat(registered.status()).as(registered.body()).isEqualTo(201);
		node = registered.json().get("id").asString();
		Answer token = TestHttp.clientCredentials(port, registered.json().get("client_id").asString(),
				registered.json().get("client_secret").asString());
		assertThat(token.status()).as(token.body()).isEqualTo(200);
		Answer pushed = TestHttp.anonymous(port)
				.withHeader("Authorization", "Bearer " + token.json().get("access_token").asString())
				.post("/kalim/v1/resources", "{\"global_id\": \"" + UUID.randomUUID() + "\", \"resource_title\": \"\"}");
		assertThat(pushed.status()).as(pushed.body()).isEqualTo(202);

		Answer created = TestHttp.admin(port).post("/api/admin/harvest-sources", "{\"type\": \"rudi\", \"url\": "
				+ "\"http://127.0.0.1:9/" + unique + "\", \"organization_id\": \"" + organization + "\"}");
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		source = created.json().get("id").asString();
		assertThat(TestHttp.admin(port).post("/api/admin/harvest-sources/" + source + "/approve", "").status())
				.isEqualTo(200);
		Answer run = TestHttp.admin(port).post("/api/admin/harvest-sources/" + source + "/run", "");
		assertThat(run.status()).as(run.body()).isEqualTo(202);
		job = run.json().get("job_id").asString();
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "/", "/?lang=en", "/datasets", "/datasets?page=2&lang=en", "/datasets/{dataset}",
			"/datasets/{dataset}?lang=en", "/login", "/login?lang=en", "/login?error", "/register", "/register?lang=en",
			"/password-reset", "/password-reset?lang=en", "/password-reset/new?code=not-a-code", "/verify?code=not-a-code",
			"/verify/resend", "/no-such-page", "/no-such-page?lang=en", "/datasets/{missing}",
			"/invitations/accept?code=not-a-code", "/search", "/search?q=v%C3%A9lo&lang=en", "/search?bbox=1,2",
			"/search?q=kzbnothingmatchesthis", "/producers", "/producers?lang=en", "/producers/{producer}",
			"/producers/{producer}?lang=en", "/producers/{missing}", "/reuses", "/reuses?lang=en",
			"/reuses?dataset={dataset}", "/reuses/{reuse}", "/reuses/{reuse}?lang=en" })
	void publicPagesHaveNoViolation(String path) {
		site().signOut().openAndCheck(resolve(path));
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "/account", "/account?lang=en", "/account/activity", "/account/activity?lang=en",
			"/admin", "/admin?lang=en", "/admin/users", "/admin/users?lang=en", "/admin/audit", "/admin/audit?lang=en",
			"/admin/audit/verify", "/admin/organizations", "/admin/organizations?lang=en", "/admin/node-clients",
			"/admin/node-clients?lang=en", "/admin/nodes", "/admin/nodes?lang=en", "/admin/nodes/{node}",
			"/admin/nodes/{node}?lang=en", "/admin/harvest-sources", "/admin/harvest-sources?lang=en",
			"/admin/harvest-sources/{source}", "/admin/harvest-sources/{source}?lang=en", "/admin/jobs/{job}",
			"/admin/jobs/{job}?lang=en", "/admin/upstream", "/admin/upstream?lang=en", "/account/organizations/{organization}",
			"/account/organizations/{organization}?lang=en", "/projects", "/projects?lang=en", "/projects/new",
			"/projects/new?lang=en", "/access/inbox", "/access/inbox?lang=en", "/access/moderation",
			"/access/moderation?lang=en", "/account/notifications", "/account/notifications?lang=en" })
	void signedInPagesHaveNoViolation(String path) {
		Site site = site().signIn("admin", TestHttp.ADMIN_PASSWORD);
		site.openAndCheck(resolve(path));
		assertThat(site.driver().getCurrentUrl()).as("not sent back to the login page").doesNotContain("/login");
	}

	@Test
	void aFailedSignInHasNoViolation() {
		Site site = site().signOut().open("/login");
		site.find("#username").sendKeys("admin");
		site.find("#password").sendKeys("not the password");
		site.click("main form button[type=submit]");
		site.waitFor("#login-error");
		Axe.check(site.driver());
	}

	@Test
	void anInvitationHasNoViolationSignedOutOrIn(CapturedOutput output) {
		String email = "invite-" + UUID.randomUUID().toString().substring(0, 8) + "@example.org";
		Answer sent = TestHttp.admin(port).post("/api/organizations/" + organization + "/invitations",
				"{\"email\": \"" + email + "\", \"role\": \"member\"}");
		assertThat(sent.status()).as(sent.body()).isEqualTo(201);
		String all = output.getAll();
		Matcher link = INVITATION.matcher(all);
		assertThat(link.find(all.lastIndexOf(email))).as("the invitation link in the log").isTrue();
		String path = "/invitations/accept?code=" + link.group(1);

		site().signOut().openAndCheck(path);
		// signed in, the page offers to join (the administrator is already the organisation's admin)
		site().signIn("admin", TestHttp.ADMIN_PASSWORD).openAndCheck(path).openAndCheck(path + "&lang=en");
		// the organisation's page lists the pending invitation
		site().openAndCheck("/account/organizations/" + organization);
		assertThat(site().driver().getPageSource()).contains(email);
	}

	@Test
	void theTokenFormWithErrorsThenTheCreatedTokenHaveNoViolation() {
		Site site = site().signIn("admin", TestHttp.ADMIN_PASSWORD).open("/account");
		// an empty name: the page comes back with the error summary and the fields' errors
		site.click("form[action$='/account/tokens'] button[type=submit]");
		site.waitFor(".error-summary");
		Axe.check(site.driver());

		site.find("#token_name").sendKeys("navigateur " + UUID.randomUUID().toString().substring(0, 8));
		site.click("form[action$='/account/tokens'] button[type=submit]");
		site.waitFor("input#token.secret");
		Axe.check(site.driver());
	}

	@Test
	void theNodeFormWithErrorsThenTheRegisteredNodeHaveNoViolation() {
		Site site = site().signIn("admin", TestHttp.ADMIN_PASSWORD).open("/admin/nodes");
		// nothing filled in (the browser's own checks off): the page comes back with every problem at its field
		((org.openqa.selenium.JavascriptExecutor) site.driver())
				.executeScript("document.querySelectorAll('main form').forEach(f => f.noValidate = true)");
		site.click("form[action$='/admin/nodes'] button[type=submit]");
		site.waitFor("#node-name-error");
		Axe.check(site.driver());

		site.find("#node-name").sendKeys("Nœud navigateur " + UUID.randomUUID().toString().substring(0, 8));
		site.find("#node-url").sendKeys("https://noeud.example.org/api/v1");
		new org.openqa.selenium.support.ui.Select(site.find("#node-organizations")).selectByValue(organization.toString());
		site.find("#node-schedule").sendKeys("0 * * * *");
		site.click("form[action$='/admin/nodes'] button[type=submit]");
		site.waitFor("code.secret");
		Axe.check(site.driver());
		// and again in English, with its last errors and no credentials any more
		site.openAndCheck(site.driver().getCurrentUrl().replaceFirst("^https?://[^/]+", "") + "?lang=en");
		site.open("/admin?lang=fr"); // the language is remembered: back to the default for the other checks
	}

	@Test
	void aRegistrationWithErrorsHasNoViolation() {
		Site site = site().signOut().open("/register?lang=en");
		((org.openqa.selenium.JavascriptExecutor) site.driver())
				.executeScript("document.querySelectorAll('main form').forEach(f => f.noValidate = true)");
		site.click("main form button[type=submit]");
		site.waitFor(".error-summary");
		Axe.check(site.driver());
	}

	@Test
	void axeSeesAViolationWhenThereIsOne() {
		// the check itself is checked: an image without a text alternative and a field without a label
		Site site = site().signOut().open("/");
		((org.openqa.selenium.JavascriptExecutor) site.driver()).executeScript("""
				document.querySelector('main').insertAdjacentHTML('beforeend',
				  '<img src="/favicon.ico" id="no-alt"><input type="text" id="no-label">');""");
		assertThat(Axe.violations(site.driver())).anySatisfy(v -> assertThat(v).startsWith("image-alt").contains("#no-alt"))
				.anySatisfy(v -> assertThat(v).startsWith("label").contains("#no-label"));
	}

	private String resolve(String path) {
		return path.replace("{dataset}", dataset).replace("{producer}", producer).replace("{missing}", UUID.randomUUID().toString())
				.replace("{organization}", organization.toString()).replace("{node}", node)
				.replace("{source}", source).replace("{job}", job).replace("{reuse}", reuse);
	}
}
