package org.kerys.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.kerys.KerysHttpTest;
import org.kerys.PortalSession;
import org.kerys.RudiRecords;
import org.kerys.TestHttp;
import org.kerys.TestHttp.Answer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The access matrix of {@code docs/security.md}, checked by real requests: every endpoint of the running
 * application × every kind of caller that exists today, asserting only the access decision (allowed = neither
 * 401 nor 403; else exactly 401 or 403). Every request mapping must have a row here, so that no endpoint ships
 * without a decision.
 *
 * <p>Organisation A produces the datasets and media the rows touch; B is another organisation.
 */
@KerysHttpTest
class AccessMatrixTests {

	/** The callers, in the order of the matrix's columns (organisation A owns the resources the rows touch). */
	enum Subject {
		ANONYMOUS("anonymous", null, null),
		CITIZEN("citizen", null, null),
		MEMBER_A("member of A", "A", OrganizationRole.MEMBER),
		EDITOR_A("editor of A", "A", OrganizationRole.EDITOR),
		ADMIN_A("admin of A", "A", OrganizationRole.ADMIN),
		MEMBER_B("member of B", "B", OrganizationRole.MEMBER),
		EDITOR_B("editor of B", "B", OrganizationRole.EDITOR),
		ADMIN_B("admin of B", "B", OrganizationRole.ADMIN),
		MODERATOR("moderator", null, null),
		ADMINISTRATOR("administrator", null, null),
		TOKEN_WITHOUT("administrator's token without the scope", null, null),
		PRODUCER_NODE("node client of A", null, null),
		OTHER_NODE("node client of B", null, null),
		INVALID_BEARER("invalid bearer token", null, null);

		final String label;
		final String organization;
		final OrganizationRole role;

		Subject(String label, String organization, OrganizationRole role) {
			this.label = label;
			this.organization = organization;
			this.role = role;
		}

		/** A person with an account (and so a password, a session and personal tokens). */
		boolean isPerson() {
			return this != ANONYMOUS && this != TOKEN_WITHOUT && this != PRODUCER_NODE && this != OTHER_NODE
					&& this != INVALID_BEARER;
		}
	}

	/** One request for this caller; {@code http} sends the caller's credentials. */
	@FunctionalInterface
	interface Call {
		List<Answer> send(Subject subject, TestHttp http) throws Exception;
	}

	/**
	 * A row: {@code endpoint} is "METHOD pattern" as in the request mappings ({@code *} for any method);
	 * {@code expected} one decision per {@link Subject}, in order: {@code ok} (allowed), {@code 401} or
	 * {@code 403}; {@code mapped} false for endpoints served by filters or other handler mappings (the
	 * authorisation server, Actuator), listed by hand.
	 */
	record Row(String endpoint, boolean mapped, TokenScope scope, String expected, Call call) {

		String expectedFor(Subject subject) {
			return expected.trim().split("\\s+")[subject.ordinal()];
		}
	}

	private static final String EMPTY_MD5 = "d41d8cd98f00b204e9800998ecf8427e";

	// Columns:                anon cit  mA   eA   aA   mB   eB   aB   mod  adm  w/o  nodeA nodeB invalid
	private static final String PUBLIC =        "ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   401";
	/** outside /api/**: a bearer token is not read */
	private static final String EVERYONE =      "ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   ok";
	/** an administrator with the row's scope */
	private static final String ADMINISTRATION = "401 403  403  403  403  403  403  403  403  ok   403  403  403  401";
	/** editors and admins of the producer, administrators, the producer's node */
	private static final String PRODUCER_WRITE = "401 403  403  ok   ok   403  403  403  403  ok   403  ok   403  401";
	/** any account, whatever its token's scopes; not machines */
	private static final String ACCOUNT =       "401  ok   ok   ok   ok   ok   ok   ok   ok   ok   ok   403  403  401";
	/** HTTP Basic with a person's password; a bearer token is not a password */
	private static final String PASSWORD_ONLY = "401  ok   ok   ok   ok   ok   ok   ok   ok   ok   401  401  401  401";
	/** members of the producer, administrators (whatever the scopes); anonymous gets 403: the file is public-listed */
	private static final String RESTRICTED_FILE = "403 403 ok   ok   ok   403  403  403  403  ok   ok   403  403  401";
	/** members of the organisation, moderators, administrators */
	private static final String MEMBERS_READ =  "401  403  ok   ok   ok   403  403  403  ok   ok   ok   403  403  401";
	/** admins of the organisation and administrators, with organizations.write */
	private static final String MEMBERS_WRITE = "401  403  403  403  ok   403  403  403  403  ok   403  403  403  401";
	/** a signed-in person; without a session (a bearer token is not read on pages) the login form */
	private static final String ACCOUNT_PAGE =  "login ok ok   ok   ok   ok   ok   ok   ok   ok   login login login login";
	/** members of A, moderators, administrators; others signed in: 403 */
	private static final String ORGANIZATION_PAGE = "login 403 ok ok   ok   403  403  403  ok   ok   login login login login";
	/** admins of A and administrators */
	private static final String ORGANIZATION_FORM = "login 403 403 403 ok   403  403  403  403  ok   login login login login";
	/** administrators */
	private static final String ADMIN_PAGE =    "login 403 403  403  403  403  403  403  403  ok   login login login login";
	/** any account with organizations.write: accepting an invitation */
	private static final String ACCEPT =        "401  ok   ok   ok   ok   ok   ok   ok   ok   ok   403  403  403  401";
	/** producer nodes pushing to the RUDI intake (kalim, strukture): registered nodes only; whose data is the report's */
	private static final String NODE_PUSH =    "401 403  403  403  403  403  403  403  403  403  403  ok   ok   401";
	/** the authorisation server: a client authenticates with its own credentials */
	private static final String OAUTH_CLIENT =  "401  401  401  401  401  401  401  401  401  401  401  ok   ok   401";

	@LocalServerPort
	int port;

	@Autowired
	@Qualifier("requestMappingHandlerMapping")
	RequestMappingHandlerMapping mappings;

	// fixtures, made once by #setUp
	UUID organizationA;
	UUID organizationB;
	TestHttp root; // the administrator's token with every scope
	String datasetOfA;
	String mediaOfA;
	String restrictedMediaOfA;
	String restrictedDatasetOfA;
	String organization;
	String contact;
	Map<Subject, String> logins = new java.util.EnumMap<>(Subject.class);
	Map<Subject, String> tokens = new java.util.EnumMap<>(Subject.class);
	Map<TokenScope, String> tokenWithout = new LinkedHashMap<>();
	String tokenWithNoScope;
	String[] producerNode; // client id, secret, access token
	String[] otherNode;

	List<Row> matrix() {
		List<Row> rows = new ArrayList<>();
		// the catalogue (RUDI API)
		rows.add(new Row("GET /api/v1/resources", true, null, PUBLIC, (s, http) -> one(http.get("/api/v1/resources?limit=1"))));
		rows.add(new Row("GET /api/v1/resources/{globalId}", true, null, PUBLIC,
				(s, http) -> one(http.get("/api/v1/resources/" + datasetOfA))));
		rows.add(new Row("POST /api/v1/resources", true, TokenScope.CATALOG_WRITE, PRODUCER_WRITE,
				(s, http) -> one(http.post("/api/v1/resources", RudiRecords.write(datasetRecord())))));
		rows.add(new Row("PUT /api/v1/resources/{globalId}", true, TokenScope.CATALOG_WRITE, PRODUCER_WRITE, (s, http) -> {
			ObjectNode record = newDataset();
			record.put("resource_title", "Remplacé");
			return one(http.put("/api/v1/resources/" + record.get("global_id").asString(), RudiRecords.write(record)));
		}));
		rows.add(new Row("DELETE /api/v1/resources/{globalId}", true, TokenScope.CATALOG_WRITE, PRODUCER_WRITE,
				(s, http) -> one(http.delete("/api/v1/resources/" + newDataset().get("global_id").asString()))));
		rows.add(new Row("POST /api/v1/resources/import", true, TokenScope.CATALOG_WRITE, ADMINISTRATION,
				(s, http) -> one(http.post("/api/v1/resources/import", "[]"))));
		String kinds = "/api/v1/{kind:organizations|contacts}";
		rows.add(new Row("GET " + kinds, true, null, PUBLIC,
				(s, http) -> List.of(http.get("/api/v1/organizations?limit=1"), http.get("/api/v1/contacts?limit=1"))));
		rows.add(new Row("GET " + kinds + "/{id}", true, null, PUBLIC, (s, http) -> List
				.of(http.get("/api/v1/organizations/" + organization), http.get("/api/v1/contacts/" + contact))));
		rows.add(new Row("POST " + kinds, true, TokenScope.CATALOG_WRITE, ADMINISTRATION, (s, http) -> List.of(
				http.post("/api/v1/organizations", organizationBody(UUID.randomUUID().toString(), "Nouvelle")),
				http.post("/api/v1/contacts", contactBody(UUID.randomUUID().toString(), "Nouveau")))));
		rows.add(new Row("PUT " + kinds + "/{id}", true, TokenScope.CATALOG_WRITE, ADMINISTRATION, (s, http) -> {
			String org = newOrganization();
			String person = newContact();
			return List.of(http.put("/api/v1/organizations/" + org, organizationBody(org, "Renommée")),
					http.put("/api/v1/contacts/" + person, contactBody(person, "Renommé")));
		}));
		rows.add(new Row("DELETE " + kinds + "/{id}", true, TokenScope.CATALOG_WRITE, ADMINISTRATION, (s, http) -> List
				.of(http.delete("/api/v1/organizations/" + newOrganization()), http.delete("/api/v1/contacts/" + newContact()))));
		rows.add(new Row("GET /api/version", true, null, PUBLIC, (s, http) -> one(http.get("/api/version"))));
		// search
		rows.add(new Row("GET /api/search", true, null, PUBLIC, (s, http) -> one(http.get("/api/search?q=matrice&size=1"))));
		rows.add(new Row("GET /api/search/suggest", true, null, PUBLIC,
				(s, http) -> one(http.get("/api/search/suggest?q=mat"))));
		// media files
		rows.add(new Row("PUT /api/v1/media/{media_id}", true, TokenScope.MEDIA_WRITE, PRODUCER_WRITE,
				(s, http) -> one(http.send(http.request("/api/v1/media/" + mediaOfA).PUT(HttpRequest.BodyPublishers.noBody())))));
		rows.add(new Row("GET /api/v1/media/{media_id}", true, null, PUBLIC, (s, http) -> one(http.get("/api/v1/media/" + mediaOfA))));
		rows.add(new Row("GET /api/v1/encryption-key", true, null, PUBLIC,
				(s, http) -> one(http.get("/api/v1/encryption-key?media-id=" + mediaOfA))));
		// RUDI's address is outside /api: the portal's chain, where a bearer token is not looked at
		rows.add(new Row("GET /apigateway/v1/encryption-key", true, null, EVERYONE,
				(s, http) -> one(http.get("/apigateway/v1/encryption-key?media-id=" + mediaOfA))));
		rows.add(new Row("GET /api/admin/media/{media_id}/encryption-keys", true, TokenScope.ADMIN, ADMINISTRATION,
				(s, http) -> one(http.get("/api/admin/media/" + mediaOfA + "/encryption-keys"))));
		rows.add(new Row("POST /api/admin/media/{media_id}/encryption-keys", true, TokenScope.ADMIN, ADMINISTRATION,
				(s, http) -> one(http.post("/api/admin/media/" + mediaOfA + "/encryption-keys", "{}"))));
		// the same endpoint for a restricted dataset's file (a second row, so hand-listed): members of the producer and
		// administrators, whatever the token's scopes; nobody else, not even the producer's node (the gateway serves it)
		rows.add(new Row("GET /api/v1/media/{media_id} (restricted dataset)", false, null, RESTRICTED_FILE,
				(s, http) -> one(http.get("/api/v1/media/" + restrictedMediaOfA))));
		// the account's personal tokens
		rows.add(new Row("POST /api/auth/token", true, null, PASSWORD_ONLY, (s, http) -> one(
				(s.isPerson() ? TestHttp.basic(port, login(s), s == Subject.ADMINISTRATOR ? TestHttp.ADMIN_PASSWORD : PASSWORD) : http)
						.post("/api/auth/token", "{\"scopes\":[],\"expires_in_days\":1}"))));
		rows.add(new Row("GET /api/auth/tokens", true, null, ACCOUNT, (s, http) -> one(http.get("/api/auth/tokens"))));
		// a token of the administrator: others' revocation finds no such token of theirs (404, allowed to ask)
		rows.add(new Row("DELETE /api/auth/tokens/{id}", true, null, ACCOUNT, (s, http) -> one(http.delete(
				"/api/auth/tokens/" + TestHttp.adminPassword(port).post("/api/auth/token", "{\"scopes\":[]}").json()
						.get("id").asString()))));
		rows.add(new Row("GET /api/me", true, null, ACCOUNT, (s, http) -> one(http.get("/api/me"))));
		// organisations' members
		rows.add(new Row("GET /api/organizations/{id}/members", true, null, MEMBERS_READ,
				(s, http) -> one(http.get("/api/organizations/" + organizationA + "/members"))));
		rows.add(new Row("POST /api/organizations/{id}/members", true, TokenScope.ORGANIZATIONS_WRITE, MEMBERS_WRITE,
				(s, http) -> one(http.post("/api/organizations/" + organizationA + "/members",
						"{\"login\":\"" + throwaway("recrue") + "\",\"role\":\"member\"}"))));
		rows.add(new Row("DELETE /api/organizations/{id}/members/{login}", true, TokenScope.ORGANIZATIONS_WRITE,
				MEMBERS_WRITE, (s, http) -> {
					String login = throwaway("partant");
					join(login, organizationA, OrganizationRole.MEMBER);
					return one(http.delete("/api/organizations/" + organizationA + "/members/" + login));
				}));
		rows.add(new Row("GET /api/me/audit", true, null, ACCOUNT, (s, http) -> one(http.get("/api/me/audit?limit=1"))));
		// invitations
		rows.add(new Row("POST /api/organizations/{id}/invitations", true, TokenScope.ORGANIZATIONS_WRITE, MEMBERS_WRITE,
				(s, http) -> one(http.post("/api/organizations/" + organizationA + "/invitations",
						"{\"email\":\"" + unique("invite") + "@example.org\",\"role\":\"member\"}"))));
		rows.add(new Row("GET /api/organizations/{id}/invitations", true, TokenScope.ORGANIZATIONS_WRITE, MEMBERS_WRITE,
				(s, http) -> one(http.get("/api/organizations/" + organizationA + "/invitations"))));
		rows.add(new Row("DELETE /api/organizations/{id}/invitations/{invitationId}", true,
				TokenScope.ORGANIZATIONS_WRITE, MEMBERS_WRITE,
				(s, http) -> one(http.delete("/api/organizations/" + organizationA + "/invitations/" + newInvitation()))));
		rows.add(new Row("POST /api/invitations/accept", true, TokenScope.ORGANIZATIONS_WRITE, ACCEPT,
				(s, http) -> one(http.post("/api/invitations/accept", "{\"code\":\"unknown\"}"))));
		// the portal's account pages: sessions (form login); a form posts the session's CSRF token
		for (String path : List.of("/login", "/register", "/verify/resend", "/password-reset")) {
			rows.add(new Row("GET " + path, true, null, EVERYONE, (s, http) -> one(page(s, path))));
		}
		rows.add(new Row("GET /verify", true, null, EVERYONE, (s, http) -> one(page(s, "/verify?code=inconnu"))));
		rows.add(new Row("GET /password-reset/new", true, null, EVERYONE,
				(s, http) -> one(page(s, "/password-reset/new?code=inconnu"))));
		rows.add(new Row("GET /invitations/accept", true, null, EVERYONE,
				(s, http) -> one(page(s, "/invitations/accept?code=inconnu"))));
		rows.add(new Row("POST /register", true, null, EVERYONE, (s, http) -> one(form(s, "/register", Map.of()))));
		rows.add(new Row("POST /verify/resend", true, null, EVERYONE,
				(s, http) -> one(form(s, "/verify/resend", Map.of("email", unique("personne") + "@example.org")))));
		rows.add(new Row("POST /password-reset", true, null, EVERYONE,
				(s, http) -> one(form(s, "/password-reset", Map.of("email", unique("personne") + "@example.org")))));
		rows.add(new Row("POST /password-reset/new", true, null, EVERYONE,
				(s, http) -> one(form(s, "/password-reset/new", Map.of("code", "inconnu")))));
		rows.add(new Row("POST /invitations/accept", true, null, EVERYONE,
				(s, http) -> one(form(s, "/invitations/accept", Map.of("code", "inconnu")))));
		rows.add(new Row("GET /account", true, null, ACCOUNT_PAGE, (s, http) -> one(page(s, "/account"))));
		rows.add(new Row("GET /account/activity", true, null, ACCOUNT_PAGE, (s, http) -> one(page(s, "/account/activity"))));
		rows.add(new Row("GET /account/invitations/accept", true, null, ACCOUNT_PAGE,
				(s, http) -> one(page(s, "/account/invitations/accept?code=inconnu"))));
		rows.add(new Row("POST /account/tokens", true, null, ACCOUNT_PAGE,
				(s, http) -> one(form(s, "/account/tokens", Map.of("name", "Matrice", "expires_in_days", "1")))));
		rows.add(new Row("POST /account/tokens/{id}/revoke", true, null, ACCOUNT_PAGE,
				(s, http) -> one(form(s, "/account/tokens/" + UUID.randomUUID() + "/revoke", Map.of()))));
		// wrong current password, wrong confirmation: nothing changes, but the request is let through to say so
		rows.add(new Row("POST /account/password", true, null, ACCOUNT_PAGE, (s, http) -> one(form(s, "/account/password",
				Map.of("current_password", "pas-le-bon-mot-de-passe", "new_password", "x", "confirm_password", "y")))));
		rows.add(new Row("POST /account/delete", true, null, ACCOUNT_PAGE,
				(s, http) -> one(form(s, "/account/delete", Map.of("confirmation", "pas-le-bon-mot-de-passe")))));
		// organisation pages (of A)
		rows.add(new Row("GET /account/organizations/{id}", true, null, ORGANIZATION_PAGE,
				(s, http) -> one(page(s, "/account/organizations/" + organizationA))));
		rows.add(new Row("POST /account/organizations/{id}/members", true, null, ORGANIZATION_FORM,
				(s, http) -> one(form(s, "/account/organizations/" + organizationA + "/members",
						Map.of("login", throwaway("recrue"), "role", "member")))));
		rows.add(new Row("POST /account/organizations/{id}/members/remove", true, null, ORGANIZATION_FORM, (s, http) -> {
			String login = throwaway("partant");
			join(login, organizationA, OrganizationRole.MEMBER);
			return one(form(s, "/account/organizations/" + organizationA + "/members/remove", Map.of("login", login)));
		}));
		rows.add(new Row("POST /account/organizations/{id}/invitations", true, null, ORGANIZATION_FORM,
				(s, http) -> one(form(s, "/account/organizations/" + organizationA + "/invitations",
						Map.of("email", unique("invite") + "@example.org", "role", "member")))));
		rows.add(new Row("POST /account/organizations/{id}/invitations/revoke", true, null, ORGANIZATION_FORM,
				(s, http) -> one(form(s, "/account/organizations/" + organizationA + "/invitations/revoke",
						Map.of("invitation", newInvitation())))));
		// administration pages
		for (String path : List.of("/admin", "/admin/users", "/admin/organizations", "/admin/node-clients",
				"/admin/audit", "/admin/audit/verify")) {
			rows.add(new Row("GET " + path, true, null, ADMIN_PAGE, (s, http) -> one(page(s, path))));
		}
		rows.add(new Row("POST /admin/users", true, null, ADMIN_PAGE, (s, http) -> one(form(s, "/admin/users", Map.of()))));
		rows.add(new Row("POST /admin/users/{login}/roles", true, null, ADMIN_PAGE,
				(s, http) -> one(form(s, "/admin/users/" + throwaway("promu") + "/roles", Map.of("platform_roles", "moderator")))));
		rows.add(new Row("POST /admin/node-clients", true, null, ADMIN_PAGE,
				(s, http) -> one(form(s, "/admin/node-clients", Map.of()))));
		rows.add(new Row("POST /admin/node-clients/{clientId}/revoke", true, null, ADMIN_PAGE,
				(s, http) -> one(form(s, "/admin/node-clients/" + throwawayNode() + "/revoke", Map.of()))));
		// administration
		rows.add(new Row("POST /api/admin/users", true, TokenScope.ADMIN, ADMINISTRATION, (s, http) -> one(http.post(
				"/api/admin/users", userBody(unique("cree"))))));
		rows.add(new Row("GET /api/admin/users", true, TokenScope.ADMIN, ADMINISTRATION,
				(s, http) -> one(http.get("/api/admin/users?limit=1"))));
		rows.add(new Row("GET /api/admin/users/{login}", true, TokenScope.ADMIN, ADMINISTRATION,
				(s, http) -> one(http.get("/api/admin/users/" + login(Subject.CITIZEN)))));
		rows.add(new Row("PUT /api/admin/users/{login}/roles", true, TokenScope.ADMIN, ADMINISTRATION,
				(s, http) -> one(http.put("/api/admin/users/" + throwaway("promu") + "/roles",
						"{\"platform_roles\":[\"moderator\"]}"))));
		rows.add(new Row("GET /api/admin/node-clients", true, TokenScope.ADMIN, ADMINISTRATION,
				(s, http) -> one(http.get("/api/admin/node-clients"))));
		rows.add(new Row("DELETE /api/admin/node-clients/{clientId}", true, TokenScope.ADMIN, ADMINISTRATION,
				(s, http) -> one(http.delete("/api/admin/node-clients/" + throwawayNode()))));
		rows.add(new Row("POST /api/admin/node-clients", true, TokenScope.ADMIN, ADMINISTRATION, (s, http) -> one(http.post(
				"/api/admin/node-clients", "{\"organization_id\":\"" + UUID.randomUUID() + "\",\"name\":\"Matrice\"}"))));
		rows.add(new Row("GET /api/admin/audit", true, TokenScope.ADMIN, ADMINISTRATION, (s, http) -> one(http.get("/api/admin/audit?limit=1"))));
		rows.add(new Row("GET /api/admin/audit/verify", true, TokenScope.ADMIN, ADMINISTRATION,
				(s, http) -> one(http.get("/api/admin/audit/verify"))));
		// federation: producer nodes (registered by administrators) and their push intake
		rows.add(new Row("POST /api/admin/nodes", true, TokenScope.ADMIN, ADMINISTRATION, (s, http) -> one(http.post(
				"/api/admin/nodes", nodeBody(organizationA)))));
		rows.add(new Row("GET /api/admin/nodes", true, TokenScope.ADMIN, ADMINISTRATION,
				(s, http) -> one(http.get("/api/admin/nodes"))));
		rows.add(new Row("GET /api/admin/nodes/{id}", true, TokenScope.ADMIN, ADMINISTRATION,
				(s, http) -> one(http.get("/api/admin/nodes/" + registeredNode(organizationA)[3]))));
		rows.add(new Row("DELETE /api/admin/nodes/{id}", true, TokenScope.ADMIN, ADMINISTRATION, (s, http) -> {
			Answer created = root.post("/api/admin/nodes", nodeBody(organizationB));
			return one(http.delete("/api/admin/nodes/" + created.json().get("id").asString()));
		}));
		rows.add(new Row("POST /kalim/v1/resources", true, null, NODE_PUSH,
				(s, http) -> one(pusher(s, http).post("/kalim/v1/resources", RudiRecords.write(datasetRecord())))));
		rows.add(new Row("PUT /kalim/v1/resources", true, null, NODE_PUSH,
				(s, http) -> one(pusher(s, http).put("/kalim/v1/resources", RudiRecords.write(datasetRecord())))));
		rows.add(new Row("DELETE /kalim/v1/resources/{globalId}", true, null, NODE_PUSH,
				(s, http) -> one(pusher(s, http).delete("/kalim/v1/resources/" + UUID.randomUUID()))));
		rows.add(new Row("POST /strukture/v1/organizations/request", true, null, NODE_PUSH,
				(s, http) -> one(pusher(s, http).post("/strukture/v1/organizations/request",
						organizationBody(organizationA.toString(), "Organisation A")))));
		rows.add(new Row("GET /admin/nodes", true, null, ADMIN_PAGE, (s, http) -> one(page(s, "/admin/nodes"))));
		// federation, node mode: only the upstream portal, with a token it signed, delivers reports; this test Kerys has
		// no upstream, so every caller is refused (tokens of any kind: 401; accounts: 403)
		rows.add(new Row("PUT /api/v1/resources/{globalId}/report", true, null,
				"401 403  403  403  403  403  403  403  403  403  403  401  401  401",
				(s, http) -> one(http.put("/api/v1/resources/" + datasetOfA + "/report",
						"{\"report_id\":\"" + UUID.randomUUID() + "\",\"integration_status\":\"OK\"}"))));
		rows.add(new Row("PUT /api/v1/organizations/{organizationId}/report", true, null,
				"401 403  403  403  403  403  403  403  403  403  403  401  401  401",
				(s, http) -> one(http.put("/api/v1/organizations/" + organizationA + "/report",
						"{\"report_id\":\"" + UUID.randomUUID() + "\",\"integration_status\":\"OK\"}"))));
		rows.add(new Row("GET /api/admin/upstream", true, TokenScope.ADMIN, ADMINISTRATION,
				(s, http) -> one(http.get("/api/admin/upstream"))));
		rows.add(new Row("GET /admin/upstream", true, null, ADMIN_PAGE, (s, http) -> one(page(s, "/admin/upstream"))));
		rows.add(new Row("GET /admin/nodes/{id}", true, null, ADMIN_PAGE,
				(s, http) -> one(page(s, "/admin/nodes/" + registeredNode(organizationA)[3]))));
		rows.add(new Row("POST /api/admin/nodes/{id}/secret", true, TokenScope.ADMIN, ADMINISTRATION, (s, http) -> {
			Answer created = root.post("/api/admin/nodes", nodeBody(organizationB));
			return one(http.post("/api/admin/nodes/" + created.json().get("id").asString() + "/secret", ""));
		}));
		rows.add(new Row("POST /api/admin/upstream/sync", true, TokenScope.ADMIN, ADMINISTRATION,
				(s, http) -> one(http.post("/api/admin/upstream/sync", ""))));
		rows.add(new Row("POST /admin/nodes", true, null, ADMIN_PAGE, (s, http) -> one(form(s, "/admin/nodes",
				Map.of("name", "Nœud matrice", "url", "http://127.0.0.1:9/api/v1", "organization_ids",
						organizationA.toString())))));
		rows.add(new Row("POST /admin/nodes/{id}/secret", true, null, ADMIN_PAGE, (s, http) -> {
			Answer created = root.post("/api/admin/nodes", nodeBody(organizationB));
			return one(form(s, "/admin/nodes/" + created.json().get("id").asString() + "/secret", Map.of()));
		}));
		rows.add(new Row("POST /admin/nodes/{id}/revoke", true, null, ADMIN_PAGE, (s, http) -> {
			Answer created = root.post("/api/admin/nodes", nodeBody(organizationB));
			return one(form(s, "/admin/nodes/" + created.json().get("id").asString() + "/revoke", Map.of()));
		}));
		rows.add(new Row("POST /admin/upstream/sync", true, null, ADMIN_PAGE,
				(s, http) -> one(form(s, "/admin/upstream/sync", Map.of()))));
		// federation: harvesting (nodes and sources, jobs)
		rows.add(new Row("POST /api/admin/nodes/{id}/harvest", true, TokenScope.ADMIN, ADMINISTRATION,
				(s, http) -> one(http.post("/api/admin/nodes/" + registeredNode(organizationA)[3] + "/harvest", ""))));
		rows.add(new Row("GET /api/admin/jobs", true, TokenScope.ADMIN, ADMINISTRATION,
				(s, http) -> one(http.get("/api/admin/jobs"))));
		rows.add(new Row("GET /api/admin/jobs/{jobId}", true, TokenScope.ADMIN, ADMINISTRATION,
				(s, http) -> one(http.get("/api/admin/jobs/" + UUID.randomUUID()))));
		rows.add(new Row("POST /api/admin/harvest-sources", true, TokenScope.ADMIN, ADMINISTRATION,
				(s, http) -> one(http.post("/api/admin/harvest-sources", harvestSourceBody(organizationA)))));
		rows.add(new Row("GET /api/admin/harvest-sources", true, TokenScope.ADMIN, ADMINISTRATION,
				(s, http) -> one(http.get("/api/admin/harvest-sources"))));
		rows.add(new Row("GET /api/admin/harvest-sources/{id}", true, TokenScope.ADMIN, ADMINISTRATION,
				(s, http) -> one(http.get("/api/admin/harvest-sources/" + harvestSource()))));
		rows.add(new Row("POST /api/admin/harvest-sources/{id}/approve", true, TokenScope.ADMIN, ADMINISTRATION,
				(s, http) -> one(http.post("/api/admin/harvest-sources/" + harvestSource() + "/approve", ""))));
		rows.add(new Row("POST /api/admin/harvest-sources/{id}/run", true, TokenScope.ADMIN, ADMINISTRATION,
				(s, http) -> one(http.post("/api/admin/harvest-sources/" + harvestSource() + "/run", ""))));
		rows.add(new Row("DELETE /api/admin/harvest-sources/{id}", true, TokenScope.ADMIN, ADMINISTRATION, (s, http) -> {
			Answer created = root.post("/api/admin/harvest-sources", harvestSourceBody(organizationB));
			return one(http.delete("/api/admin/harvest-sources/" + created.json().get("id").asString()));
		}));
		rows.add(new Row("GET /admin/harvest-sources", true, null, ADMIN_PAGE,
				(s, http) -> one(page(s, "/admin/harvest-sources"))));
		rows.add(new Row("GET /admin/harvest-sources/{id}", true, null, ADMIN_PAGE,
				(s, http) -> one(page(s, "/admin/harvest-sources/" + harvestSource()))));
		rows.add(new Row("POST /admin/harvest-sources/{id}/approve", true, null, ADMIN_PAGE,
				(s, http) -> one(form(s, "/admin/harvest-sources/" + harvestSource() + "/approve", Map.of()))));
		rows.add(new Row("POST /admin/harvest-sources/{id}/run", true, null, ADMIN_PAGE,
				(s, http) -> one(form(s, "/admin/harvest-sources/" + harvestSource() + "/run", Map.of()))));
		rows.add(new Row("POST /admin/nodes/{id}/harvest", true, null, ADMIN_PAGE,
				(s, http) -> one(form(s, "/admin/nodes/" + registeredNode(organizationA)[3] + "/harvest", Map.of()))));
		rows.add(new Row("GET /admin/jobs/{id}", true, null, ADMIN_PAGE,
				(s, http) -> one(page(s, "/admin/jobs/" + harvestJob()))));
		rows.add(new Row("GET /konsult/v1/datasets/{globalId}/metadatas", true, null, PUBLIC,
				(s, http) -> one(http.get("/konsult/v1/datasets/" + datasetOfA + "/metadatas"))));
		// the authorisation server: filters, not request mappings; a client authenticates with its own credentials
		rows.add(new Row("POST /oauth/token", false, null, OAUTH_CLIENT,
				(s, http) -> one(oauth(s, http, "/oauth/token", "grant_type=client_credentials"))));
		rows.add(new Row("POST /oauth2/introspect", false, null, OAUTH_CLIENT,
				(s, http) -> one(oauth(s, http, "/oauth2/introspect", "token=x"))));
		rows.add(new Row("POST /oauth2/revoke", false, null, OAUTH_CLIENT,
				(s, http) -> one(oauth(s, http, "/oauth2/revoke", "token=x"))));
		rows.add(new Row("GET /oauth2/jwks", false, null, EVERYONE, (s, http) -> one(http.get("/oauth2/jwks"))));
		rows.add(new Row("GET /.well-known/oauth-authorization-server", false, null, EVERYONE,
				(s, http) -> one(http.get("/.well-known/oauth-authorization-server"))));
		rows.add(new Row("GET /.well-known/jwks.json", true, null, EVERYONE, (s, http) -> one(http.get("/.well-known/jwks.json"))));
		// the portal, the API's description, errors, Actuator (its own handler mapping)
		rows.add(new Row("GET /", true, null, EVERYONE, (s, http) -> one(http.get("/"))));
		rows.add(new Row("GET /datasets", true, null, EVERYONE, (s, http) -> one(http.get("/datasets"))));
		rows.add(new Row("GET /datasets/{id}", true, null, EVERYONE, (s, http) -> one(http.get("/datasets/" + datasetOfA))));
		rows.add(new Row("GET /search", true, null, EVERYONE, (s, http) -> one(http.get("/search?q=matrice"))));
		rows.add(new Row("GET /producers", true, null, EVERYONE, (s, http) -> one(http.get("/producers"))));
		rows.add(new Row("GET /producers/{id}", true, null, EVERYONE, (s, http) -> one(http.get("/producers/" + organizationA))));
		for (String path : List.of("/v3/api-docs", "/v3/api-docs.yaml", "/v3/api-docs/swagger-config", "/swagger-ui")) {
			rows.add(new Row("GET " + path, true, null, EVERYONE, (s, http) -> one(http.get(path))));
		}
		// federation: DCAT-AP and the CKAN-compatible API, public reads for harvesters
		for (String path : List.of("/catalog", "/catalog.ttl", "/catalog.jsonld", "/catalog.rdf")) {
			rows.add(new Row("GET " + path, true, null, EVERYONE, (s, http) -> one(http.get(path + "?page_size=1"))));
		}
		for (String extension : List.of("ttl", "jsonld", "rdf")) {
			rows.add(new Row("GET /datasets/{id}." + extension, true, null, EVERYONE,
					(s, http) -> one(http.get("/datasets/" + datasetOfA + "." + extension))));
		}
		for (String action : List.of("package_search?rows=1", "package_show?id=DATASET", "package_list?limit=1",
				"organization_list", "organization_show?id=ORGANIZATION", "license_list", "status_show",
				"help_show", "group_list", "tag_list")) {
			String name = action.replaceFirst("\\?.*", "");
			rows.add(new Row("GET /api/3/action/" + name, true, null, PUBLIC, (s, http) -> one(http.get(
					"/api/3/action/" + action.replace("DATASET", datasetOfA).replace("ORGANIZATION", "" + organizationA)))));
		}
		rows.add(new Row("GET /api/3/action/{action}", true, null, PUBLIC,
				(s, http) -> one(http.get("/api/3/action/package_create"))));
		rows.add(new Row("* /error", true, null, EVERYONE, (s, http) -> one(http.get("/error"))));
		rows.add(new Row("GET /actuator/health", false, null, EVERYONE, (s, http) -> one(http.get("/actuator/health"))));
		rows.add(new Row("GET /actuator/info", false, null, EVERYONE, (s, http) -> one(http.get("/actuator/info"))));
		rows.add(new Row("GET /actuator/prometheus", false, null, EVERYONE,
				(s, http) -> one(http.get("/actuator/prometheus"))));
		// access: projects, access requests, agreements, project clients, notifications
		rows.addAll(new AccessModuleRows(this).rows());
		rows.addAll(new SelfdataModuleRows(this).rows());
		rows.addAll(new SelfdataPagesRows(this).rows());
		rows.addAll(new ConsentModuleRows(this).rows());
		rows.addAll(new ConsentPagesRows(this).rows());
		return rows;
	}

	@Test
	void shouldHaveADecisionForEveryEndpoint() {
		Set<String> endpoints = endpoints();
		Set<String> rows = new TreeSet<>();
		Set<String> handListed = new TreeSet<>();
		for (Row row : matrix()) {
			(row.mapped() ? rows : handListed).add(row.endpoint());
		}
		Set<String> missing = new TreeSet<>(endpoints);
		missing.removeAll(rows);
		Set<String> gone = new TreeSet<>(rows);
		gone.removeAll(endpoints);
		Set<String> nowMapped = new TreeSet<>(handListed);
		nowMapped.retainAll(endpoints);
		assertThat(missing).as("endpoints without a row in the access matrix (decide who may call them, here and in "
				+ "docs/security.md)").isEmpty();
		assertThat(gone).as("matrix rows whose endpoint no longer exists").isEmpty();
		assertThat(nowMapped).as("hand-listed rows that are request mappings now (mark them mapped)").isEmpty();
	}

	@Test
	void shouldDecideAccessAsTheMatrixSays() throws Exception {
		setUp();
		List<String> wrong = new ArrayList<>();
		StringBuilder statuses = new StringBuilder("Statuses (" + String.join(" | ",
				Arrays.stream(Subject.values()).map(s -> s.label).toList()) + "):\n");
		int requests = 0;
		for (Row row : matrix()) {
			statuses.append(row.endpoint());
			for (Subject subject : Subject.values()) {
				statuses.append(" |");
				for (TestHttp http : clients(subject, row.scope())) {
					for (Answer answer : row.call().send(subject, http)) {
						requests++;
						statuses.append(' ').append(answer.status());
						String decision = decision(answer);
						if (!decision.equals(row.expectedFor(subject))) {
							wrong.add(row.endpoint() + " × " + subject.label + ": expected " + row.expectedFor(subject)
									+ ", got " + answer.status() + " " + abbreviate(answer.body()));
						}
					}
				}
			}
			statuses.append('\n');
		}
		System.out.print(statuses);
		assertThat(wrong).as("access decisions that differ from the matrix (" + requests + " requests)").isEmpty();
	}

	/** 401 or 403 as such; a redirect to the login form is "login"; anything else is "ok" (allowed). */
	static String decision(Answer answer) {
		if (answer.status() == 401 || answer.status() == 403) {
			return "" + answer.status();
		}
		String location = answer.header("Location");
		if (answer.status() / 100 == 3 && location != null && location.replaceFirst("^https?://[^/]+", "")
				.matches("/login([?#].*)?")) {
			return "login";
		}
		return "ok";
	}

	/** Every (method, pattern) of the application's request mappings; {@code *} when any method is mapped. */
	Set<String> endpoints() {
		Set<String> endpoints = new TreeSet<>();
		for (RequestMappingInfo info : mappings.getHandlerMethods().keySet()) {
			Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
			for (String pattern : info.getPatternValues()) {
				if (methods.isEmpty()) {
					endpoints.add("* " + pattern);
				}
				for (RequestMethod method : methods) {
					endpoints.add(method.name() + " " + pattern);
				}
			}
		}
		return endpoints;
	}

	/**
	 * The subject's client for an endpoint that needs {@code scope}: a person calls the API with a personal token
	 * with every scope (and, once signed in for a page row, a session cookie); the administrator's "token without"
	 * has every scope but the row's (no scope at all for a row that needs none).
	 */
	List<TestHttp> clients(Subject subject, TokenScope scope) {
		return switch (subject) {
			case ANONYMOUS -> List.of(TestHttp.anonymous(port));
			case TOKEN_WITHOUT -> List.of(bearer(scope == null ? tokenWithNoScope : tokenWithout.get(scope)));
			case PRODUCER_NODE -> List.of(bearer(producerNode[2]));
			case OTHER_NODE -> List.of(bearer(otherNode[2]));
			// a personal token that does not exist, and a JWT that is not one
			case INVALID_BEARER -> List.of(bearer("krs_" + UUID.randomUUID()), bearer("a.b.c"));
			default -> List.of(bearer(tokens.get(subject)));
		};
	}

	void setUp() {
		root = TestHttp.admin(port); // KERYS_ADMIN_TOKEN: every scope
		organizationA = UUID.fromString(newOrganization());
		organizationB = UUID.fromString(newOrganization());
		for (Subject subject : Subject.values()) {
			if (!subject.isPerson()) {
				continue;
			}
			if (subject == Subject.ADMINISTRATOR) {
				logins.put(subject, "admin");
				tokens.put(subject, TestHttp.ADMIN_TOKEN);
				continue;
			}
			String login = newAccount(subject.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'),
					subject == Subject.MODERATOR ? "moderator" : null);
			logins.put(subject, login);
			if (subject.role != null) {
				join(login, "A".equals(subject.organization) ? organizationA : organizationB, subject.role);
			}
			tokens.put(subject, tokenOf(login, ALL_SCOPES));
		}
		for (TokenScope scope : TokenScope.values()) {
			tokenWithout.put(scope, tokenOf("admin", java.util.Arrays.stream(TokenScope.values()).filter(x -> x != scope)
					.map(TokenScope::code).toList()));
		}
		tokenWithNoScope = tokenOf("admin", List.of());
		ObjectNode dataset = newDataset();
		datasetOfA = dataset.get("global_id").asString();
		mediaOfA = dataset.get("available_formats").get(0).get("media_id").asString();
		Answer upload = root.send(root.request("/api/v1/media/" + mediaOfA).PUT(HttpRequest.BodyPublishers.noBody()));
		assertThat(upload.status()).as(upload.body()).isEqualTo(201);
		ObjectNode restricted = datasetRecord();
		((ObjectNode) restricted.at("/access_condition/confidentiality")).put("restricted_access", true);
		Answer created = root.post("/api/v1/resources", RudiRecords.write(restricted));
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		restrictedMediaOfA = restricted.get("available_formats").get(0).get("media_id").asString();
		restrictedDatasetOfA = restricted.get("global_id").asString();
		upload = root.send(root.request("/api/v1/media/" + restrictedMediaOfA).PUT(HttpRequest.BodyPublishers.noBody()));
		assertThat(upload.status()).as(upload.body()).isEqualTo(201);
		organization = newOrganization();
		contact = newContact();
		producerNode = newNode(organizationA);
		otherNode = newNode(organizationB);
	}

	static final String PASSWORD = "matrice-mot-de-passe-robuste";
	static final List<String> ALL_SCOPES = java.util.Arrays.stream(TokenScope.values()).map(TokenScope::code).toList();

	String login(Subject subject) {
		return subject == Subject.ADMINISTRATOR ? "admin" : logins.get(subject);
	}

	static String unique(String prefix) {
		return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
	}

	static String userBody(String login) {
		return "{\"login\":\"" + login + "\",\"email\":\"" + login + "@example.org\",\"password\":\"" + PASSWORD
				+ "\"}";
	}

	/** A new verified account, with this platform role (or none); its login. */
	String newAccount(String prefix, String... roles) {
		String login = unique(prefix);
		String roleList = java.util.Arrays.stream(roles).filter(r -> r != null).map(r -> "\"" + r + "\"")
				.collect(java.util.stream.Collectors.joining(","));
		Answer created = root.post("/api/admin/users", "{\"login\":\"" + login + "\",\"email\":\"" + login
				+ "@example.org\",\"password\":\"" + PASSWORD + "\",\"platform_roles\":[" + roleList + "]}");
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		return login;
	}

	void join(String login, UUID organizationId, OrganizationRole role) {
		Answer joined = root.post("/api/organizations/" + organizationId + "/members",
				"{\"login\":\"" + login + "\",\"role\":\"" + role.code() + "\"}");
		assertThat(joined.status()).as(joined.body()).isIn(200, 201);
	}

	@Autowired
	org.springframework.jdbc.core.simple.JdbcClient jdbc;

	Map<Subject, PortalSession> browsers = new java.util.EnumMap<>(Subject.class);

	/**
	 * The subject's browser: a person signed in with the login form; anyone else (bearer tokens are not read on
	 * pages) an anonymous browser. Both have read a page with a form, so they hold a CSRF token for their posts.
	 */
	PortalSession browser(Subject subject) {
		return browsers.computeIfAbsent(subject, s -> {
			PortalSession browser;
			if (s.isPerson()) {
				browser = PortalSession.signIn(port, login(s), s == Subject.ADMINISTRATOR ? TestHttp.ADMIN_PASSWORD : PASSWORD)
						.orElseThrow();
				browser.get("/account"); // the sign-in renewed the CSRF token: read it from a page with forms
			}
			else {
				browser = PortalSession.anonymous(port);
				browser.get("/login");
			}
			assertThat(browser.csrf()).as("a CSRF token for " + s.label).isNotNull();
			return browser;
		});
	}

	Answer page(Subject subject, String path) {
		return browser(subject).get(path);
	}

	Answer form(Subject subject, String path, Map<String, ?> fields) {
		return browser(subject).post(path, fields);
	}

	/** A pending invitation to organisation A; its id. */
	String newInvitation() {
		Answer sent = root.post("/api/organizations/" + organizationA + "/invitations",
				"{\"email\":\"" + unique("revoque") + "@example.org\",\"role\":\"member\"}");
		assertThat(sent.status()).as(sent.body()).isEqualTo(201);
		return sent.json().get("id").asString();
	}

	/** An account made directly in the database (fast: no password hashing) for a row to act upon; its login. */
	String throwaway(String prefix) {
		String login = unique(prefix);
		jdbc.sql("insert into accounts (id, login, password_hash, email_verified_at) values (?, ?, 'none', now())")
				.params(UUID.randomUUID(), login).update();
		return login;
	}

	/** A node client made directly in the database, for a row to revoke; its id. */
	String throwawayNode() {
		String id = "node-" + UUID.randomUUID();
		jdbc.sql("insert into node_clients (client_id, name, secret_hash, created_by) values (?, 'Jetable', 'none', 'matrice')")
				.params(id).update();
		return id;
	}

	/** A personal token of this account, created with its password as it must be. */
	String tokenOf(String login, List<String> scopes) {
		String password = "admin".equals(login) ? TestHttp.ADMIN_PASSWORD : PASSWORD;
		String list = scopes.stream().map(x -> "\"" + x + "\"").collect(java.util.stream.Collectors.joining(","));
		Answer created = TestHttp.basic(port, login, password).post("/api/auth/token", "{\"scopes\":[" + list + "]}");
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		return created.json().get("token").asString();
	}

	ObjectNode datasetRecord() {
		return RudiRecords.open("Matrice " + UUID.randomUUID(), organizationA, "Organisation A", EMPTY_MD5, 0);
	}

	/** A dataset of organisation A, stored. */
	ObjectNode newDataset() {
		ObjectNode record = datasetRecord();
		Answer created = root.post("/api/v1/resources", RudiRecords.write(record));
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		return record;
	}

	String newOrganization() {
		String id = UUID.randomUUID().toString();
		Answer created = root.post("/api/v1/organizations", organizationBody(id, "Organisation"));
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		return id;
	}

	String newContact() {
		String id = UUID.randomUUID().toString();
		Answer created = root.post("/api/v1/contacts", contactBody(id, "Contact"));
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		return id;
	}

	static String organizationBody(String id, String name) {
		return "{\"organization_id\":\"" + id + "\",\"organization_name\":\"" + name + "\"}";
	}

	static String contactBody(String id, String name) {
		return "{\"contact_id\":\"" + id + "\",\"contact_name\":\"" + name + "\",\"email\":\"matrice@example.org\"}";
	}

	/** A node client of this organisation: client id, secret, and an access token. */
	String[] newNode(UUID organization) {
		Answer created = root.post("/api/admin/node-clients",
				"{\"organization_id\":\"" + organization + "\",\"name\":\"Nœud matrice\"}");
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		String id = created.json().get("client_id").asString();
		String secret = created.json().get("client_secret").asString();
		Answer token = clientRequest(TestHttp.anonymous(port), id, secret, "/oauth/token", "grant_type=client_credentials");
		assertThat(token.status()).as(token.body()).isEqualTo(200);
		return new String[] { id, secret, token.json().get("access_token").asString() };
	}

	/** A request to the authorisation server: a node client sends its client credentials, others their own. */
	Answer oauth(Subject subject, TestHttp http, String path, String form) {
		return switch (subject) {
			case PRODUCER_NODE -> clientRequest(TestHttp.anonymous(port), producerNode[0], producerNode[1], path, form);
			case OTHER_NODE -> clientRequest(TestHttp.anonymous(port), otherNode[0], otherNode[1], path, form);
			default -> http.send(http.request(path).header("Content-Type", "application/x-www-form-urlencoded")
					.POST(HttpRequest.BodyPublishers.ofString(form)));
		};
	}

	static Answer clientRequest(TestHttp http, String clientId, String secret, String path, String form) {
		return http.send(http.request(path)
				.header("Authorization", "Basic " + Base64.getEncoder()
						.encodeToString((clientId + ":" + secret).getBytes(StandardCharsets.UTF_8)))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString(form)));
	}

	/** Registered producer nodes (federation) of A and B: client id, secret, access token, node id. */
	Map<UUID, String[]> registeredNodes = new LinkedHashMap<>();

	static String nodeBody(UUID organization) {
		// reports to a closed local port, refused anyway: the private network is not allowed
		return "{\"name\":\"Nœud matrice\",\"url\":\"http://127.0.0.1:9/api/v1\",\"organization_ids\":[\""
				+ organization + "\"]}";
	}

	String[] registeredNode(UUID organization) {
		return registeredNodes.computeIfAbsent(organization, o -> {
			Answer created = root.post("/api/admin/nodes", nodeBody(o));
			assertThat(created.status()).as(created.body()).isEqualTo(201);
			String id = created.json().get("client_id").asString();
			String secret = created.json().get("client_secret").asString();
			Answer token = clientRequest(TestHttp.anonymous(port), id, secret, "/oauth/token",
					"grant_type=client_credentials");
			assertThat(token.status()).as(token.body()).isEqualTo(200);
			return new String[] { id, secret, token.json().get("access_token").asString(),
					created.json().get("id").asString() };
		});
	}

	/** A harvest source of this organisation at a fresh address (closed local port, private network refused). */
	static String harvestSourceBody(UUID organization) {
		return "{\"type\":\"rudi\",\"url\":\"http://127.0.0.1:9/" + UUID.randomUUID() + "\",\"organization_id\":\""
				+ organization + "\"}";
	}

	String harvestSourceId;
	String harvestJobId;

	/** One harvest source of A, approved. */
	String harvestSource() {
		if (harvestSourceId == null) {
			Answer created = root.post("/api/admin/harvest-sources", harvestSourceBody(organizationA));
			assertThat(created.status()).as(created.body()).isEqualTo(201);
			harvestSourceId = created.json().get("id").asString();
			assertThat(root.post("/api/admin/harvest-sources/" + harvestSourceId + "/approve", "").status()).isEqualTo(200);
		}
		return harvestSourceId;
	}

	/** A harvest job (of another source: it fails at once, its address being refused). */
	String harvestJob() {
		if (harvestJobId == null) {
			Answer created = root.post("/api/admin/harvest-sources", harvestSourceBody(organizationA));
			String id = created.json().get("id").asString();
			root.post("/api/admin/harvest-sources/" + id + "/approve", "");
			Answer run = root.post("/api/admin/harvest-sources/" + id + "/run", "");
			assertThat(run.status()).as(run.body()).isEqualTo(202);
			harvestJobId = run.json().get("job_id").asString();
		}
		return harvestJobId;
	}

	/** Who pushes to the intake: the node subjects as registered nodes of A and B, the others as themselves. */
	TestHttp pusher(Subject subject, TestHttp http) {
		return switch (subject) {
			case PRODUCER_NODE -> bearer(registeredNode(organizationA)[2]);
			case OTHER_NODE -> bearer(registeredNode(organizationB)[2]);
			default -> http;
		};
	}

	TestHttp bearer(String token) {
		return TestHttp.anonymous(port).withHeader("Authorization", "Bearer " + token);
	}

	static List<Answer> one(Answer answer) {
		return List.of(answer);
	}

	static String abbreviate(String body) {
		return body == null ? "" : body.length() > 160 ? body.substring(0, 160) + "…" : body;
	}
}
