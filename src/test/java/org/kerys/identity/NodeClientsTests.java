package org.kerys.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;
import org.kerys.KerysHttpTest;
import org.kerys.RudiRecords;
import org.kerys.TestHttp;
import org.kerys.TestHttp.Answer;
import org.kerys.platform.KerysProperties;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Producer nodes: an OAuth2 client per node, tokens at /oauth/token, datasets of their organisation only. */
@KerysHttpTest
class NodeClientsTests {

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	KerysProperties properties;

	record Client(String id, String secret) {
	}

	Client newClient(UUID organization, String name) {
		Answer answer = TestHttp.admin(port).post("/api/admin/node-clients",
				"{\"organization_id\":\"" + organization + "\",\"name\":\"" + name + "\"}");
		assertThat(answer.status()).as(answer.body()).isEqualTo(201);
		return new Client(answer.json().get("client_id").asString(), answer.json().get("client_secret").asString());
	}

	/** What a RUDI node sends: a form, the client authenticated by HTTP Basic. */
	Answer tokenRequest(String clientId, String secret) {
		return TestHttp.clientCredentials(port, clientId, secret);
	}

	String token(Client client) {
		Answer answer = tokenRequest(client.id(), client.secret());
		assertThat(answer.status()).as(answer.body()).isEqualTo(200);
		assertThat(answer.json().get("token_type").asString()).isEqualTo("Bearer");
		assertThat(answer.json().get("expires_in").asInt()).isPositive();
		return answer.json().get("access_token").asString();
	}

	TestHttp bearer(String token) {
		return TestHttp.anonymous(port).withHeader("Authorization", "Bearer " + token);
	}

	static ObjectNode dataset(UUID producer, String title) {
		return RudiRecords.open(title, producer, "Producteur " + title, "d41d8cd98f00b204e9800998ecf8427e", 0);
	}

	@Test
	void shouldLetANodeWriteTheDatasetsOfItsOrganisationOnly() {
		UUID a = UUID.randomUUID();
		UUID b = UUID.randomUUID();
		Client client = newClient(a, "Nœud de A");
		TestHttp node = bearer(token(client));

		ObjectNode record = dataset(a, "Jeu de A");
		String id = record.get("global_id").asString();
		Answer created = node.post("/api/v1/resources", RudiRecords.write(record));
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		record.put("resource_title", "Jeu de A, remplacé");
		Answer replaced = node.put("/api/v1/resources/" + id, RudiRecords.write(record));
		assertThat(replaced.status()).as(replaced.body()).isEqualTo(200);
		assertThat(replaced.json().get("resource_title").asString()).isEqualTo("Jeu de A, remplacé");

		Answer ofB = node.post("/api/v1/resources", RudiRecords.write(dataset(b, "Jeu de B par A")));
		assertThat(ofB.status()).isEqualTo(403);
		assertThat(ofB.json().get("code").asString()).isEqualTo("ERR-403");

		// a dataset of B, by the administrator: the node may neither change, take over nor delete it
		ObjectNode recordOfB = dataset(b, "Jeu de B");
		String idOfB = recordOfB.get("global_id").asString();
		assertThat(TestHttp.admin(port).post("/api/v1/resources", RudiRecords.write(recordOfB)).status()).isEqualTo(201);
		recordOfB.put("resource_title", "Modifié par A");
		Answer changed = node.put("/api/v1/resources/" + idOfB, RudiRecords.write(recordOfB));
		assertThat(changed.status()).isEqualTo(403);
		assertThat(changed.json().get("code").asString()).isEqualTo("ERR-403");
		ObjectNode takeOver = recordOfB.deepCopy();
		takeOver.withObjectProperty("producer").put("organization_id", a.toString());
		assertThat(node.put("/api/v1/resources/" + idOfB, RudiRecords.write(takeOver)).status()).isEqualTo(403);
		assertThat(node.delete("/api/v1/resources/" + idOfB).status()).isEqualTo(403);
		assertThat(TestHttp.anonymous(port).get("/api/v1/resources/" + idOfB).json().get("resource_title").asString())
				.isEqualTo("Jeu de B");

		// nor move its own dataset to B
		ObjectNode giveAway = record.deepCopy();
		giveAway.withObjectProperty("producer").put("organization_id", b.toString());
		assertThat(node.put("/api/v1/resources/" + id, RudiRecords.write(giveAway)).status()).isEqualTo(403);

		assertThat(node.delete("/api/v1/resources/" + id).status()).isEqualTo(204);
		assertThat(TestHttp.anonymous(port).get("/api/v1/resources/" + id).status()).isEqualTo(404);

		assertThat(jdbc.sql("select actor from audit_entries where action = 'dataset.created' and target_id = ?")
				.param(id).query(String.class).single()).isEqualTo(client.id());
		assertThat(jdbc.sql("select actor from audit_entries where action = 'dataset.deleted' and target_id = ?")
				.param(id).query(String.class).single()).isEqualTo(client.id());
		assertThat(jdbc.sql("select count(*) from audit_entries where target_id = ?").param(idOfB).query(Long.class)
				.single()).isEqualTo(1); // its creation by the administrator, nothing by the node
	}

	@Test
	void shouldKeepANodeOutOfEverythingElse() {
		TestHttp node = bearer(token(newClient(UUID.randomUUID(), "Nœud")));
		Answer admin = node.post("/api/admin/node-clients",
				"{\"organization_id\":\"" + UUID.randomUUID() + "\",\"name\":\"Autre\"}");
		assertThat(admin.status()).isEqualTo(403);
		assertThat(admin.json().get("code").asString()).isEqualTo("ERR-403");
		assertThat(node.get("/api/admin/audit/verify").status()).isEqualTo(403);
		assertThat(node.post("/api/v1/resources/import", "[]").status()).isEqualTo(403);
		assertThat(node.post("/api/v1/organizations", "{}").status()).isEqualTo(403);
		assertThat(node.get("/api/auth/tokens").status()).isEqualTo(403);
		assertThat(node.post("/api/auth/token", "{}").status()).as("a token is no password").isEqualTo(401);
		assertThat(node.get("/api/me").status()).isEqualTo(403);
		assertThat(node.get("/api/admin/users").status()).isEqualTo(403);
		// media: a node may upload its organisation's files only; this media does not exist
		assertThat(node.send(node.request("/api/v1/media/" + UUID.randomUUID())
				.PUT(HttpRequest.BodyPublishers.ofString(""))).status()).isEqualTo(404);
		assertThat(node.get("/api/v1/resources?limit=1").status()).isEqualTo(200);
	}

	@Test
	void shouldCreateAClientShownOnceStoredHashedAndAudited() {
		UUID organization = UUID.randomUUID();
		Client client = newClient(organization, "Nœud de Rennes");
		String hash = jdbc.sql("select secret_hash from node_clients where client_id = ?").param(client.id())
				.query(String.class).single();
		assertThat(hash).startsWith("{argon2}$argon2id$").doesNotContain(client.secret());
		assertThat(jdbc.sql("select organization_id from node_client_organizations where client_id = ?")
				.param(client.id()).query(UUID.class).list()).containsExactly(organization);
		var entry = jdbc.sql("select actor, details::text from audit_entries where action = 'node_client.created' and target_id = ?")
				.param(client.id()).query((rs, i) -> List.of(rs.getString(1), rs.getString(2))).single();
		assertThat(entry.get(0)).as("the administrator's account id").isEqualTo(
				jdbc.sql("select id::text from accounts where login = 'admin'").query(String.class).single());
		assertThat(entry.get(1)).contains(organization.toString()).doesNotContain(client.secret());
	}

	@Test
	void shouldRefuseBadNodeClientRequests() {
		Answer missing = TestHttp.admin(port).post("/api/admin/node-clients", "{}");
		assertThat(missing.status()).isEqualTo(400);
		assertThat(missing.json().get("errors")).extracting(e -> e.get("field").asString() + " " + e.get("code").asString())
				.containsExactlyInAnyOrder("organization_id ERR-202", "name ERR-202");
		Answer bad = TestHttp.admin(port).post("/api/admin/node-clients",
				"{\"organization_id\":\"not-a-uuid\",\"name\":\"  \"}");
		assertThat(bad.status()).isEqualTo(400);
		assertThat(bad.json().get("errors")).extracting(e -> e.get("field").asString() + " " + e.get("code").asString())
				.containsExactlyInAnyOrder("organization_id ERR-201", "name ERR-308");
		Answer tooLong = TestHttp.admin(port).post("/api/admin/node-clients",
				"{\"organization_id\":\"" + UUID.randomUUID() + "\",\"name\":\"" + "n".repeat(101) + "\"}");
		assertThat(tooLong.status()).isEqualTo(400);
		assertThat(tooLong.json().get("code").asString()).isEqualTo("ERR-203");
		assertThat(TestHttp.admin(port).post("/api/admin/node-clients", "[1").status()).isEqualTo(400);
		assertThat(TestHttp.anonymous(port).post("/api/admin/node-clients",
				"{\"organization_id\":\"" + UUID.randomUUID() + "\",\"name\":\"x\"}").status()).isEqualTo(401);
		String catalogToken = TestHttp.adminPassword(port).post("/api/auth/token", "{\"scopes\":[\"catalog.write\"]}").json()
				.get("token").asString();
		assertThat(bearer(catalogToken).post("/api/admin/node-clients",
				"{\"organization_id\":\"" + UUID.randomUUID() + "\",\"name\":\"x\"}").status()).isEqualTo(403);
	}

	@Test
	void shouldRefuseAWrongSecretAndAnUnknownClient() {
		Client client = newClient(UUID.randomUUID(), "Nœud");
		Answer wrong = tokenRequest(client.id(), client.secret() + "x");
		assertThat(wrong.status()).isEqualTo(401);
		assertThat(wrong.json().get("error").asString()).isEqualTo("invalid_client");
		assertThat(jdbc.sql("select count(*) from audit_entries where action = 'login.failed' and target_id = ?")
				.param(client.id()).query(Long.class).single()).isEqualTo(1);
		assertThat(tokenRequest("node-" + UUID.randomUUID(), client.secret()).status()).isEqualTo(401);
		TestHttp http = TestHttp.anonymous(port);
		assertThat(http.send(http.request("/oauth/token").header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials"))).status()).isEqualTo(401);
		// client credentials is the only grant a node client has
		Answer password = http.send(http.request("/oauth/token")
				.header("Authorization", "Basic " + Base64.getEncoder()
						.encodeToString((client.id() + ":" + client.secret()).getBytes(StandardCharsets.UTF_8)))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString("grant_type=authorization_code&code=x&redirect_uri=https://x")));
		assertThat(password.status()).as(password.body()).isEqualTo(400);
	}

	@Test
	void shouldIssueATokenThatTheJwksVerifies() throws Exception {
		UUID organization = UUID.randomUUID();
		Client client = newClient(organization, "Nœud");
		SignedJWT jwt = SignedJWT.parse(token(client));
		assertThat(jdbc.sql("select count(*) from audit_entries where action = 'login.succeeded' and actor = ?")
				.param(client.id()).query(Long.class).single()).isEqualTo(1);
		Answer jwks = TestHttp.anonymous(port).get("/.well-known/jwks.json");
		assertThat(jwks.status()).isEqualTo(200);
		assertThat(jwks.body()).doesNotContain("\"d\"").doesNotContain("\"p\"");
		RSAKey published = JWKSet.parse(jwks.body()).getKeyByKeyId(jwt.getHeader().getKeyID()).toRSAKey();
		assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
		assertThat(jwt.verify(new RSASSAVerifier(published))).isTrue();
		assertThat(TestHttp.anonymous(port).get("/oauth2/jwks").body()).isEqualTo(jwks.body());
		JsonNode metadata = TestHttp.anonymous(port).get("/.well-known/oauth-authorization-server").json();
		assertThat(metadata.get("token_endpoint").asString()).isEqualTo("http://localhost/oauth/token");
		assertThat(metadata.get("issuer").asString()).isEqualTo("http://localhost");
		JWTClaimsSet claims = jwt.getJWTClaimsSet();
		assertThat(claims.getSubject()).isEqualTo(client.id());
		assertThat(claims.getStringClaim("client_id")).isEqualTo(client.id());
		assertThat(claims.getStringListClaim("org_ids")).containsExactly(organization.toString());
		assertThat(claims.getIssuer()).isEqualTo("http://localhost");
		assertThat(claims.getExpirationTime()).isAfter(new Date());
	}

	@Test
	void shouldKeepTheSigningKeyInTheDataDirectoryForTheOwnerOnly() throws Exception {
		Path file = properties.dataDir().resolve("keys/jwt-signing.json");
		RSAKey key = RSAKey.parse(Files.readString(file));
		assertThat(key.isPrivate()).isTrue();
		if (Files.getFileStore(file).supportsFileAttributeView("posix")) {
			assertThat(Files.getPosixFilePermissions(file))
					.containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
		}
		Answer jwks = TestHttp.anonymous(port).get("/.well-known/jwks.json");
		assertThat(JWKSet.parse(jwks.body()).getKeyByKeyId(key.getKeyID())).isNotNull();
	}

	@Test
	void shouldRefuseExpiredForeignAndUnsignedTokens() throws Exception {
		UUID organization = UUID.randomUUID();
		String clientId = newClient(organization, "Nœud").id();
		RSAKey kerysKey = RSAKey.parse(Files.readString(properties.dataDir().resolve("keys/jwt-signing.json")));
		String body = RudiRecords.write(dataset(organization, "Jeton refusé"));

		String expired = sign(kerysKey, claims(clientId, organization, Instant.now().minusSeconds(600)));
		String foreign = sign(new RSAKeyGenerator(2048).keyID(kerysKey.getKeyID()).generate(),
				claims(clientId, organization, Instant.now().plusSeconds(600)));
		String otherIssuer = sign(kerysKey, new JWTClaimsSet.Builder(claims(clientId, organization,
				Instant.now().plusSeconds(600))).issuer("https://evil.example").build());
		String unsigned = new com.nimbusds.jwt.PlainJWT(claims(clientId, organization, Instant.now().plusSeconds(600)))
				.serialize();
		// a well-made token is accepted, so the refusals below are about what is wrong with each
		String good = sign(kerysKey, claims(clientId, organization, Instant.now().plusSeconds(600)));
		assertThat(bearer(good).post("/api/v1/resources", body).status()).isEqualTo(201);

		for (String token : List.of(expired, foreign, otherIssuer, unsigned, "a.b.c")) {
			Answer refused = bearer(token).post("/api/v1/resources",
					RudiRecords.write(dataset(organization, "Jeton refusé")));
			assertThat(refused.status()).as(token).isEqualTo(401);
			assertThat(refused.json().get("code").asString()).isEqualTo("KRS-401-TOKEN");
			assertThat(refused.header("WWW-Authenticate")).contains("invalid_token");
			assertThat(bearer(token).get("/api/v1/resources?limit=1").status()).isEqualTo(401);
			assertThat(jdbc.sql("select count(*) from audit_entries where target_id = ? or details::text like ?")
					.params(token, "%" + token + "%").query(Long.class).single()).isZero();
		}
	}

	static JWTClaimsSet claims(String clientId, UUID organization, Instant expires) {
		return new JWTClaimsSet.Builder().subject(clientId).issuer("http://localhost")
				.issueTime(Date.from(expires.minusSeconds(900))).notBeforeTime(Date.from(expires.minusSeconds(900)))
				.expirationTime(Date.from(expires)).claim("client_id", clientId)
				.claim("org_ids", List.of(organization.toString())).build();
	}

	static String sign(RSAKey key, JWTClaimsSet claims) throws Exception {
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
		jwt.sign(new RSASSASigner(key));
		return jwt.serialize();
	}

	@Test
	void shouldStillAcceptPersonalTokens() {
		String token = TestHttp.adminPassword(port).post("/api/auth/token", "{}").json().get("token").asString();
		assertThat(bearer(token).post("/api/v1/resources", RudiRecords.write(RudiRecords.open("Jeton personnel")))
				.status()).isEqualTo(201);
		assertThat(TestHttp.admin(port).post("/api/v1/resources", RudiRecords.write(RudiRecords.open("Jeton d’administration")))
				.status()).isEqualTo(201);
		assertThat(TestHttp.adminPassword(port).post("/api/v1/resources", RudiRecords.write(RudiRecords.open("Mot de passe")))
				.status()).as("the API takes no password").isEqualTo(401);
		assertThat(Set.of(201)).contains(TestHttp.admin(port).post("/api/admin/node-clients",
				"{\"organization_id\":\"" + UUID.randomUUID() + "\",\"name\":\"x\"}").status());
	}
}
