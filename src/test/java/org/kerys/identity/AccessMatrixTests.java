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
 * <p>Callers that do not exist yet — organisation members and editors, moderators, citizens (issue 3) — have no
 * column: add one when they do.
 */
@KerysHttpTest
class AccessMatrixTests {

	/** The callers of today, in the order of the matrix's columns. */
	enum Subject {
		ANONYMOUS("anonymous"),
		PASSWORD("administrator (password)"),
		TOKEN("personal token with the scope"),
		TOKEN_WITHOUT("personal token without it"),
		PRODUCER_NODE("node client of the producer"),
		OTHER_NODE("node client of another organisation"),
		INVALID_BEARER("invalid bearer token");

		final String label;

		Subject(String label) {
			this.label = label;
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

	// Columns:               anon  password token  without producer other invalid
	private static final String PUBLIC = "ok ok ok ok ok ok 401";
	private static final String EVERYONE = "ok ok ok ok ok ok ok"; // outside /api/**: a bearer token is not read
	private static final String SCOPED = "401 ok ok 403 403 403 401"; // an administrator with the row's scope
	private static final String DATASET_WRITE = "401 ok ok 403 ok 403 401";
	private static final String ACCOUNT = "401 ok ok ok 403 403 401";
	private static final String PASSWORD_ONLY = "401 ok 403 403 403 403 401";
	private static final String RESTRICTED_FILE = "403 ok ok ok 403 403 401";
	private static final String OAUTH_CLIENT = "401 401 401 401 ok ok 401";

	@LocalServerPort
	int port;

	@Autowired
	@Qualifier("requestMappingHandlerMapping")
	RequestMappingHandlerMapping mappings;

	// fixtures, made once by #setUp
	UUID organizationA;
	UUID organizationB;
	TestHttp root; // a personal token of the administrator with every scope: fast, no Argon2id per request
	String datasetOfA;
	String mediaOfA;
	String restrictedMediaOfA;
	String organization;
	String contact;
	Map<TokenScope, String> tokenWith = new LinkedHashMap<>();
	String tokenWithNoScope;
	String[] producerNode; // client id, secret, access token
	String[] otherNode;

	List<Row> matrix() {
		List<Row> rows = new ArrayList<>();
		// the catalogue (RUDI API)
		rows.add(new Row("GET /api/v1/resources", true, null, PUBLIC, (s, http) -> one(http.get("/api/v1/resources?limit=1"))));
		rows.add(new Row("GET /api/v1/resources/{globalId}", true, null, PUBLIC,
				(s, http) -> one(http.get("/api/v1/resources/" + datasetOfA))));
		rows.add(new Row("POST /api/v1/resources", true, TokenScope.CATALOG_WRITE, DATASET_WRITE,
				(s, http) -> one(http.post("/api/v1/resources", RudiRecords.write(datasetRecord())))));
		rows.add(new Row("PUT /api/v1/resources/{globalId}", true, TokenScope.CATALOG_WRITE, DATASET_WRITE, (s, http) -> {
			ObjectNode record = newDataset();
			record.put("resource_title", "Remplacé");
			return one(http.put("/api/v1/resources/" + record.get("global_id").asString(), RudiRecords.write(record)));
		}));
		rows.add(new Row("DELETE /api/v1/resources/{globalId}", true, TokenScope.CATALOG_WRITE, DATASET_WRITE,
				(s, http) -> one(http.delete("/api/v1/resources/" + newDataset().get("global_id").asString()))));
		rows.add(new Row("POST /api/v1/resources/import", true, TokenScope.CATALOG_WRITE, SCOPED,
				(s, http) -> one(http.post("/api/v1/resources/import", "[]"))));
		String kinds = "/api/v1/{kind:organizations|contacts}";
		rows.add(new Row("GET " + kinds, true, null, PUBLIC,
				(s, http) -> List.of(http.get("/api/v1/organizations?limit=1"), http.get("/api/v1/contacts?limit=1"))));
		rows.add(new Row("GET " + kinds + "/{id}", true, null, PUBLIC, (s, http) -> List
				.of(http.get("/api/v1/organizations/" + organization), http.get("/api/v1/contacts/" + contact))));
		rows.add(new Row("POST " + kinds, true, TokenScope.CATALOG_WRITE, SCOPED, (s, http) -> List.of(
				http.post("/api/v1/organizations", organizationBody(UUID.randomUUID().toString(), "Nouvelle")),
				http.post("/api/v1/contacts", contactBody(UUID.randomUUID().toString(), "Nouveau")))));
		rows.add(new Row("PUT " + kinds + "/{id}", true, TokenScope.CATALOG_WRITE, SCOPED, (s, http) -> {
			String org = newOrganization();
			String person = newContact();
			return List.of(http.put("/api/v1/organizations/" + org, organizationBody(org, "Renommée")),
					http.put("/api/v1/contacts/" + person, contactBody(person, "Renommé")));
		}));
		rows.add(new Row("DELETE " + kinds + "/{id}", true, TokenScope.CATALOG_WRITE, SCOPED, (s, http) -> List
				.of(http.delete("/api/v1/organizations/" + newOrganization()), http.delete("/api/v1/contacts/" + newContact()))));
		rows.add(new Row("GET /api/version", true, null, PUBLIC, (s, http) -> one(http.get("/api/version"))));
		// media files
		rows.add(new Row("PUT /api/v1/media/{media_id}", true, TokenScope.MEDIA_WRITE, SCOPED,
				(s, http) -> one(http.send(http.request("/api/v1/media/" + mediaOfA).PUT(HttpRequest.BodyPublishers.noBody())))));
		rows.add(new Row("GET /api/v1/media/{media_id}", true, null, PUBLIC, (s, http) -> one(http.get("/api/v1/media/" + mediaOfA))));
		// the same endpoint for a restricted dataset's file (a second row, so hand-listed): the account's
		// administrator role decides, whatever the token's scopes; nobody else, not even the producer's node
		rows.add(new Row("GET /api/v1/media/{media_id} (restricted dataset)", false, null, RESTRICTED_FILE,
				(s, http) -> one(http.get("/api/v1/media/" + restrictedMediaOfA))));
		// the account's personal tokens
		rows.add(new Row("POST /api/auth/token", true, null, PASSWORD_ONLY,
				(s, http) -> one(http.post("/api/auth/token", "{\"scopes\":[],\"expires_in_days\":1}"))));
		rows.add(new Row("GET /api/auth/tokens", true, null, ACCOUNT, (s, http) -> one(http.get("/api/auth/tokens"))));
		rows.add(new Row("DELETE /api/auth/tokens/{id}", true, null, ACCOUNT,
				(s, http) -> one(http.delete("/api/auth/tokens/" + newToken("{\"scopes\":[]}").get("id").asString()))));
		// administration
		rows.add(new Row("POST /api/admin/node-clients", true, TokenScope.ADMIN, SCOPED, (s, http) -> one(http.post(
				"/api/admin/node-clients", "{\"organization_id\":\"" + UUID.randomUUID() + "\",\"name\":\"Matrice\"}"))));
		rows.add(new Row("GET /api/admin/audit", true, TokenScope.ADMIN, SCOPED, (s, http) -> one(http.get("/api/admin/audit?limit=1"))));
		rows.add(new Row("GET /api/admin/audit/verify", true, TokenScope.ADMIN, SCOPED,
				(s, http) -> one(http.get("/api/admin/audit/verify"))));
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
		for (String path : List.of("/v3/api-docs", "/v3/api-docs.yaml", "/v3/api-docs/swagger-config", "/swagger-ui")) {
			rows.add(new Row("GET " + path, true, null, EVERYONE, (s, http) -> one(http.get(path))));
		}
		rows.add(new Row("* /error", true, null, EVERYONE, (s, http) -> one(http.get("/error"))));
		rows.add(new Row("GET /actuator/health", false, null, EVERYONE, (s, http) -> one(http.get("/actuator/health"))));
		rows.add(new Row("GET /actuator/info", false, null, EVERYONE, (s, http) -> one(http.get("/actuator/info"))));
		rows.add(new Row("GET /actuator/prometheus", false, null, EVERYONE,
				(s, http) -> one(http.get("/actuator/prometheus"))));
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
						String decision = answer.status() == 401 || answer.status() == 403 ? "" + answer.status() : "ok";
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

	/** The subject's client(s) for an endpoint that needs {@code scope} (none: any personal token). */
	List<TestHttp> clients(Subject subject, TokenScope scope) {
		return switch (subject) {
			case ANONYMOUS -> List.of(TestHttp.anonymous(port));
			case PASSWORD -> List.of(TestHttp.admin(port));
			case TOKEN -> List.of(bearer(scope == null ? tokenWithNoScope : tokenWith.get(scope)));
			case TOKEN_WITHOUT -> List.of(bearer(tokenWith.get(
					scope == TokenScope.CATALOG_WRITE ? TokenScope.MEDIA_WRITE : TokenScope.CATALOG_WRITE)));
			case PRODUCER_NODE -> List.of(bearer(producerNode[2]));
			case OTHER_NODE -> List.of(bearer(otherNode[2]));
			// a personal token that does not exist, and a JWT that is not one
			case INVALID_BEARER -> List.of(bearer("krs_" + UUID.randomUUID()), bearer("a.b.c"));
		};
	}

	void setUp() {
		organizationA = UUID.randomUUID();
		organizationB = UUID.randomUUID();
		root = bearer(newToken("{\"scopes\":[\"catalog.write\",\"media.write\",\"admin\"]}").get("token").asString());
		for (TokenScope scope : TokenScope.values()) {
			tokenWith.put(scope, newToken("{\"scopes\":[\"" + scope.code() + "\"]}").get("token").asString());
		}
		tokenWithNoScope = newToken("{\"scopes\":[]}").get("token").asString();
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
		upload = root.send(root.request("/api/v1/media/" + restrictedMediaOfA).PUT(HttpRequest.BodyPublishers.noBody()));
		assertThat(upload.status()).as(upload.body()).isEqualTo(201);
		organization = newOrganization();
		contact = newContact();
		producerNode = newNode(organizationA);
		otherNode = newNode(organizationB);
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

	/** A personal token of the administrator (created with the password, as it must be). */
	JsonNode newToken(String body) {
		Answer created = TestHttp.admin(port).post("/api/auth/token", body);
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		return created.json();
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
