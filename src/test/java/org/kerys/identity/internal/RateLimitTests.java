package org.kerys.identity.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.kerys.KerysHttpTest;
import org.kerys.TestHttp;
import org.kerys.identity.internal.Browser.Page;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Rate limits, lowered for these tests through the {@link RateLimits} bean (the suite's configuration sets limits
 * no other test reaches) and put back after each.
 */
@KerysHttpTest
@ExtendWith(OutputCaptureExtension.class)
class RateLimitTests {

	static final String PASSWORD = RegistrationTests.PASSWORD;

	@LocalServerPort
	int port;

	@Autowired
	RateLimits limits;

	@BeforeEach
	@AfterEach
	void reset() {
		limits.reset();
	}

	@Test
	void shouldLimitFailedTokenRequestsPerAccount(CapturedOutput output) {
		String login = Browser.uniqueLogin("guessed");
		new Browser(port).registerVerified(output, login, PASSWORD);
		limits.use(1000, Duration.ofMinutes(1), 3, Duration.ofMinutes(15));

		// successes do not count
		assertThat(TestHttp.basic(port, login, PASSWORD).post("/api/auth/token", "{}").status()).isEqualTo(201);
		for (int i = 0; i < 3; i++) {
			assertThat(TestHttp.basic(port, login, "guess " + i).post("/api/auth/token", "{}").status()).isEqualTo(401);
		}
		TestHttp.Answer limited = TestHttp.basic(port, login, PASSWORD).post("/api/auth/token", "{}");
		assertThat(limited.status()).isEqualTo(429);
		assertThat(Long.parseLong(limited.header("Retry-After"))).isBetween(1L, 15 * 60L);
		assertThat(limited.json().get("code").asString()).isEqualTo("KRS-429");
		assertThat(limited.header("Content-Type")).startsWith("application/problem+json");

		// the same account name through the portal's form is limited too; another account is not
		Browser browser = new Browser(port);
		browser.get("/login");
		Page form = browser.post("/login", "username", login.toUpperCase(), "password", PASSWORD);
		assertThat(form.status()).isEqualTo(429);
		assertThat(TestHttp.adminPassword(port).post("/api/auth/token", "{}").status()).isEqualTo(201);
	}

	@Test
	void shouldLimitFailedSignInsThroughTheForm() {
		limits.use(1000, Duration.ofMinutes(1), 2, Duration.ofMinutes(15));
		String login = Browser.uniqueLogin("nobody");
		Browser browser = new Browser(port);
		assertThat(browser.signIn(login, "guess 1")).endsWith("/login?error");
		assertThat(browser.signIn(login, "guess 2")).endsWith("/login?error");
		browser.get("/login");
		Page limited = browser.post("/login", "username", login, "password", "guess 3");
		assertThat(limited.status()).isEqualTo(429);
		assertThat(limited.header("Retry-After")).isNotNull();
		assertThat(limited.header("Content-Type")).startsWith("text/html");
		assertThat(limited.body()).contains("Trop de tentatives", "Too many attempts");
	}

	@Test
	void shouldLimitRequestsPerAddress() {
		limits.use(2, Duration.ofMinutes(1), 1000, Duration.ofMinutes(15));
		Browser browser = new Browser(port);
		browser.get("/password-reset");
		assertThat(browser.post("/password-reset", "email", "a@example.org").status()).isEqualTo(200);
		assertThat(browser.post("/password-reset", "email", "b@example.org").status()).isEqualTo(200);
		Page limited = browser.post("/password-reset", "email", "c@example.org");
		assertThat(limited.status()).isEqualTo(429);
		assertThat(Long.parseLong(limited.header("Retry-After"))).isBetween(1L, 60L);
		// each group has its own count, and pages (GET) are not limited
		assertThat(browser.get("/password-reset").status()).isEqualTo(200);
		assertThat(browser.post("/verify/resend", "email", "a@example.org").status()).isEqualTo(200);
		TestHttp.Answer oauth = TestHttp.anonymous(port).post("/oauth/token", "");
		assertThat(oauth.status()).isNotEqualTo(429);
		TestHttp.anonymous(port).post("/oauth/token", "");
		TestHttp.Answer limitedOauth = TestHttp.anonymous(port).post("/oauth/token", "");
		assertThat(limitedOauth.status()).isEqualTo(429);
		assertThat(limitedOauth.json().get("code").asString()).isEqualTo("KRS-429");
	}

	@Test
	void shouldKeepMemoryBounded() {
		limits.use(1000, Duration.ofMinutes(1), 1000, Duration.ofMinutes(15));
		for (int i = 0; i < 50; i++) {
			limits.accountFailed("spray-" + i);
		}
		assertThat(limits.tracked()).isEqualTo(50);
		limits.reset();
		assertThat(limits.tracked()).isZero();
	}
}
