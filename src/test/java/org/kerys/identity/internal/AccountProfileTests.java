package org.kerys.identity.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.kerys.KerysHttpTest;
import org.kerys.TestHttp;
import org.kerys.identity.internal.Browser.Page;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** The profile page: personal tokens, password change, account deletion. */
@KerysHttpTest
@ExtendWith(OutputCaptureExtension.class)
class AccountProfileTests {

	static final String PASSWORD = RegistrationTests.PASSWORD;
	private static final Pattern TOKEN = Pattern.compile("krs_[A-Za-z0-9_-]{43}");

	@LocalServerPort
	int port;

	private Browser signedIn(CapturedOutput output, String login) {
		Browser browser = new Browser(port);
		browser.registerVerified(output, login, PASSWORD);
		assertThat(browser.signIn(login, PASSWORD)).endsWith("/account");
		return browser;
	}

	@Test
	void shouldCreateATokenShownOnceAndRevokeIt(CapturedOutput output) {
		String login = Browser.uniqueLogin("tokens");
		Browser browser = signedIn(output, login);
		Page profile = browser.get("/account");
		assertThat(profile.body()).contains("Vous n’avez aucun jeton", "name=\"scopes\"", "value=\"catalog.write\"");

		Page refused = browser.post("/account/tokens", "token_name", "", "scopes", "catalog.write", "expires_in_days", "900");
		assertThat(refused.status()).isEqualTo(400);
		assertThat(refused.body()).contains("de 1 à 730 jours", "Donnez au jeton un nom");

		Page created = browser.post("/account/tokens", "token_name", "my script", "scopes", "catalog.write", "scopes",
				"media.write", "expires_in_days", "30");
		assertThat(created.status()).as(created.body()).isEqualTo(200);
		assertThat(created.header("Cache-Control")).contains("no-store");
		Matcher found = TOKEN.matcher(created.body());
		assertThat(found.find()).isTrue();
		String token = found.group();

		TestHttp api = TestHttp.anonymous(port).withHeader("Authorization", "Bearer " + token);
		TestHttp.Answer tokens = api.get("/api/auth/tokens");
		assertThat(tokens.status()).as(tokens.body()).isEqualTo(200);
		JsonNode listed = tokens.json().get(0);
		assertThat(listed.get("name").asString()).isEqualTo("my script");
		assertThat(TestHttp.admin(port).get("/api/admin/audit?action=token.created&limit=200").body())
				.contains(listed.get("id").asString());

		Page after = browser.get("/account");
		assertThat(after.body()).contains("my script").doesNotContain(token);
		browser.post("/account/tokens/" + listed.get("id").asString() + "/revoke");
		assertThat(browser.get("/account?done=revoked").body()).contains("Le jeton est révoqué", "révoqué");
		assertThat(api.get("/api/auth/tokens").status()).isEqualTo(401);
	}

	@Test
	void shouldChangeThePassword(CapturedOutput output) {
		String login = Browser.uniqueLogin("change");
		Browser browser = signedIn(output, login);
		// another browser signed in with the old password: it is signed out by the change
		Browser elsewhere = new Browser(port);
		assertThat(elsewhere.signIn(login, PASSWORD)).endsWith("/account");
		assertThat(elsewhere.get("/account").status()).isEqualTo(200);
		browser.get("/account");
		String newPassword = "another long passphrase";
		Page wrong = browser.post("/account/password", "current_password", "not my password", "password", newPassword,
				"password_confirmation", newPassword);
		assertThat(wrong.status()).isEqualTo(400);
		assertThat(wrong.body()).contains("Le mot de passe actuel est incorrect");
		Page changed = browser.post("/account/password", "current_password", PASSWORD, "password", newPassword,
				"password_confirmation", newPassword);
		assertThat(changed.status()).isEqualTo(302);
		assertThat(changed.location()).endsWith("/account?done=password");
		assertThat(browser.get("/account?done=password").body()).contains("Votre mot de passe est changé");
		assertThat(browser.get("/account").status()).as("the session that changed it stays").isEqualTo(200);
		Page signedOut = elsewhere.get("/account");
		assertThat(signedOut.status()).as("a session signed in with the old password ends").isEqualTo(302);
		assertThat(signedOut.location()).contains("/login");
		assertThat(new Browser(port).signIn(login, PASSWORD)).endsWith("/login?error");
		assertThat(new Browser(port).signIn(login, newPassword)).endsWith("/account");
	}

	@Test
	void shouldDeleteTheAccountAndEraseIt(CapturedOutput output) {
		String login = Browser.uniqueLogin("leaving");
		Browser browser = signedIn(output, login);
		String id = TestHttp.admin(port).get("/api/admin/users/" + login).json().get("id").asString();
		browser.get("/account");
		Page refused = browser.post("/account/delete", "confirmation", "wrong password");
		assertThat(refused.status()).isEqualTo(400);
		assertThat(refused.body()).contains("le compte n’est pas supprimé");

		Page deleted = browser.post("/account/delete", "confirmation", PASSWORD);
		assertThat(deleted.status()).isEqualTo(200);
		assertThat(deleted.body()).contains("Votre compte est supprimé").doesNotContain("Se déconnecter");
		assertThat(browser.get("/account").location()).endsWith("/login");
		assertThat(new Browser(port).signIn(login, PASSWORD)).endsWith("/login?error");
		assertThat(TestHttp.admin(port).get("/api/admin/users/" + login).status()).isEqualTo(404);

		JsonNode entries = TestHttp.admin(port).get("/api/admin/audit?action=account.deleted&limit=200").json()
				.get("items");
		boolean found = false;
		for (JsonNode entry : entries) {
			if (id.equals(entry.get("target").get("id").asString())) {
				found = true;
			}
			assertThat(entry.get("target").get("id").asString()).isNotEqualTo(login);
		}
		assertThat(found).as(entries.toString()).isTrue();
		// nothing personal in the ledger
		assertThat(TestHttp.admin(port).get("/api/admin/audit?limit=500").body()).doesNotContain(login + "@example.org");
	}
}
