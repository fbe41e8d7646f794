package org.kerys.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kerys.KerysProcess;
import org.kerys.KerysProcessTest;
import org.kerys.TestHttp;
import org.springframework.context.ConfigurableApplicationContext;
import test.idp.TestIdentityProvider;
import tools.jackson.databind.JsonNode;

/**
 * OpenID Connect sign-in end to end: Kerys in its own process, configured through {@code KERYS_OIDC_PROVIDERS_*}
 * environment variables, against a real provider ({@link TestIdentityProvider}, Spring Authorization Server) in
 * this JVM, driven as a browser would (cookies, redirects followed one by one, the provider's login form).
 * Kerys runs on {@code localhost} and the provider on {@code 127.0.0.1}, so that their session cookies stay apart.
 */
class OidcLoginTests extends KerysProcessTest {

	private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"");

	private CompletableFuture<ConfigurableApplicationContext> idpStarting;
	private ConfigurableApplicationContext idp;
	private String issuer;

	@AfterEach
	void stopProvider() throws Exception {
		if (idpStarting != null) {
			idpStarting.get(60, TimeUnit.SECONDS).close();
		}
	}

	@Test
	void shouldSignInLinkAndRefuseTamperedAnswers() throws Exception {
		int idpPort = freePort();
		issuer = "http://127.0.0.1:" + idpPort;
		// the provider starts in this JVM while Kerys starts in its own
		idpStarting = CompletableFuture.supplyAsync(() -> TestIdentityProvider.start(idpPort));
		kerys = KerysProcess.start(dataDir, "oidc-login",
				Map.of("KERYS_OIDC_PROVIDERS_TEST_ISSUER_URI", issuer,
						"KERYS_OIDC_PROVIDERS_TEST_CLIENT_ID", TestIdentityProvider.CLIENT_ID,
						"KERYS_OIDC_PROVIDERS_TEST_CLIENT_SECRET", TestIdentityProvider.CLIENT_SECRET,
						"KERYS_OIDC_PROVIDERS_TEST_NAME", "Test provider",
						"KERYS_OIDC_PROVIDERS_TEST_ACR_VALUES", "eidas1",
						// a provider that never answers: Kerys starts all the same
						"KERYS_OIDC_PROVIDERS_DOWN_ISSUER_URI", "http://127.0.0.1:" + freePort(),
						"KERYS_OIDC_PROVIDERS_DOWN_CLIENT_ID", "kerys"));
		TestHttp admin = TestHttp.admin(kerys.port());
		HttpResponse<String> down = new Browser().get(kerys.url("/oauth2/authorization/down"));
		assertThat(down.statusCode()).isEqualTo(302);
		assertThat(location(down)).isEqualTo(kerys.url("/login?oidc-unavailable"));
		assertThat(location(new Browser().get(kerys.url("/oauth2/authorization/nobody"))))
				.isEqualTo(kerys.url("/login?oidc-unavailable"));
		assertThat(new Browser().get(kerys.url("/login/oauth2/code/test?code=x&state=y")).headers()
				.firstValue("Location")).hasValue(kerys.url("/login?oidc-error"));

		idp = idpStarting.get(60, TimeUnit.SECONDS);
		TestIdentityProvider.redirectTo(idp, kerys.url("/login/oauth2/code/test"));

		// existing accounts: robert (an administrator) has bob's address, verified; carol has carol's address
		TestHttp.Answer robert = admin.post("/api/admin/users", """
				{"login": "robert", "email": "bob@example.org", "password": "correct-horse-battery-9",
				"platform_roles": ["administrator"]}""");
		assertThat(robert.status()).as(robert.body()).isEqualTo(201);
		TestHttp.Answer carolAccount = admin.post("/api/admin/users", """
				{"login": "carol", "email": "carol@example.org", "password": "staple-lantern-orbit-7"}""");
		assertThat(carolAccount.status()).as(carolAccount.body()).isEqualTo(201);
		long accountsBefore = admin.get("/api/admin/users").json().path("total").asLong();

		// alice: a new citizen account, named after preferred_username, with her verified address
		Browser alice = new Browser();
		HttpResponse<String> signedIn = alice.get(location(alice.toCallback("alice", true)));
		assertThat(signedIn.statusCode()).isEqualTo(302);
		assertThat(location(signedIn)).isEqualTo(kerys.url("/account"));
		assertSignedIn(alice);
		assertThat(alice.get(kerys.url("/admin")).statusCode()).as("a citizen").isEqualTo(403);
		JsonNode account = admin.get("/api/admin/users/alice").json();
		assertThat(account.path("email").asString()).isEqualTo("alice@example.org");
		assertThat(account.path("email_verified").asBoolean()).isTrue();
		assertThat(account.path("display_name").asString()).isEqualTo("Alice Liddell");
		assertThat(account.path("platform_roles")).isEmpty();
		assertThat(links("alice")).containsExactly(issuer + " sub-alice");
		JsonNode created = admin.get("/api/admin/audit?action=account.created&actor=alice").json();
		assertThat(created.path("total").asLong()).isEqualTo(1);
		assertThat(created.path("items").get(0).path("details").path("how").asString()).isEqualTo("oidc");
		// the session's name is the Kerys login, not the provider's subject
		JsonNode logins = admin.get("/api/admin/audit?action=login.succeeded&actor=alice").json();
		assertThat(logins.path("total").asLong()).isEqualTo(1);
		assertThat(admin.get("/api/admin/audit?action=login.succeeded&actor=sub-alice").json().path("total")
				.asLong()).isZero();

		// alice again, from another browser: the same account
		Browser again = new Browser();
		again.get(location(again.toCallback("alice", true)));
		assertSignedIn(again);
		assertThat(admin.get("/api/admin/users").json().path("total").asLong()).isEqualTo(accountsBefore + 1);

		// bob (whose userinfo is a signed JWT): his verified address is robert's, verified: linked to robert, who
		// keeps his administrator role
		Browser bob = new Browser();
		int signed = TestIdentityProvider.SIGNED_USERINFO.get();
		HttpResponse<String> bobIn = bob.get(location(bob.toCallback("bob", true)));
		assertThat(TestIdentityProvider.SIGNED_USERINFO.get()).as("userinfo read as a signed JWT").isEqualTo(signed + 1);
		assertThat(location(bobIn)).isEqualTo(kerys.url("/account"));
		assertThat(bob.get(kerys.url("/admin")).statusCode()).as("robert is an administrator").isNotIn(302, 403);
		assertThat(admin.get("/api/admin/users/bob").status()).isEqualTo(404);
		assertThat(links("robert")).containsExactly(issuer + " sub-bob");
		JsonNode linked = admin.get("/api/admin/audit?action=account.oidc_linked").json();
		assertThat(linked.path("total").asLong()).isEqualTo(1);
		assertThat(linked.path("items").get(0).path("actor_login").asString()).isEqualTo("robert");
		assertThat(linked.path("items").get(0).path("details").path("issuer").asString()).isEqualTo(issuer);

		// carol: her address is an account's but the provider does not say it is verified: never linked; a new
		// account without the address
		Browser carol = new Browser();
		carol.get(location(carol.toCallback("carol", true)));
		assertSignedIn(carol);
		assertThat(links("carol")).isEmpty();
		JsonNode carol2 = admin.get("/api/admin/users/carol-2").json();
		assertThat(carol2.path("email").isNull() || carol2.path("email").isMissingNode()).as(carol2.toString()).isTrue();
		assertThat(links("carol-2")).containsExactly(issuer + " sub-carol");
		assertThat(admin.get("/api/admin/users").json().path("total").asLong()).isEqualTo(accountsBefore + 2);

		// a tampered code, then a forged state: refused, nobody signed in
		Browser mallory = new Browser();
		String callback = location(mallory.toCallback("alice", true));
		HttpResponse<String> tampered = mallory.get(callback.replaceFirst("code=[^&]+", "code=forged"));
		assertThat(location(tampered)).endsWith("/login?oidc-error");
		assertNotSignedIn(mallory);
		callback = location(mallory.toCallback("alice", false));
		HttpResponse<String> forged = mallory.get(callback.replaceFirst("state=[^&]+", "state=forged"));
		assertThat(location(forged)).endsWith("/login?oidc-error");
		assertNotSignedIn(mallory);

		// a deleted account is never reached through a link left behind: a new account instead
		try (Connection db = database()) {
			db.createStatement().executeUpdate("""
					update accounts set login = 'deleted-' || id::text, email = null, deleted_at = now()
					where login = 'alice'""");
		}
		Browser later = new Browser();
		later.get(location(later.toCallback("alice", true)));
		assertSignedIn(later);
		assertThat(links("alice")).containsExactly(issuer + " sub-alice");
		assertThat(admin.get("/api/admin/audit?action=account.created&actor=alice").json().path("total").asLong())
				.isEqualTo(1);
	}

	/** Signed in: the account pages do not send to the login page. */
	private void assertSignedIn(Browser browser) throws Exception {
		HttpResponse<String> page = browser.get(kerys.url("/account"));
		assertThat(page.statusCode() == 302 ? location(page) : "").doesNotContain("/login");
	}

	private void assertNotSignedIn(Browser browser) throws Exception {
		HttpResponse<String> page = browser.get(kerys.url("/account"));
		assertThat(page.statusCode()).isEqualTo(302);
		assertThat(location(page)).endsWith("/login");
	}

	/** The (issuer, subject) links of an account, as "issuer subject". */
	private java.util.List<String> links(String login) throws SQLException {
		try (Connection db = database(); var sql = db.prepareStatement("""
				select l.issuer, l.subject from account_links l join accounts a on a.id = l.account_id
				where a.login = ? and a.deleted_at is null order by 1, 2""")) {
			sql.setString(1, login);
			java.util.List<String> links = new java.util.ArrayList<>();
			try (ResultSet rows = sql.executeQuery()) {
				while (rows.next()) {
					links.add(rows.getString(1) + " " + rows.getString(2));
				}
			}
			return links;
		}
	}

	private Connection database() throws SQLException {
		return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + kerys.postgresPort() + "/postgres",
				"postgres", "");
	}

	private static String location(HttpResponse<String> response) {
		return response.headers().firstValue("Location")
				.map(l -> response.uri().resolve(l).toString())
				.orElseThrow(() -> new AssertionError("no redirect: " + response.statusCode() + " " + response.uri()
						+ "\n" + response.body()));
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	/** A browser: its own cookies, redirects followed by the test. */
	private final class Browser {

		private final HttpClient client = HttpClient.newBuilder()
				.cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
				.followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();

		HttpResponse<String> get(String url) throws Exception {
			return client.send(HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/html")
					.timeout(Duration.ofSeconds(20)).GET().build(), HttpResponse.BodyHandlers.ofString());
		}

		HttpResponse<String> postForm(String url, Map<String, String> form) throws Exception {
			StringBuilder body = new StringBuilder();
			form.forEach((name, value) -> body.append(body.isEmpty() ? "" : "&")
					.append(URLEncoder.encode(name, StandardCharsets.UTF_8)).append('=')
					.append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
			return client.send(HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/html")
					.header("Content-Type", "application/x-www-form-urlencoded").timeout(Duration.ofSeconds(20))
					.POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(),
					HttpResponse.BodyHandlers.ofString());
		}

		/**
		 * From Kerys' sign-in link to the provider's answer that redirects to Kerys' callback (returned, not
		 * followed), signing in at the provider when it asks. Waits for the provider to be read (it was down when
		 * Kerys started: a failed discovery is tried again after a few seconds).
		 */
		HttpResponse<String> toCallback(String user, boolean mayLogIn) throws Exception {
			HttpResponse<String> response = get(kerys.url("/oauth2/authorization/test"));
			long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
			while (location(response).endsWith("oidc-unavailable") && System.nanoTime() < deadline) {
				Thread.sleep(250);
				response = get(kerys.url("/oauth2/authorization/test"));
			}
			assertThat(location(response)).startsWith(issuer + "/oauth2/authorize?").contains("acr_values=eidas1");
			for (int step = 0; step < 10; step++) {
				if (response.statusCode() == 302 && location(response).startsWith(kerys.url("/login/oauth2/code/test"))) {
					return response;
				}
				if (response.statusCode() == 302) {
					response = get(location(response));
				}
				else if (response.statusCode() == 200 && response.uri().getPath().equals("/login")) {
					assertThat(mayLogIn).as("asked to sign in at the provider again").isTrue();
					Matcher csrf = CSRF.matcher(response.body());
					assertThat(csrf.find()).as(response.body()).isTrue();
					response = postForm(response.uri().toString(), Map.of("username", user,
							"password", TestIdentityProvider.PASSWORD, "_csrf", csrf.group(1)));
				}
				else {
					throw new AssertionError("unexpected " + response.statusCode() + " at " + response.uri() + "\n"
							+ response.body());
				}
			}
			throw new AssertionError("no way back to Kerys");
		}
	}
}
