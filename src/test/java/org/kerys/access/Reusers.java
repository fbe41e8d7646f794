package org.kerys.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;

import org.kerys.RudiRecords;
import org.kerys.TestHttp;
import org.kerys.TestHttp.Answer;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the access tests share, made through the real API as the administrator with unique names (one database for
 * the whole suite): accounts with a personal token, organisations and memberships, restricted datasets, projects.
 */
final class Reusers {

	private final int port;

	Reusers(int port) {
		this.port = port;
	}

	record Person(String login, String token) {

		TestHttp api(int port) {
			return TestHttp.anonymous(port).withHeader("Authorization", "Bearer " + token);
		}
	}

	static String unique(String prefix) {
		return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
	}

	Person person(String prefix, String... platformRoles) {
		String login = unique(prefix);
		String password = "Kerys-pass " + UUID.randomUUID();
		String roles = String.join(",", java.util.Arrays.stream(platformRoles).map(r -> "\"" + r + "\"").toList());
		Answer created = TestHttp.admin(port).post("/api/admin/users", """
				{"login": "%s", "email": "%s@example.org", "password": "%s", "platform_roles": [%s]}"""
				.formatted(login, login, password, roles));
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		Answer token = TestHttp.basic(port, login, password).post("/api/auth/token", "{\"scopes\": []}");
		assertThat(token.status()).as(token.body()).isEqualTo(201);
		return new Person(login, token.json().get("token").asString());
	}

	UUID organization(String name) {
		UUID id = UUID.randomUUID();
		Answer created = TestHttp.admin(port).post("/api/v1/organizations",
				"{\"organization_id\": \"" + id + "\", \"organization_name\": \"" + unique(name) + "\"}");
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		return id;
	}

	void member(UUID organization, Person person, String role) {
		Answer set = TestHttp.admin(port).post("/api/organizations/" + organization + "/members",
				"{\"login\": \"" + person.login() + "\", \"role\": \"" + role + "\"}");
		assertThat(set.status()).as(set.body()).isIn(200, 201);
	}

	/** A dataset of this producer, restricted or open, with one FILE media; the record as created. */
	ObjectNode dataset(UUID producer, boolean restricted) {
		ObjectNode record = RudiRecords.open(unique("Données"), producer, "Producteur", "d41d8cd98f00b204e9800998ecf8427e",
				0);
		((ObjectNode) record.at("/access_condition/confidentiality")).put("restricted_access", restricted);
		Answer created = TestHttp.admin(port).post("/api/v1/resources", RudiRecords.write(record));
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		return record;
	}

	/** A new project of this person; its id. */
	String project(Person owner, String extra) {
		Answer created = owner.api(port).post("/api/projects",
				"{\"title\": \"" + unique("Projet") + "\", \"type\": \"application\"" + extra + "}");
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		return created.json().get("id").asString();
	}

	/** An access request of the project for the dataset; its id. */
	String request(Person member, String project, String datasetId) {
		Answer asked = member.api(port).post("/api/projects/" + project + "/access-requests",
				"{\"dataset_id\": \"" + datasetId + "\", \"purpose\": \"Étude de fréquentation\"}");
		assertThat(asked.status()).as(asked.body()).isEqualTo(201);
		return asked.json().get("id").asString();
	}

	/** A token of a project client, from /oauth/token. */
	String clientToken(String clientId, String secret) {
		Answer answer = tokenRequest(clientId, secret);
		assertThat(answer.status()).as(answer.body()).isEqualTo(200);
		return answer.json().get("access_token").asString();
	}

	Answer tokenRequest(String clientId, String secret) {
		TestHttp http = TestHttp.anonymous(port);
		return http.send(http.request("/oauth/token")
				.header("Authorization", "Basic " + Base64.getEncoder()
						.encodeToString((clientId + ":" + secret).getBytes(StandardCharsets.UTF_8)))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")));
	}

	TestHttp bearer(String token) {
		return TestHttp.anonymous(port).withHeader("Authorization", "Bearer " + token);
	}
}
