package org.kerys.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.kerys.KerysHttpTest;
import org.kerys.TestHttp;
import org.kerys.TestHttp.Answer;
import org.kerys.access.Reusers.Person;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** A project's OAuth2 clients: shown once, tokens that carry the project and act for it only, rotation, revocation. */
@KerysHttpTest
class ProjectClientsTests {

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Test
	void shouldIssueAClientWhoseTokensActForItsProjectOnly() {
		Reusers make = new Reusers(port);
		Person owner = make.person("porteur");
		String project = make.project(owner, "");
		String other = make.project(make.person("autre"), "");
		Answer created = owner.api(port).post("/api/projects/" + project + "/clients", "{\"name\": \"Serveur\"}");
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		String clientId = created.json().get("client_id").asString();
		String secret = created.json().get("client_secret").asString();
		assertThat(jdbc.sql("select secret_hash from project_clients where client_id = ?").param(clientId)
				.query(String.class).single()).startsWith("{argon2}").doesNotContain(secret);
		Answer listed = owner.api(port).get("/api/projects/" + project + "/clients");
		assertThat(listed.json().findValuesAsString("client_id")).containsExactly(clientId);
		assertThat(listed.body()).doesNotContain(secret);

		String token = make.clientToken(clientId, secret);
		String payload = new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8);
		assertThat(TestHttp.parse(payload).get("project_id").asString()).isEqualTo(project);
		TestHttp client = make.bearer(token);
		assertThat(client.get("/api/projects/" + project).status()).isEqualTo(200);
		assertThat(client.get("/api/projects").json().findValuesAsString("id")).containsExactly(project);
		assertThat(client.get("/api/agreements?project_id=" + project).status()).isEqualTo(200);
		Answer elsewhere = client.get("/api/projects/" + other);
		assertThat(elsewhere.status()).isEqualTo(403);
		assertThat(elsewhere.json().get("code").asString()).isEqualTo("KRS-403-PROJECT");
		assertThat(client.get("/api/agreements?project_id=" + other).json().get("code").asString())
				.isEqualTo("KRS-403-PROJECT");
		// a machine reads; people decide
		assertThat(client.post("/api/projects/" + project + "/clients", "{}").status()).isEqualTo(403);
		assertThat(client.post("/api/projects", "{\"title\": \"x\", \"type\": \"other\"}").status()).isEqualTo(403);
		assertThat(client.get("/api/me").status()).isEqualTo(403);
		assertThat(client.post("/api/v1/resources", "{}").status()).isEqualTo(403);
		assertThat(client.get("/api/admin/users").status()).isEqualTo(403);
		// another project's members may not manage these clients
		Answer stranger = make.person("intrus").api(port).post("/api/projects/" + project + "/clients/" + clientId
				+ "/rotate", "");
		assertThat(stranger.status()).isEqualTo(403);
		assertThat(stranger.json().get("code").asString()).isEqualTo("KRS-403-PROJECT");
	}

	@Test
	void shouldRotateAndRevokeAClient() {
		Reusers make = new Reusers(port);
		Person owner = make.person("porteur");
		String project = make.project(owner, "");
		Answer created = owner.api(port).post("/api/projects/" + project + "/clients", "");
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		String clientId = created.json().get("client_id").asString();
		String oldSecret = created.json().get("client_secret").asString();

		Answer rotated = owner.api(port).post("/api/projects/" + project + "/clients/" + clientId + "/rotate", "");
		assertThat(rotated.status()).as(rotated.body()).isEqualTo(200);
		String newSecret = rotated.json().get("client_secret").asString();
		assertThat(newSecret).isNotEqualTo(oldSecret);
		assertThat(make.tokenRequest(clientId, oldSecret).status()).isEqualTo(401);
		String token = make.clientToken(clientId, newSecret);
		assertThat(make.bearer(token).get("/api/projects/" + project).status()).isEqualTo(200);

		assertThat(owner.api(port).delete("/api/projects/" + project + "/clients/" + clientId).status()).isEqualTo(204);
		Answer refused = make.bearer(token).get("/api/projects/" + project);
		assertThat(refused.status()).as("a revoked client's token is refused at once").isEqualTo(401);
		assertThat(refused.json().get("code").asString()).isEqualTo("KRS-401-TOKEN");
		assertThat(make.tokenRequest(clientId, newSecret).status()).isEqualTo(401);
		assertThat(owner.api(port).delete("/api/projects/" + project + "/clients/" + clientId).status()).isEqualTo(204);
		assertThat(owner.api(port).post("/api/projects/" + project + "/clients/" + clientId + "/rotate", "").json()
				.get("code").asString()).isEqualTo("KRS-404-CLIENT");
		assertThat(owner.api(port).delete("/api/projects/" + project + "/clients/project-" + UUID.randomUUID()).json()
				.get("code").asString()).isEqualTo("KRS-404-CLIENT");
		assertThat(jdbc.sql("select action from audit_entries where target_id = ? and action like 'project_client.%' "
				+ "order by sequence").param(project).query(String.class).list())
				.containsExactly("project_client.created", "project_client.rotated", "project_client.revoked",
						"project_client.revoked");
	}
}
