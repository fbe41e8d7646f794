package org.kerys.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;

import org.junit.jupiter.api.Test;
import org.kerys.KerysHttpTest;
import org.kerys.RudiRecords;
import org.kerys.TestHttp;
import org.kerys.TestHttp.Answer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

@KerysHttpTest
class ApiTokensTests {

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	TestHttp bearer(String token) {
		return TestHttp.anonymous(port).withHeader("Authorization", "Bearer " + token);
	}

	JsonNode newToken(String body) {
		Answer answer = TestHttp.adminPassword(port).post("/api/auth/token", body);
		assertThat(answer.status()).as(answer.body()).isEqualTo(201);
		return answer.json();
	}

	@Test
	void shouldCreateATokenShownOnceAndStoredHashed() {
		JsonNode created = newToken("{\"name\":\"CI\",\"scopes\":[\"catalog.write\"],\"expires_in_days\":30}");
		String token = created.get("token").asString();
		assertThat(token).startsWith("krs_").hasSizeGreaterThan(40);
		assertThat(created.get("scopes")).extracting(JsonNode::asString).containsExactly("catalog.write");

		Answer listed = TestHttp.admin(port).get("/api/auth/tokens");
		assertThat(listed.status()).isEqualTo(200);
		assertThat(listed.body()).contains(created.get("id").asString()).doesNotContain(token);
		assertThat(jdbc.sql("select count(*) from api_tokens where token_hash = ?").param(token).query(Long.class).single())
				.isZero();
		assertThat(jdbc.sql("select count(*) from audit_entries where action = 'token.created' and target_id = ?")
				.param(created.get("id").asString()).query(Long.class).single()).isEqualTo(1);
		assertThat(jdbc.sql("select count(*) from audit_entries where details::text like ?").param("%" + token + "%")
				.query(Long.class).single()).isZero();
	}

	@Test
	void shouldWriteWithAScopedTokenAndNothingMore() {
		String catalog = newToken("{\"scopes\":[\"catalog.write\"]}").get("token").asString();
		String media = newToken("{\"scopes\":[\"media.write\"]}").get("token").asString();
		var record = RudiRecords.open("Publié avec un jeton");

		Answer refused = bearer(media).post("/api/v1/resources", RudiRecords.write(record));
		assertThat(refused.status()).isEqualTo(403);
		assertThat(refused.json().get("code").asString()).isEqualTo("ERR-403");

		assertThat(bearer(catalog).post("/api/v1/resources", RudiRecords.write(record)).status()).isEqualTo(201);
		String mediaId = record.get("available_formats").get(0).get("media_id").asString();
		Answer upload = bearer(catalog).send(bearer(catalog).request("/api/v1/media/" + mediaId)
				.PUT(HttpRequest.BodyPublishers.ofString("")));
		assertThat(upload.status()).isEqualTo(403);
		assertThat(bearer(media).send(bearer(media).request("/api/v1/media/" + mediaId)
				.PUT(HttpRequest.BodyPublishers.ofString(""))).status()).isEqualTo(201);
	}

	@Test
	void shouldRefuseRevokedExpiredAndUnknownTokens() {
		JsonNode created = newToken("{}");
		String token = created.get("token").asString();
		String path = "/api/v1/resources";
		String body = RudiRecords.write(RudiRecords.open("Jeton"));
		assertThat(bearer(token).post(path, body).status()).isEqualTo(201);

		assertThat(TestHttp.admin(port).delete("/api/auth/tokens/" + created.get("id").asString()).status())
				.isEqualTo(204);
		assertThat(jdbc.sql("select actor from audit_entries where action = 'token.revoked' and target_id = ?")
				.param(created.get("id").asString()).query(String.class).single())
				.as("the administrator's account id: the ledger names no login")
				.isEqualTo(jdbc.sql("select id::text from accounts where login = 'admin'").query(String.class).single());
		Answer revoked = bearer(token).post(path, RudiRecords.write(RudiRecords.open("Révoqué")));
		assertThat(revoked.status()).isEqualTo(401);
		assertThat(revoked.json().get("code").asString()).isEqualTo("KRS-401-TOKEN");
		assertThat(revoked.header("WWW-Authenticate")).contains("invalid_token");
		// a bad token is refused even where no authentication is needed: the client must learn it is bad
		assertThat(bearer(token).get(path).status()).isEqualTo(401);

		JsonNode expiring = newToken("{}");
		jdbc.sql("update api_tokens set expires_at = now() - interval '1 second' where id = ?::uuid")
				.param(expiring.get("id").asString()).update();
		assertThat(bearer(expiring.get("token").asString()).post(path, RudiRecords.write(RudiRecords.open("Expiré"))).status()).isEqualTo(401);

		assertThat(bearer("krs_not-a-real-token").get(path).status()).isEqualTo(401);
		assertThat(bearer("eyJhbGciOiJub25lIn0.eyJzdWIiOiJhZG1pbiJ9.").post(path, body).status()).isEqualTo(401);
	}

	@Test
	void shouldRefuseBadTokenRequests() {
		Answer anonymous = TestHttp.anonymous(port).post("/api/auth/token", "{}");
		assertThat(anonymous.status()).isEqualTo(401);
		Answer wrongPassword = TestHttp.anonymous(port).withHeader("Authorization", "Basic YWRtaW46d3Jvbmc=")
				.post("/api/auth/token", "{}");
		assertThat(wrongPassword.status()).isEqualTo(401);
		Answer bad = TestHttp.adminPassword(port).post("/api/auth/token",
				"{\"name\":\"\",\"scopes\":[\"everything\"],\"expires_in_days\":5000}");
		assertThat(bad.status()).isEqualTo(400);
		assertThat(bad.json().get("errors")).extracting(e -> e.get("field").asString())
				.containsExactlyInAnyOrder("name", "scopes[0]", "expires_in_days");
		String token = newToken("{}").get("token").asString();
		// a token is no password: this endpoint reads only HTTP Basic
		Answer byToken = bearer(token).post("/api/auth/token", "{}");
		assertThat(byToken.status()).isEqualTo(401);
		assertThat(byToken.json().get("code").asString()).isEqualTo("KRS-401");
		assertThat(TestHttp.admin(port).delete("/api/auth/tokens/" + java.util.UUID.randomUUID()).status())
				.isEqualTo(404);
	}

	@Test
	void shouldAcceptTheAdministratorTokenFromTheEnvironment() {
		assertThat(bearer("test-admin-token-0123456789abcdef")
				.post("/api/v1/resources", RudiRecords.write(RudiRecords.open("Automatisation"))).status())
				.isEqualTo(201);
	}

	@Test
	void shouldHashPasswordsWithArgon2id() {
		assertThat(jdbc.sql("select password_hash from accounts where login = 'admin'").query(String.class).single())
				.startsWith("{argon2}$argon2id$");
	}
}
