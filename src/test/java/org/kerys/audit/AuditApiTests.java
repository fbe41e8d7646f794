package org.kerys.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.kerys.KerysHttpTest;
import org.kerys.RudiRecords;
import org.kerys.TestHttp;
import org.kerys.TestHttp.Answer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** What the ledger records of changes and logins made through the API, and who may read it. */
@KerysHttpTest
class AuditApiTests {

	@LocalServerPort
	int port;

	@Autowired
	AuditLedger ledger;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	PasswordEncoder passwords;

	@Test
	void shouldRecordDatasetAndMediaChangesWithTheirActor() throws Exception {
		byte[] content = "year;amount\n2024;12\n".getBytes(StandardCharsets.UTF_8);
		ObjectNode record = RudiRecords.open("Audité " + UUID.randomUUID(), UUID.randomUUID(), "Producteur",
				HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(content)), content.length);
		String id = record.get("global_id").asString();
		String mediaId = record.at("/available_formats/0/media_id").asString();
		TestHttp admin = TestHttp.admin(port);

		assertThat(admin.post("/api/v1/resources", RudiRecords.write(record)).status()).isEqualTo(201);
		record.put("resource_title", "Audité et remplacé");
		assertThat(admin.put("/api/v1/resources/" + id, RudiRecords.write(record)).status()).isEqualTo(200);
		Answer upload = admin.send(admin.request("/api/v1/media/" + mediaId).header("Content-Type", "text/csv")
				.PUT(HttpRequest.BodyPublishers.ofByteArray(content)));
		assertThat(upload.status()).as(upload.body()).isEqualTo(201);
		assertThat(admin.delete("/api/v1/resources/" + id).status()).isEqualTo(204);

		JsonNode datasetEntries = list("target=dataset:" + id);
		assertThat(datasetEntries.get("total").asLong()).isEqualTo(3);
		assertThat(actions(datasetEntries)).containsExactly("dataset.deleted", "dataset.updated", "dataset.created");
		String adminId = jdbc.sql("select id::text from accounts where login = 'admin'").query(String.class).single();
		for (JsonNode item : datasetEntries.get("items")) {
			// the ledger names the account by its id (a pseudonymous reference); the listing adds its current login
			assertThat(item.get("actor").asString()).isEqualTo(adminId);
			assertThat(item.get("actor_login").asString()).isEqualTo("admin");
			assertThat(item.get("outcome").asString()).isEqualTo("success");
			assertThat(item.at("/target/type").asString()).isEqualTo("dataset");
			assertThat(item.at("/target/id").asString()).isEqualTo(id);
			assertThat(item.get("hash").asString()).hasSize(64);
			assertThat(item.get("previous_hash").asString()).hasSize(64);
			assertThat(Instant.parse(item.get("time").asString())).isBefore(Instant.now().plusSeconds(1));
		}
		JsonNode items = datasetEntries.get("items");
		assertThat(items.get(0).get("sequence").asLong()).isGreaterThan(items.get(1).get("sequence").asLong());

		JsonNode media = list("target=media:" + mediaId).get("items");
		assertThat(media).hasSize(1);
		assertThat(media.get(0).get("action").asString()).isEqualTo("media.stored");
		assertThat(media.get(0).get("actor_login").asString()).isEqualTo("admin");
		assertThat(media.at("/0/details/global_id").asString()).isEqualTo(id);
		assertThat(media.at("/0/details/size").asLong()).isEqualTo(content.length);
		assertThat(media.at("/0/details/sha256").asString()).hasSize(64);

		Answer verify = admin.get("/api/admin/audit/verify");
		assertThat(verify.status()).isEqualTo(200);
		assertThat(verify.json().get("intact").asBoolean()).as(verify.body()).isTrue();
		assertThat(verify.json().get("entries").asLong()).isGreaterThanOrEqualTo(4);
		assertThat(verify.json().get("first_broken_sequence").isNull()).isTrue();
		assertThat(verify.json().get("reason").isNull()).isTrue();
	}

	@Test
	void shouldRecordEachRecordOfAnImportInItsTransaction() {
		ObjectNode first = RudiRecords.open("Importé 1");
		ObjectNode second = RudiRecords.open("Importé 2");
		ObjectNode rejected = RudiRecords.open("Rejeté");
		rejected.remove("resource_title");
		Answer imported = TestHttp.admin(port).post("/api/v1/resources/import",
				"[" + RudiRecords.write(first) + "," + RudiRecords.write(rejected) + "," + RudiRecords.write(second) + "]");
		assertThat(imported.status()).as(imported.body()).isEqualTo(200);

		JsonNode a = list("target=dataset:" + first.get("global_id").asString()).get("items");
		JsonNode b = list("target=dataset:" + second.get("global_id").asString()).get("items");
		assertThat(a).hasSize(1);
		assertThat(b).hasSize(1);
		assertThat(a.get(0).get("action").asString()).isEqualTo("dataset.created");
		assertThat(a.get(0).get("actor_login").asString()).isEqualTo("admin");
		// one batch, appended together at the commit: consecutive, one time, linked
		assertThat(b.get(0).get("sequence").asLong()).isEqualTo(a.get(0).get("sequence").asLong() + 1);
		assertThat(b.get(0).get("time")).isEqualTo(a.get(0).get("time"));
		assertThat(b.get(0).get("previous_hash")).isEqualTo(a.get(0).get("hash"));
		assertThat(list("target=dataset:" + rejected.get("global_id").asString()).get("total").asLong()).isZero();
	}

	@Test
	void shouldRecordFailedLoginsWithoutThePassword() {
		String login = "nobody-" + UUID.randomUUID();
		String password = "never-stored-" + UUID.randomUUID();
		assertThat(tokenRequest(login, password).status()).isEqualTo(401);

		JsonNode items = list("action=login.failed&target=account:" + login).get("items");
		assertThat(items).hasSize(1);
		JsonNode entry = items.get(0);
		assertThat(entry.get("actor").isNull()).isTrue();
		assertThat(entry.get("outcome").asString()).isEqualTo("failure");
		assertThat(entry.at("/details/reason").asString()).isEqualTo("BadCredentialsException");
		assertThat(entry.at("/details/remote_address").asString()).isNotBlank();
		assertThat(jdbc.sql("select count(*) from audit_entries e where e::text like :password")
				.param("password", "%" + password + "%").query(Long.class).single()).isZero();
	}

	@Test
	void shouldRecordASuccessfulLoginOncePerQuietPeriod() {
		String login = account();
		assertThat(tokenRequest(login, "reader-password").status()).isEqualTo(201);
		assertThat(tokenRequest(login, "reader-password").status()).isEqualTo(201);

		JsonNode items = list("action=login.succeeded&target=account:" + login).get("items");
		assertThat(items).hasSize(1);
		assertThat(items.get(0).get("actor_login").asString()).isEqualTo(login);
		assertThat(items.at("/0/target/login").asString()).isEqualTo(login);
		assertThat(items.get(0).get("actor").asString()).as("an account id, not the login")
				.isEqualTo(jdbc.sql("select id::text from accounts where login = ?").param(login).query(String.class).single());
		assertThat(items.get(0).get("outcome").asString()).isEqualTo("success");
	}

	@Test
	void shouldRefuseTheLedgerToAnonymousCallersAndOtherAccounts() {
		String login = account();
		String readerToken = tokenRequest(login, "reader-password").json().get("token").asString();
		for (String path : List.of("/api/admin/audit", "/api/admin/audit/verify", "/api/admin/audit?actor=admin")) {
			Answer anonymous = TestHttp.anonymous(port).get(path);
			assertThat(anonymous.status()).as(path).isEqualTo(401);
			assertThat(anonymous.json().get("code").asString()).isEqualTo("KRS-401");
			assertThat(get("admin", TestHttp.ADMIN_PASSWORD, path).status()).as("no password on the API: " + path)
					.isEqualTo(401);
			Answer reader = TestHttp.anonymous(port).withHeader("Authorization", "Bearer " + readerToken).get(path);
			assertThat(reader.status()).as(path).isEqualTo(403);
			assertThat(reader.json().get("code").asString()).isEqualTo("ERR-403");
		}
	}

	@Test
	void shouldNameTheTokensOwnerAndAskTokensForTheAdminScope() {
		ObjectNode record = RudiRecords.open("Publié avec un jeton");
		String id = record.get("global_id").asString();
		assertThat(bearer("\"catalog.write\"").post("/api/v1/resources", RudiRecords.write(record)).status())
				.isEqualTo(201);
		JsonNode items = list("target=dataset:" + id).get("items");
		assertThat(items).hasSize(1);
		assertThat(items.get(0).get("actor_login").asString()).isEqualTo("admin");

		Answer withoutScope = bearer("\"catalog.write\"").get("/api/admin/audit/verify");
		assertThat(withoutScope.status()).isEqualTo(403);
		Answer withScope = bearer("\"admin\"").get("/api/admin/audit/verify");
		assertThat(withScope.status()).as(withScope.body()).isEqualTo(200);
		assertThat(withScope.json().get("intact").asBoolean()).isTrue();
	}

	@Test
	void shouldFilterAndPage() {
		String actor = "tester-" + UUID.randomUUID();
		for (int i = 0; i < 3; i++) {
			ledger.record(actor, "test.listed", "thing", "t" + i, AuditLedger.SUCCESS, Map.of("i", i));
		}
		JsonNode first = list("actor=" + actor + "&limit=2");
		assertThat(first.get("total").asLong()).isEqualTo(3);
		assertThat(targets(first)).containsExactly("t2", "t1");
		assertThat(targets(list("actor=" + actor + "&limit=2&offset=2"))).containsExactly("t0");
		assertThat(targets(list("actor=" + actor + "&target=thing:t1"))).containsExactly("t1");
		assertThat(targets(list("actor=" + actor + "&target=thing"))).hasSize(3);
		assertThat(list("actor=" + actor + "&action=dataset.created").get("total").asLong()).isZero();

		String now = encode(Instant.now().plusSeconds(1).toString());
		String hourAgo = encode(Instant.now().minusSeconds(3600).toString());
		assertThat(list("actor=" + actor + "&from=" + hourAgo + "&to=" + now).get("total").asLong()).isEqualTo(3);
		assertThat(list("actor=" + actor + "&from=" + now).get("total").asLong()).isZero();
		assertThat(list("actor=" + actor + "&to=" + hourAgo).get("total").asLong()).isZero();

		TestHttp admin = TestHttp.admin(port);
		assertThat(admin.get("/api/admin/audit?limit=0").status()).isEqualTo(400);
		assertThat(admin.get("/api/admin/audit?from=yesterday").status()).isEqualTo(400);
	}

	@Test
	void shouldDescribeTheEndpointsInOpenApi() {
		JsonNode paths = TestHttp.anonymous(port).get("/v3/api-docs").json().get("paths");
		assertThat(paths.at("/~1api~1admin~1audit/get/summary").asString()).isEqualTo("Browse the audit ledger");
		assertThat(paths.at("/~1api~1admin~1audit~1verify/get/summary").asString())
				.isEqualTo("Verify the audit ledger");
	}

	private JsonNode list(String query) {
		Answer answer = TestHttp.admin(port).get("/api/admin/audit?" + query);
		assertThat(answer.status()).as(answer.body()).isEqualTo(200);
		return answer.json();
	}

	private static List<String> actions(JsonNode listing) {
		List<String> actions = new ArrayList<>();
		listing.get("items").forEach(item -> actions.add(item.get("action").asString()));
		return actions;
	}

	private static List<String> targets(JsonNode listing) {
		List<String> targets = new ArrayList<>();
		listing.get("items").forEach(item -> targets.add(item.at("/target/id").asString()));
		return targets;
	}

	/** An account without any platform role, made directly (its password is below the rules' length on purpose). */
	private String account() {
		String login = "reader-" + UUID.randomUUID();
		jdbc.sql("insert into accounts (id, login, password_hash, email_verified_at) values (:id, :login, :hash, now())")
				.param("id", UUID.randomUUID()).param("login", login)
				.param("hash", passwords.encode("reader-password")).update();
		return login;
	}

	private Answer tokenRequest(String login, String password) {
		return TestHttp.basic(port, login, password).post("/api/auth/token", "{\"scopes\":[]}");
	}

	private Answer get(String login, String password, String path) {
		return TestHttp.anonymous(port).withHeader("Authorization", "Basic " + Base64.getEncoder()
				.encodeToString((login + ":" + password).getBytes(StandardCharsets.UTF_8))).get(path);
	}

	private TestHttp bearer(String scopes) {
		Answer created = TestHttp.adminPassword(port).post("/api/auth/token", "{\"scopes\":[" + scopes + "]}");
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		return TestHttp.anonymous(port).withHeader("Authorization", "Bearer " + created.json().get("token").asString());
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}
}
