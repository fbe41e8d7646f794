package org.kerys.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.kerys.KerysHttpTest;
import org.kerys.PortalSession;
import org.kerys.TestHttp;
import org.kerys.TestHttp.Answer;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** Every account reads the ledger's entries about itself: GET /api/me/audit and the page /account/activity. */
@KerysHttpTest
class MyActivityTests {

	static final String PASSWORD = "Tilleul-Vilaine-2026!";

	@LocalServerPort
	int port;

	/** A new account (through the administration API); returns its login and id. */
	String[] newAccount() {
		String login = "act-" + UUID.randomUUID().toString().substring(0, 8);
		Answer created = TestHttp.admin(port).post("/api/admin/users", "{\"login\":\"" + login + "\",\"email\":\""
				+ login + "@example.org\",\"password\":\"" + PASSWORD + "\"}");
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		return new String[] { login, created.json().get("id").asString() };
	}

	/** A personal token of this account: a login (HTTP Basic) and a token creation in the ledger. */
	TestHttp tokenOf(String login, String scopes) {
		Answer token = TestHttp.basic(port, login, PASSWORD).post("/api/auth/token", "{\"scopes\":[" + scopes + "]}");
		assertThat(token.status()).as(token.body()).isEqualTo(201);
		return TestHttp.anonymous(port).withHeader("Authorization", "Bearer " + token.json().get("token").asString());
	}

	static List<String> actions(JsonNode listing) {
		List<String> actions = new ArrayList<>();
		listing.get("items").forEach(item -> actions.add(item.get("action").asString()));
		return actions;
	}

	@Test
	void shouldShowAnAccountTheEntriesAboutItselfAndNoOneElses() {
		String[] a = newAccount();
		String[] b = newAccount();
		assertThat(TestHttp.basic(port, a[0], "not-the-password").post("/api/auth/token", "{}").status())
				.isEqualTo(401);
		TestHttp mine = tokenOf(a[0], "\"catalog.write\"");
		TestHttp theirs = tokenOf(b[0], "");
		theirs.get("/api/me/audit");

		Answer answer = mine.get("/api/me/audit");
		assertThat(answer.status()).as(answer.body()).isEqualTo(200);
		JsonNode listing = answer.json();
		assertThat(actions(listing)).containsExactly("token.created", "login.succeeded", "login.failed",
				"account.created");
		assertThat(listing.get("total").asLong()).isEqualTo(4);
		JsonNode items = listing.get("items");
		JsonNode token = items.get(0);
		assertThat(token.get("actor").asString()).isEqualTo(a[1]);
		assertThat(token.get("actor_login").asString()).isEqualTo(a[0]);
		assertThat(token.get("target").get("type").asString()).isEqualTo("token");
		assertThat(token.get("details").get("scopes").toString()).isEqualTo("[\"catalog.write\"]");
		assertThat(token.has("hash")).isTrue();
		assertThat(token.has("previous_hash")).isTrue();
		JsonNode failed = items.get(2);
		assertThat(failed.get("actor").isNull()).isTrue();
		assertThat(failed.get("outcome").asString()).isEqualTo("failure");
		assertThat(failed.get("target").get("id").asString()).isEqualTo(a[1]);
		assertThat(failed.get("target").get("login").asString()).isEqualTo(a[0]);
		JsonNode created = items.get(3);
		assertThat(created.get("actor_login").asString()).isEqualTo("admin");
		assertThat(created.get("target").get("login").asString()).isEqualTo(a[0]);
		for (int i = 1; i < items.size(); i++) {
			assertThat(items.get(i).get("sequence").asLong()).as("newest first")
					.isLessThan(items.get(i - 1).get("sequence").asLong());
		}
		assertThat(listing.toString()).doesNotContain(b[0]).doesNotContain(b[1]);

		JsonNode second = mine.get("/api/me/audit?limit=1&offset=1").json();
		assertThat(second.get("total").asLong()).isEqualTo(4);
		assertThat(actions(second)).containsExactly("login.succeeded");
		assertThat(mine.get("/api/me/audit?limit=0").status()).isEqualTo(400);
		assertThat(mine.get("/api/me/audit?offset=-1").status()).isEqualTo(400);

		// what the administrator does to the account shows there too
		assertThat(TestHttp.admin(port).put("/api/admin/users/" + a[0] + "/roles",
				"{\"platform_roles\":[\"moderator\"]}").status()).isEqualTo(200);
		JsonNode after = mine.get("/api/me/audit?limit=1").json();
		assertThat(actions(after)).containsExactly("account.roles_changed");
		assertThat(after.get("items").get(0).get("actor_login").asString()).isEqualTo("admin");

		JsonNode other = theirs.get("/api/me/audit").json();
		assertThat(actions(other)).containsExactly("token.created", "login.succeeded", "account.created");
		assertThat(other.toString()).doesNotContain(a[0]).doesNotContain(a[1]);
	}

	@Test
	void shouldAnswerAnyAccountWithAnyTokenAndNobodyElse() {
		String[] a = newAccount();
		assertThat(tokenOf(a[0], "").get("/api/me/audit").status()).as("a token without any scope").isEqualTo(200);
		JsonNode admin = TestHttp.admin(port).get("/api/me/audit?limit=5").json();
		assertThat(admin.get("items").get(0).toString()).contains("admin");
		Answer anonymous = TestHttp.anonymous(port).get("/api/me/audit");
		assertThat(anonymous.status()).isEqualTo(401);
		assertThat(TestHttp.anonymous(port).withHeader("Authorization", "Bearer krs_" + UUID.randomUUID())
				.get("/api/me/audit").status()).isEqualTo(401);

		UUID organization = UUID.randomUUID();
		Answer client = TestHttp.admin(port).post("/api/admin/node-clients",
				"{\"organization_id\":\"" + organization + "\",\"name\":\"Nœud curieux\"}");
		Answer token = TestHttp.clientCredentials(port, client.json().get("client_id").asString(),
				client.json().get("client_secret").asString());
		assertThat(token.status()).as(token.body()).isEqualTo(200);
		Answer node = TestHttp.anonymous(port)
				.withHeader("Authorization", "Bearer " + token.json().get("access_token").asString())
				.get("/api/me/audit");
		assertThat(node.status()).as("a producer node is no account").isEqualTo(403);
	}

	@Test
	void shouldDescribeTheEndpointInOpenApi() {
		JsonNode paths = TestHttp.anonymous(port).get("/v3/api-docs").json().get("paths");
		assertThat(paths.at("/~1api~1me~1audit/get/summary").asString()).isEqualTo("My activity in the audit ledger");
	}

	@Test
	void shouldShowTheActivityPageToItsAccountOnly() {
		Answer anonymous = PortalSession.anonymous(port).get("/account/activity");
		assertThat(anonymous.status()).isEqualTo(302);
		assertThat(anonymous.header("Location")).endsWith("/login");

		String[] a = newAccount();
		String[] b = newAccount();
		tokenOf(a[0], "");
		tokenOf(b[0], "");
		var session = PortalSession.signIn(port, a[0], PASSWORD);
		Assumptions.assumeTrue(session.isPresent(), "no login page on this branch yet: GET /login");
		Answer page = session.get().get("/account/activity");
		assertThat(page.status()).isEqualTo(200);
		assertThat(page.body()).contains("<h1>Mon activité</h1>", "<caption", "scope=\"col\"", "Jeton d’API créé",
				"Connexion réussie", "Compte créé", "votre compte", "vous", "<time datetime=\"")
				.doesNotContain(b[0]).doesNotContain("??");
		Answer english = session.get().get("/account/activity?lang=en");
		assertThat(english.body()).contains("<h1>My activity</h1>", "API token created", "Signed in", "your account")
				.doesNotContain("??");
	}
}
