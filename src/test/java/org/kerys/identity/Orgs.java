package org.kerys.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.kerys.TestHttp;
import org.kerys.TestHttp.Answer;
import org.springframework.boot.test.system.CapturedOutput;

/**
 * What the organisation tests share: accounts, personal tokens, organisations and memberships made through the real
 * API (as the administrator), with unique names since every test shares one database; and the invitation links
 * that {@code Mail} writes to the log when SMTP is not configured.
 */
final class Orgs {

	static final List<String> ALL_SCOPES = List.of("catalog.write", "media.write", "organizations.write");
	private static final Pattern LINK = Pattern.compile("/invitations/accept\\?code=([A-Za-z0-9_-]{43})");

	private final int port;

	Orgs(int port) {
		this.port = port;
	}

	/** An account with its password, and a personal token with every non-admin scope. */
	record Account(String login, String email, String password, String token) {

		TestHttp api(int port) {
			return TestHttp.anonymous(port).withHeader("Authorization", "Bearer " + token);
		}
	}

	static String unique(String prefix) {
		return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
	}

	Account account(String prefix, String... platformRoles) {
		String login = unique(prefix);
		String email = login + "@example.org";
		String password = "Kerys-pass " + UUID.randomUUID();
		String roles = List.of(platformRoles).stream().map(r -> "\"" + r + "\"")
				.collect(Collectors.joining(",", "[", "]"));
		Answer created = TestHttp.admin(port).post("/api/admin/users", """
				{"login": "%s", "email": "%s", "password": "%s", "display_name": "Nom de %s", "platform_roles": %s}"""
				.formatted(login, email, password, login, roles));
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		return new Account(login, email, password, token(login, password, ALL_SCOPES));
	}

	String token(String login, String password, List<String> scopes) {
		String list = scopes.stream().map(s -> "\"" + s + "\"").collect(Collectors.joining(",", "[", "]"));
		Answer token = TestHttp.basic(port, login, password).post("/api/auth/token", "{\"scopes\": " + list + "}");
		assertThat(token.status()).as(token.body()).isEqualTo(201);
		return token.json().get("token").asString();
	}

	/** A new catalogue organisation. */
	UUID organization(String name) {
		UUID id = UUID.randomUUID();
		Answer created = TestHttp.admin(port).post("/api/v1/organizations",
				"{\"organization_id\": \"" + id + "\", \"organization_name\": \"" + name + "\"}");
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		return id;
	}

	/** Gives the account this role, as the administrator. */
	void member(UUID organization, Account account, String role) {
		Answer set = TestHttp.admin(port).post(members(organization),
				"{\"login\": \"" + account.login() + "\", \"role\": \"" + role + "\"}");
		assertThat(set.status()).as(set.body()).isIn(200, 201);
	}

	static String members(UUID organization) {
		return "/api/organizations/" + organization + "/members";
	}

	static String invitations(UUID organization) {
		return "/api/organizations/" + organization + "/invitations";
	}

	/** The code of the last invitation emailed to this address (written to the log). */
	static String codeSentTo(CapturedOutput output, String email) {
		String all = output.getAll();
		int at = all.lastIndexOf("Email (SMTP not configured) to " + email);
		assertThat(at).as("an email to " + email).isGreaterThanOrEqualTo(0);
		Matcher link = LINK.matcher(all);
		assertThat(link.find(at)).as("an invitation link").isTrue();
		return link.group(1);
	}
}
