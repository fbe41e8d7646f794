package org.kerys.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.kerys.KerysHttpTest;
import org.kerys.RudiRecords;
import org.kerys.TestHttp;
import org.kerys.TestHttp.Answer;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.node.ObjectNode;

/**
 * The pages of restricted data over HTTP, as a browser without JavaScript uses them: forms with their CSRF token,
 * post-redirect-get, errors next to their fields, escaping, and who may see which page.
 */
@KerysHttpTest
class AccessPagesTests {

	private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"");

	@LocalServerPort
	int port;

	/** A signed-in visitor of the portal: its session cookie, the CSRF token of the last page it read. */
	final class Visitor {

		private final HttpClient client = HttpClient.newBuilder()
				.cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
				.followRedirects(HttpClient.Redirect.NEVER).build();
		private String csrf;

		Visitor() {
		}

		Visitor(String login, String password) {
			get("/login");
			Answer signedIn = post("/login", Map.of("username", login, "password", password));
			assertThat(signedIn.status()).isEqualTo(302);
			assertThat(signedIn.header("Location")).doesNotContain("error");
		}

		Answer get(String path) {
			Answer page = send(request(path).GET());
			Matcher token = CSRF.matcher(page.body());
			if (token.find()) {
				csrf = token.group(1);
			}
			return page;
		}

		Answer post(String path, Map<String, String> fields) {
			return postRaw(path, fields, true);
		}

		Answer postRaw(String path, Map<String, String> fields, boolean withToken) {
			Map<String, String> form = new LinkedHashMap<>(fields);
			if (withToken && csrf != null) {
				form.put("_csrf", csrf);
			}
			String body = form.entrySet().stream().map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
					.collect(Collectors.joining("&"));
			return send(request(path).header("Content-Type", "application/x-www-form-urlencoded")
					.POST(HttpRequest.BodyPublishers.ofString(body)));
		}

		/** Follows a post's redirect, as a browser does. */
		Answer follow(Answer redirect) {
			assertThat(redirect.status()).as(redirect.body()).isEqualTo(302);
			return get(URI.create(redirect.header("Location")).getRawPath()
					+ (URI.create(redirect.header("Location")).getRawQuery() == null ? ""
							: "?" + URI.create(redirect.header("Location")).getRawQuery()));
		}

		private HttpRequest.Builder request(String path) {
			return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).header("Accept", "text/html");
		}

		private Answer send(HttpRequest.Builder request) {
			try {
				HttpResponse<String> response = client.send(request.build(),
						HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
				return new Answer(response.statusCode(), response.body(), response);
			}
			catch (java.io.IOException e) {
				throw new java.io.UncheckedIOException(e);
			}
			catch (InterruptedException e) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(e);
			}
		}
	}

	private static String encode(String value) {
		return URLEncoder.encode(value == null ? "" : value, StandardCharsets.UTF_8);
	}

	record Account(String login, String password) {
	}

	private Account account(String prefix) {
		String login = Reusers.unique(prefix);
		String password = "Kerys-pass " + UUID.randomUUID();
		Answer created = TestHttp.admin(port).post("/api/admin/users", """
				{"login": "%s", "email": "%s@example.org", "password": "%s"}""".formatted(login, login, password));
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		return new Account(login, password);
	}

	private void member(UUID organization, Account account, String role) {
		Answer set = TestHttp.admin(port).post("/api/organizations/" + organization + "/members",
				"{\"login\": \"" + account.login() + "\", \"role\": \"" + role + "\"}");
		assertThat(set.status()).as(set.body()).isIn(200, 201);
	}

	private static String between(String body, String start, String end) {
		int from = body.indexOf(start);
		assertThat(from).as(body).isNotNegative();
		from += start.length();
		return body.substring(from, body.indexOf(end, from));
	}

	@Test
	void shouldLetAReuserAndAProducerDoItAllFromThePages() throws Exception {
		Reusers make = new Reusers(port);
		UUID producer = make.organization("Producteur");
		Account editorAccount = account("editeur");
		member(producer, editorAccount, "editor");
		Account reuserAccount = account("reutilisateur");
		byte[] content = "ligne;validations\nC1;412\n".repeat(20).getBytes(StandardCharsets.UTF_8);
		String md5 = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(content));
		ObjectNode record = RudiRecords.open(Reusers.unique("Validations"), producer, "Producteur", md5,
				content.length);
		((ObjectNode) record.at("/access_condition/confidentiality")).put("restricted_access", true);
		assertThat(TestHttp.admin(port).post("/api/v1/resources", RudiRecords.write(record)).status()).isEqualTo(201);
		String datasetId = record.get("global_id").asString();
		String mediaId = record.at("/available_formats/0/media_id").asString();
		TestHttp admin = TestHttp.admin(port);
		assertThat(admin.send(admin.request("/api/v1/media/" + mediaId)
				.PUT(HttpRequest.BodyPublishers.ofByteArray(content))).status()).isEqualTo(201);

		Visitor reuser = new Visitor(reuserAccount.login(), reuserAccount.password());
		Answer datasetPage = reuser.get("/datasets/" + datasetId);
		assertThat(datasetPage.body()).contains("/projects/request?dataset=" + datasetId);
		// no project yet: the request page leads to the project form, which comes back to the request
		Answer requestPage = reuser.get("/projects/request?dataset=" + datasetId);
		assertThat(requestPage.status()).isEqualTo(200);
		assertThat(requestPage.body()).contains("/projects/new?dataset=" + datasetId);
		reuser.get("/projects/new?dataset=" + datasetId);
		String title = "Projet <script>alert(1)</script> " + UUID.randomUUID();
		Answer created = reuser.post("/projects/new", Map.of("title", title, "type", "study", "description",
				"Fréquentation", "dataset", datasetId, "public", "true"));
		Answer back = reuser.follow(created);
		assertThat(back.status()).isEqualTo(200);
		assertThat(back.body()).doesNotContain("<script>alert(1)</script>").contains("&lt;script&gt;");
		String projectId = created.header("Location").replaceAll(".*[?&]project=([0-9a-f-]{36}).*", "$1");
		assertThat(back.body()).contains("name=\"project\"");
		Answer submitted = reuser.post("/projects/request", Map.of("dataset", datasetId, "project", projectId,
				"purpose", "Étude de fréquentation", "requested_end_date", "", "message", "Merci"));
		assertThat(submitted.header("Location")).endsWith("/projects/" + projectId);
		Answer projectPage = reuser.follow(submitted);
		assertThat(projectPage.body()).contains("Envoyée, en attente de réponse");

		Visitor editor = new Visitor(editorAccount.login(), editorAccount.password());
		Answer inbox = editor.get("/access/inbox");
		assertThat(inbox.status()).isEqualTo(200);
		String requestId = between(inbox.body(), "/access/requests/", "/accept");
		Answer accepted = editor.post("/access/requests/" + requestId + "/accept", Map.of("end_date",
				java.time.LocalDate.now().plusMonths(6).toString(), "media_ids", mediaId, "purpose", "Étude",
				"rate_limit_per_minute", "100", "bytes_per_day", ""));
		assertThat(editor.follow(accepted).body()).contains("Actif");

		reuser.get("/projects/" + projectId);
		Answer withClient = reuser.follow(reuser.post("/projects/" + projectId + "/clients", Map.of("name", "Batch")));
		String clientId = between(withClient.body(), "id=\"new-client-id\">", "<");
		String secret = between(withClient.body(), "id=\"new-client-secret\">", "<");
		assertThat(reuser.get("/projects/" + projectId).body()).as("the secret is shown once").doesNotContain(secret);
		TestHttp client = make.bearer(make.clientToken(clientId, secret));
		String gateway = "/gateway/datasets/" + datasetId + "/media/" + mediaId;
		assertThat(client.get(gateway).status()).isEqualTo(200);

		Answer agreements = editor.get("/access/inbox");
		String agreementId = between(agreements.body(), "/access/agreements/", "/revoke");
		assertThat(editor.follow(editor.post("/access/agreements/" + agreementId + "/revoke", Map.of())).body())
				.contains("Révoqué");
		assertThat(client.get(gateway).status()).isEqualTo(403);
		assertThat(reuser.get("/account/notifications").body()).contains("révoqué");
	}

	@Test
	void shouldShowEachInvalidFieldNextToIt() {
		Account account = account("formulaire");
		Visitor visitor = new Visitor(account.login(), account.password());
		visitor.get("/projects/new");
		Answer invalid = visitor.post("/projects/new", Map.of("title", " ", "type", "nonsense", "expected_start",
				"2027-05-01", "expected_end", "2027-01-01"));
		assertThat(invalid.status()).isEqualTo(400);
		assertThat(invalid.body()).contains("id=\"p-title-error\"", "id=\"p-type-error\"", "id=\"p-end-error\"")
				.contains("aria-invalid=\"true\"");
		Answer english = visitor.post("/projects/new?lang=en", Map.of("title", "", "type", "study"));
		assertThat(english.status()).isEqualTo(400);
	}

	@Test
	void shouldRefuseAFormWithoutItsCsrfToken() {
		Account account = account("csrf");
		Visitor visitor = new Visitor(account.login(), account.password());
		visitor.get("/projects/new");
		assertThat(visitor.postRaw("/projects/new", Map.of("title", "Sans jeton", "type", "study"), false).status())
				.isEqualTo(403);
	}

	@Test
	void shouldKeepEachProjectAndInboxToThoseWhoMaySeeThem() {
		Reusers make = new Reusers(port);
		Account owner = account("proprietaire");
		Visitor ownerVisitor = new Visitor(owner.login(), owner.password());
		ownerVisitor.get("/projects/new");
		Answer created = ownerVisitor.post("/projects/new", Map.of("title", "Privé", "type", "study"));
		String projectId = created.header("Location").replaceAll(".*/projects/", "");

		Account stranger = account("etranger");
		Visitor strangerVisitor = new Visitor(stranger.login(), stranger.password());
		assertThat(strangerVisitor.get("/projects/" + projectId).status()).isEqualTo(403);
		assertThat(strangerVisitor.get("/projects/" + projectId + "/edit").status()).isEqualTo(403);
		assertThat(strangerVisitor.get("/projects/" + UUID.randomUUID()).status()).isEqualTo(404);
		assertThat(strangerVisitor.get("/projects/not-an-id").status()).isEqualTo(404);
		strangerVisitor.get("/projects");
		assertThat(strangerVisitor.post("/projects/" + projectId + "/clients", Map.of()).status()).isEqualTo(403);

		UUID organization = make.organization("Autre");
		assertThat(strangerVisitor.get("/access/inbox?organization=" + organization).status()).isEqualTo(403);
		assertThat(strangerVisitor.get("/access/inbox").status()).isEqualTo(200);
		assertThat(strangerVisitor.get("/access/moderation").status()).isEqualTo(403);

		Answer anonymous = new Visitor().get("/projects");
		assertThat(anonymous.status()).isEqualTo(302);
		assertThat(anonymous.header("Location")).contains("/login");
		assertThat(new Visitor().get("/reuses").status()).isEqualTo(200);
	}
}
