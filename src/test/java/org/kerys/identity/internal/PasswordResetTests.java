package org.kerys.identity.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.kerys.KerysHttpTest;
import org.kerys.identity.internal.Browser.Page;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Forgotten passwords: the emailed link, once, and the same answer whatever the address. */
@KerysHttpTest
@ExtendWith(OutputCaptureExtension.class)
class PasswordResetTests {

	static final String PASSWORD = RegistrationTests.PASSWORD;
	static final String NEW_PASSWORD = "a brand new passphrase 42";

	@LocalServerPort
	int port;

	@Autowired
	Accounts accounts;

	@Autowired
	org.springframework.jdbc.core.simple.JdbcClient jdbc;

	@Test
	void shouldResetThePasswordOnceAndVerifyTheAddress(CapturedOutput output) {
		Browser browser = new Browser(port);
		String login = Browser.uniqueLogin("reset");
		String email = login + "@example.org";
		browser.register(login, PASSWORD); // not verified: the reset link will verify it
		browser.get("/password-reset");
		Page sent = browser.post("/password-reset", "email", email.toUpperCase());
		assertThat(sent.status()).isEqualTo(200);
		assertThat(sent.body()).contains("Consultez vos e-mails");

		String link = Browser.emailedLink(output, email, "/password-reset/new");
		Page form = browser.get(link);
		assertThat(form.status()).isEqualTo(200);
		assertThat(form.body()).contains("autocomplete=\"new-password\"", login);
		String code = link.substring(link.indexOf("code=") + 5);

		Page weak = browser.post("/password-reset/new", "code", code, "password", "short", "password_confirmation",
				"short");
		assertThat(weak.status()).isEqualTo(400);
		assertThat(weak.body()).contains("au moins 12 caractères");

		Page done = browser.post("/password-reset/new", "code", code, "password", NEW_PASSWORD,
				"password_confirmation", NEW_PASSWORD);
		assertThat(done.status()).isEqualTo(200);
		assertThat(done.body()).contains("Mot de passe changé");
		assertThat(accounts.byLogin(login).orElseThrow().emailVerified()).isTrue();

		// the link is used up
		assertThat(browser.get(link).status()).isEqualTo(400);
		Page again = browser.post("/password-reset/new", "code", code, "password", "yet another passphrase",
				"password_confirmation", "yet another passphrase");
		assertThat(again.status()).isEqualTo(400);
		assertThat(again.body()).contains("déjà servi");

		Browser other = new Browser(port);
		assertThat(other.signIn(login, PASSWORD)).endsWith("/login?error");
		assertThat(other.signIn(login, NEW_PASSWORD)).endsWith("/account");
	}

	@Test
	void shouldMakeOlderLinksUseless(CapturedOutput output) {
		Browser browser = new Browser(port);
		String login = Browser.uniqueLogin("twice");
		String email = login + "@example.org";
		browser.registerVerified(output, login, PASSWORD);
		browser.get("/password-reset");
		browser.post("/password-reset", "email", email);
		String first = Browser.emailedLink(output, email, "/password-reset/new");
		browser.get("/password-reset");
		browser.post("/password-reset", "email", email);
		String second = first;
		long deadline = System.currentTimeMillis() + 10_000;
		while (second.equals(first) && System.currentTimeMillis() < deadline) {
			second = Browser.emailedLink(output, email, "/password-reset/new");
		}
		assertThat(second).isNotEqualTo(first);
		browser.get(second);
		String code = second.substring(second.indexOf("code=") + 5);
		assertThat(browser.post("/password-reset/new", "code", code, "password", NEW_PASSWORD, "password_confirmation",
				NEW_PASSWORD).status()).isEqualTo(200);
		assertThat(browser.get(first).status()).isEqualTo(400);
	}

	@Test
	void shouldRefuseAnExpiredLink(CapturedOutput output) {
		Browser browser = new Browser(port);
		String login = Browser.uniqueLogin("slow");
		String email = login + "@example.org";
		browser.registerVerified(output, login, PASSWORD);
		browser.get("/password-reset");
		browser.post("/password-reset", "email", email);
		String link = Browser.emailedLink(output, email, "/password-reset/new");
		String code = link.substring(link.indexOf("code=") + 5);
		jdbc.sql("update account_codes set expires_at = now() - interval '1 minute' where code_hash = ?")
				.param(AccountCodes.hash(code)).update();
		Page expired = browser.get(link);
		assertThat(expired.status()).isEqualTo(400);
		assertThat(expired.body()).contains("Ce lien a expiré", "href=\"/password-reset\"");
		browser.get("/password-reset");
		assertThat(browser.post("/password-reset/new", "code", code, "password", NEW_PASSWORD,
				"password_confirmation", NEW_PASSWORD).status()).isEqualTo(400);
		assertThat(new Browser(port).signIn(login, PASSWORD)).endsWith("/account");
	}

	@Test
	void shouldAnswerTheSameForAnUnknownAddress(CapturedOutput output) {
		String login = Browser.uniqueLogin("known");
		new Browser(port).registerVerified(output, login, PASSWORD);

		Browser known = new Browser(port);
		known.get("/password-reset");
		Page forKnown = known.post("/password-reset", "email", login + "@example.org");
		Browser unknown = new Browser(port);
		unknown.get("/password-reset");
		Page forUnknown = unknown.post("/password-reset", "email", "nobody-" + UUID.randomUUID() + "@example.org");
		assertThat(forUnknown.status()).isEqualTo(forKnown.status()).isEqualTo(200);
		assertThat(RegistrationTests.withoutCsrf(forUnknown.body()))
				.isEqualTo(RegistrationTests.withoutCsrf(forKnown.body()));
		assertThat(new Browser(port).get("/password-reset/new?code=" + UUID.randomUUID()).status()).isEqualTo(400);
	}
}
