package org.kerys.identity.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.kerys.KerysHttpTest;
import org.kerys.TestHttp;
import org.kerys.identity.internal.Browser.Page;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Registration, email verification, sign-in and sign-out through the portal's pages, as a browser does them. */
@KerysHttpTest
@ExtendWith(OutputCaptureExtension.class)
class RegistrationTests {

	static final String PASSWORD = "correct horse battery staple";

	@LocalServerPort
	int port;

	@Autowired
	Accounts accounts;

	@Autowired
	org.springframework.jdbc.core.simple.JdbcClient jdbc;

	@Test
	void shouldRegisterVerifySignInAndOut(CapturedOutput output) {
		Browser browser = new Browser(port);
		String login = Browser.uniqueLogin("reg");
		Page form = browser.get("/register");
		assertThat(form.status()).isEqualTo(200);
		assertThat(form.body()).contains("autocomplete=\"new-password\"", "name=\"_csrf\"", "lang=\"fr\"");

		Page registered = browser.register(login, PASSWORD);
		assertThat(registered.status()).isEqualTo(200);
		assertThat(registered.body()).contains(login + "@example.org");
		assertThat(accounts.byLogin(login)).get().satisfies(a -> {
			assertThat(a.emailVerified()).isFalse();
			assertThat(a.platformRoles()).isEmpty();
		});

		String link = Browser.emailedLink(output, login + "@example.org", "/verify");
		Page verified = browser.get(link);
		assertThat(verified.status()).isEqualTo(200);
		assertThat(verified.body()).contains("Adresse vérifiée");
		assertThat(accounts.byLogin(login).orElseThrow().emailVerified()).isTrue();
		// the same link again (a mail scanner opened it first): still fine
		assertThat(browser.get(link).status()).isEqualTo(200);

		assertThat(browser.signIn(login, PASSWORD)).endsWith("/account");
		Page account = browser.get("/account");
		assertThat(account.status()).isEqualTo(200);
		assertThat(account.body()).contains(login, "/account/activity", "Se déconnecter", "action=\"/logout\"");

		Page signedOut = browser.post("/logout");
		assertThat(signedOut.status()).isEqualTo(302);
		assertThat(signedOut.location()).endsWith("/?signed-out");
		assertThat(browser.get("/?signed-out").body()).contains("Vous êtes déconnecté", "href=\"/login\"");
		assertThat(browser.get("/account").location()).endsWith("/login");
	}

	@Test
	void shouldSignInWithTheEmailAddressToo(CapturedOutput output) {
		Browser browser = new Browser(port);
		String login = Browser.uniqueLogin("mail");
		browser.registerVerified(output, login, PASSWORD);
		assertThat(browser.signIn(login.toUpperCase() + "@EXAMPLE.ORG", PASSWORD)).endsWith("/account");
	}

	@Test
	void shouldRefuseUnverifiedAccountsWithoutTellingWhoExists(CapturedOutput output) {
		Browser browser = new Browser(port);
		String login = Browser.uniqueLogin("unverified");
		assertThat(browser.register(login, PASSWORD).status()).isEqualTo(200);

		// the right password: told to verify the address
		assertThat(browser.signIn(login, PASSWORD)).endsWith("/login?error");
		Page refused = browser.get("/login?error");
		assertThat(refused.body()).contains("pas encore vérifiée").doesNotContain("incorrect");
		assertThat(browser.get("/account").location()).endsWith("/login");

		// a wrong password and an unknown login: the same words
		assertThat(browser.signIn(login, PASSWORD + "x")).endsWith("/login?error");
		String wrongPassword = browser.get("/login?error").body();
		assertThat(browser.signIn("nobody-" + UUID.randomUUID(), PASSWORD)).endsWith("/login?error");
		String unknown = browser.get("/login?error").body();
		assertThat(wrongPassword).contains("Identifiant, adresse e-mail ou mot de passe incorrect")
				.doesNotContain("vérifiée");
		assertThat(withoutCsrf(unknown)).isEqualTo(withoutCsrf(wrongPassword));

		// no token either, and the API says the same for the right password as for a wrong one
		TestHttp.Answer right = TestHttp.basic(port, login, PASSWORD).post("/api/auth/token", "{}");
		TestHttp.Answer wrong = TestHttp.basic(port, login, PASSWORD + "x").post("/api/auth/token", "{}");
		assertThat(right.status()).isEqualTo(wrong.status()).isEqualTo(401);
		assertThat(right.body()).isEqualTo(wrong.body());
	}

	@Test
	void shouldRefuseShortAndCommonPasswordsAndCreateNothing() {
		Browser browser = new Browser(port);
		String login = Browser.uniqueLogin("weak");
		Page shortOne = browser.register(login, "abcdefghjk1");
		assertThat(shortOne.status()).isEqualTo(400);
		assertThat(shortOne.body()).contains("au moins 12 caractères", "aria-describedby=\"password-error password-hint\"",
				"aria-invalid=\"true\"", "role=\"alert\"");
		Page common = browser.register(login, "qwertyuiop123");
		assertThat(common.status()).isEqualTo(400);
		assertThat(common.body()).contains("trop courant");
		Page containsLogin = browser.register(login, "my " + login + " password");
		assertThat(containsLogin.status()).isEqualTo(400);
		Page mismatch = browser.register(login, PASSWORD, "password_confirmation", "something else entirely");
		assertThat(mismatch.body()).contains("La confirmation ne correspond pas");
		assertThat(accounts.loginTaken(login)).isFalse();
		// what was typed stays, except the passwords
		assertThat(shortOne.body()).contains("value=\"" + login + "\"").doesNotContain("abcdefghjk1");
	}

	@Test
	void shouldAnswerInEnglish() {
		Browser browser = new Browser(port);
		Page page = browser.get("/register?lang=en");
		assertThat(page.body()).contains("Create an account", "lang=\"en\"");
		Page refused = browser.register(Browser.uniqueLogin("en"), "short");
		assertThat(refused.body()).contains("at least 12 characters");
	}

	@Test
	void shouldIgnoreRolesSmuggledIntoTheForm(CapturedOutput output) {
		Browser browser = new Browser(port);
		String login = Browser.uniqueLogin("smuggler");
		Page registered = browser.register(login, PASSWORD, "platform_roles", "administrator", "role", "admin",
				"platformRoles", "administrator", "email_verified", "true");
		assertThat(registered.status()).isEqualTo(200);
		TestHttp.Answer user = TestHttp.admin(port).get("/api/admin/users/" + login);
		assertThat(user.status()).as(user.body()).isEqualTo(200);
		assertThat(user.json().get("platform_roles").size()).isZero();
		assertThat(user.json().get("email_verified").asBoolean()).isFalse();
	}

	@Test
	void shouldRefuseFormsWithoutTheirCsrfToken() {
		Browser browser = new Browser(port);
		browser.get("/register");
		String login = Browser.uniqueLogin("csrf");
		Page refused = browser.postWithout("/register", "login", login, "email", login + "@example.org", "password",
				PASSWORD, "password_confirmation", PASSWORD);
		assertThat(refused.status()).isEqualTo(403);
		assertThat(accounts.loginTaken(login)).isFalse();
		Page forged = browser.postWithout("/register", "login", login, "email", login + "@example.org", "password",
				PASSWORD, "password_confirmation", PASSWORD, "_csrf", "forged-token");
		assertThat(forged.status()).isEqualTo(403);
		assertThat(accounts.loginTaken(login)).isFalse();
		assertThat(browser.postWithout("/login", "username", "admin", "password", TestHttp.ADMIN_PASSWORD).status())
				.isEqualTo(403);
	}

	@Test
	void shouldTreatAnUnknownSessionCookieAsAnonymous() {
		Browser browser = new Browser(port);
		Page page = browser.get("/account", "Cookie", "JSESSIONID=" + UUID.randomUUID().toString().replace("-", ""));
		assertThat(page.status()).isEqualTo(302);
		assertThat(page.location()).endsWith("/login");
		assertThat(browser.get("/login").body()).contains("href=\"/login\"").doesNotContain("Se déconnecter");
	}

	@Test
	void shouldNotRevealThatAnAddressHasAnAccount(CapturedOutput output) {
		Browser browser = new Browser(port);
		String owner = Browser.uniqueLogin("owner");
		browser.registerVerified(output, owner, PASSWORD);

		Browser other = new Browser(port);
		String intruder = Browser.uniqueLogin("intruder");
		other.get("/register");
		Page answer = other.post("/register", "login", intruder, "email", owner + "@example.org", "password", PASSWORD,
				"password_confirmation", PASSWORD);
		assertThat(answer.status()).isEqualTo(200);
		assertThat(answer.body()).contains("Vérifiez votre adresse e-mail", owner + "@example.org");
		assertThat(accounts.loginTaken(intruder)).isFalse();
		assertThat(Browser.email(output, owner + "@example.org", "tentative d’inscription"))
				.contains("« " + owner + " »");

		// a login that is taken is said so: logins are not secret
		Page taken = other.register(owner, PASSWORD);
		assertThat(taken.status()).isEqualTo(400);
		assertThat(taken.body()).contains("déjà pris");
	}

	@Test
	void shouldResendVerificationLinksWithoutRevealingAnything(CapturedOutput output) {
		Browser browser = new Browser(port);
		String login = Browser.uniqueLogin("resend");
		browser.register(login, PASSWORD);
		String first = Browser.emailedLink(output, login + "@example.org", "/verify");
		browser.get("/verify/resend");
		Page known = browser.post("/verify/resend", "email", login + "@example.org");
		browser.get("/verify/resend");
		Page unknown = browser.post("/verify/resend", "email", "nobody-" + UUID.randomUUID() + "@example.org");
		assertThat(known.status()).isEqualTo(unknown.status()).isEqualTo(200);
		assertThat(withoutCsrf(known.body())).isEqualTo(withoutCsrf(unknown.body()));
		long deadline = System.currentTimeMillis() + 10_000;
		String second = first;
		while (second.equals(first) && System.currentTimeMillis() < deadline) {
			second = Browser.emailedLink(output, login + "@example.org", "/verify");
		}
		assertThat(second).isNotEqualTo(first);
		assertThat(browser.get(second).status()).isEqualTo(200);
		assertThat(browser.get("/verify?code=not-a-code").status()).isEqualTo(400);
	}

	@Test
	void shouldSayWhenALinkHasExpired(CapturedOutput output) {
		Browser browser = new Browser(port);
		String login = Browser.uniqueLogin("late");
		browser.register(login, PASSWORD);
		String link = Browser.emailedLink(output, login + "@example.org", "/verify");
		String code = link.substring(link.indexOf("code=") + 5);
		jdbc.sql("update account_codes set expires_at = now() - interval '1 minute' where code_hash = ?")
				.param(AccountCodes.hash(code)).update();
		Page expired = browser.get(link);
		assertThat(expired.status()).isEqualTo(400);
		assertThat(expired.body()).contains("Ce lien a expiré", "action=\"/verify/resend\"");
		assertThat(accounts.byLogin(login).orElseThrow().emailVerified()).isFalse();
	}

	@Test
	void shouldOfferAnAccessibleSignInPage() {
		Page page = new Browser(port).get("/login");
		assertThat(page.status()).isEqualTo(200);
		assertThat(page.body()).contains("<label for=\"username\"", "autocomplete=\"username\"",
				"autocomplete=\"current-password\"", "href=\"/register\"", "href=\"/password-reset\"",
				"name=\"_csrf\"", "Se connecter")
				.doesNotContain("Se connecter avec", "aria-invalid");
		assertThat(new Browser(port).get("/login?lang=en").body()).contains("Forgot your password?");
	}

	static String withoutCsrf(String page) {
		return page.replaceAll("name=\"_csrf\" value=\"[^\"]+\"", "");
	}
}
