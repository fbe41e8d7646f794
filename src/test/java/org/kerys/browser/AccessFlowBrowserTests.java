package org.kerys.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
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
 * A reuser and a producer do it all from the pages, in the browser, axe-core on every page reached: the reuser asks
 * for access on a restricted dataset's page (declaring a project on the way), the producer accepts with conditions in
 * the inbox, the reuser creates credentials on the project page; the test downloads through the gateway with them
 * (200); the producer revokes from the inbox; the next gateway call is refused (403).
 * <p>
 * The pages' hooks: {@code a#request-access} on the dataset page, {@code a#declare-project}, the project form's
 * {@code #p-title}, {@code #p-type}; the request form's {@code #r-purpose}, {@code button#submit-request}; the
 * inbox's {@code form.accept-form} (fields {@code rate-N}, {@code bytes-N}) and revoke forms; the project page's
 * {@code button#create-client}, {@code code#new-client-id}, {@code code#new-client-secret}.
 */
@BrowserTest
class AccessFlowBrowserTests {

	@RegisterExtension
	static final Chromium browser = new Chromium();

	@LocalServerPort
	int port;

	private String account(String prefix, String password) {
		return new TestPeople(port).account(prefix, password);
	}

	private Answer token(String clientId, String secret) {
		return TestHttp.clientCredentials(port, clientId, secret);
	}

	@Test
	void aReuserAndAProducerDoItAllFromThePages() throws Exception {
		String password = "Kerys-pass " + UUID.randomUUID();
		UUID producer = UUID.randomUUID();
		String unique = UUID.randomUUID().toString().substring(0, 8);
		assertThat(TestHttp.admin(port).post("/api/v1/organizations", "{\"organization_id\": \"" + producer
				+ "\", \"organization_name\": \"Transports " + unique + "\"}").status()).isEqualTo(201);
		String editor = account("producteur", password);
		assertThat(TestHttp.admin(port).post("/api/organizations/" + producer + "/members",
				"{\"login\": \"" + editor + "\", \"role\": \"editor\"}").status()).isIn(200, 201);
		String reuser = account("reutilisatrice", password);
		byte[] content = "arret;montees\nRépublique;1200\n".repeat(30).getBytes(StandardCharsets.UTF_8);
		String md5 = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(content));
		ObjectNode record = RudiRecords.open("Validations " + unique, producer, "Transports", md5, content.length);
		((ObjectNode) record.at("/access_condition/confidentiality")).put("restricted_access", true);
		assertThat(TestHttp.admin(port).post("/api/v1/resources", RudiRecords.write(record)).status()).isEqualTo(201);
		String dataset = record.get("global_id").asString();
		String media = record.at("/available_formats/0/media_id").asString();
		TestHttp admin = TestHttp.admin(port);
		assertThat(admin.send(admin.request("/api/v1/media/" + media)
				.PUT(HttpRequest.BodyPublishers.ofByteArray(content))).status()).isEqualTo(201);

		// the reuser: the dataset's page → request access → no project yet: declare one → back to the request
		Site site = new Site(browser, port).signIn(reuser, password).openAndCheck("/datasets/" + dataset);
		site.click("#request-access");
		site.waitFor("#declare-project");
		Axe.check(site.driver());
		site.click("#declare-project");
		site.waitFor("#p-title");
		Axe.check(site.driver());
		site.click("main form button[type=submit]"); // empty: the errors come back at their fields
		site.waitFor("#p-title-error");
		Axe.check(site.driver());
		site.find("#p-title").sendKeys("Tableau de bord " + unique);
		new org.openqa.selenium.support.ui.Select(site.find("#p-type")).selectByValue("visualisation");
		site.click("#p-public");
		site.click("main form button[type=submit]");
		site.waitFor("#r-purpose");
		Axe.check(site.driver());
		site.find("#r-purpose").sendKeys("Afficher la fréquentation des arrêts");
		site.find("#r-message").sendKeys("Merci !");
		site.click("#submit-request");
		site.waitFor(".request-state");
		Axe.check(site.driver());
		String project = site.driver().getCurrentUrl().replaceAll(".*/projects/([0-9a-f-]{36}).*", "$1");

		// the producer: the inbox → accept, with a rate limit
		site.signIn(editor, password).openAndCheck("/access/inbox");
		site.find("form.accept-form input[name=rate_limit_per_minute]").sendKeys("60");
		site.click("form.accept-form button[type=submit]");
		site.waitFor(".agreement-state");
		Axe.check(site.driver());
		site.openAndCheck("/access/inbox?lang=en");
		site.open("/access/inbox?lang=fr");

		// the reuser: the project page → credentials, shown once
		site.signIn(reuser, password).openAndCheck("/projects/" + project);
		site.click("#create-client");
		String clientId = site.waitFor("#new-client-id").getText();
		String secret = site.find("#new-client-secret").getText();
		Axe.check(site.driver());
		site.openAndCheck("/projects/" + project + "?lang=en");
		assertThat(site.driver().getPageSource()).doesNotContain(secret);
		site.open("/projects?lang=fr");

		Answer issued = token(clientId, secret);
		assertThat(issued.status()).as(issued.body()).isEqualTo(200);
		TestHttp client = TestHttp.anonymous(port).withHeader("Authorization",
				"Bearer " + issued.json().get("access_token").asString());
		String gateway = "/gateway/datasets/" + dataset + "/media/" + media;
		Answer download = client.get(gateway);
		assertThat(download.status()).isEqualTo(200);
		assertThat(download.body()).isEqualTo(new String(content, StandardCharsets.UTF_8));

		// the producer revokes from the inbox: the next call is refused
		site.signIn(editor, password).open("/access/inbox");
		site.click("form[action$='/revoke'] button[type=submit]");
		site.waitFor("[role=status]");
		Axe.check(site.driver());
		assertThat(client.get(gateway).status()).isEqualTo(403);

		// the reuser is told, in the account's notifications, and the header says so
		site.signIn(reuser, password).openAndCheck("/account/notifications");
		assertThat(site.driver().getPageSource()).contains("révoqué");
	}
}
