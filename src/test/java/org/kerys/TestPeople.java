package org.kerys;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

import org.kerys.TestHttp.Answer;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the modules' test fixtures share ({@code Reusers}, {@code SelfdataFixtures}, {@code StoreFixtures}): people
 * with a personal token, organisations and memberships, datasets, made through the real API as the administrator with
 * unique names, since the whole suite shares one database.
 */
public final class TestPeople {

	/** The MD5 of nothing: the checksum of the datasets' one FILE media. */
	public static final String EMPTY_MD5 = "d41d8cd98f00b204e9800998ecf8427e";

	private final int port;

	public TestPeople(int port) {
		this.port = port;
	}

	/** An account, its password and its personal token. */
	public record Person(String login, String password, String token) {

		public TestHttp api(int port) {
			return TestHttp.anonymous(port).withHeader("Authorization", "Bearer " + token);
		}
	}

	public static String unique(String prefix) {
		return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
	}

	/** An account with these platform roles, and a personal token of these scopes. */
	public Person person(String prefix, List<String> scopes, String... platformRoles) {
		String password = "Kerys-pass " + UUID.randomUUID();
		String login = account(prefix, password, platformRoles);
		Answer token = TestHttp.basic(port, login, password).post("/api/auth/token",
				"{\"scopes\": [" + quoted(scopes) + "]}");
		assertThat(token.status()).as(token.body()).isEqualTo(201);
		return new Person(login, password, token.json().get("token").asString());
	}

	/** A new account ({@code <login>@example.org}) with this password and these platform roles; its login. */
	public String account(String prefix, String password, String... platformRoles) {
		String login = unique(prefix);
		Answer created = TestHttp.admin(port).post("/api/admin/users", """
				{"login": "%s", "email": "%s@example.org", "password": "%s", "platform_roles": [%s]}"""
				.formatted(login, login, password, quoted(Arrays.asList(platformRoles))));
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		return login;
	}

	private static String quoted(List<String> words) {
		return words.stream().map(w -> "\"" + w + "\"").collect(Collectors.joining(","));
	}

	/** A new organisation, its name made unique; its id. */
	public UUID organization(String name) {
		UUID id = UUID.randomUUID();
		Answer created = TestHttp.admin(port).post("/api/v1/organizations",
				"{\"organization_id\": \"" + id + "\", \"organization_name\": \"" + unique(name) + "\"}");
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		return id;
	}

	/** Makes this login a member of the organisation with this role. */
	public void member(UUID organization, String login, String role) {
		Answer set = TestHttp.admin(port).post("/api/organizations/" + organization + "/members",
				"{\"login\": \"" + login + "\", \"role\": \"" + role + "\"}");
		assertThat(set.status()).as(set.body()).isIn(200, 201);
	}

	/** An open dataset's record of this producer, titled from the prefix, with one FILE media; not created yet. */
	public static ObjectNode openRecord(String prefix, UUID producer) {
		return RudiRecords.open(unique(prefix), producer, "Producteur", EMPTY_MD5, 0);
	}

	/** Creates this dataset; the record. */
	public ObjectNode dataset(ObjectNode record) {
		Answer created = TestHttp.admin(port).post("/api/v1/resources", RudiRecords.write(record));
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		return record;
	}
}
