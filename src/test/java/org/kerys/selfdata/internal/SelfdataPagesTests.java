package org.kerys.selfdata.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.kerys.KerysHttpTest;
import org.kerys.TestHttp.Answer;
import org.kerys.selfdata.SelfdataFixtures;
import org.kerys.selfdata.SelfdataFixtures.Person;
import org.kerys.selfdata.SelfdataFixtures.TestNode;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The self-data pages over HTTP, as a browser without JavaScript uses them: the form generated from the matching data
 * and its bad input (errors at their fields, nothing stored), files (multipart, with the CSRF token in the action),
 * someone else's request or data (404), bad dates, a producer's task and a stranger to it.
 */
@KerysHttpTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SelfdataPagesTests {

	private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"");

	@LocalServerPort
	int port;

	@Autowired
	ApplicationContext context;

	@Autowired
	JdbcClient jdbc;

	SelfdataFixtures fixtures;
	TestNode node;
	AutoCloseable allowed;

	@BeforeAll
	void startNode() throws Exception {
		node = new TestNode();
	}

	@BeforeEach
	void allowNode() throws Exception {
		fixtures = new SelfdataFixtures(port);
		node.behaviour = TestNode.Behaviour.NORMAL;
		if (allowed == null) {
			allowed = SelfdataPagesTestSupport.allowNode(context, node.url());
		}
	}

	@AfterAll
	void stopNode() throws Exception {
		allowed.close();
		node.close();
	}

	/** A signed-in browser: its session cookie and the CSRF token of the last page it read. */
	final class Visitor {

		private final HttpClient client = HttpClient.newBuilder()
				.cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
				.followRedirects(HttpClient.Redirect.NEVER).build();
		String csrf;

		Visitor(Person person) {
			get("/login");
			Answer signedIn = post("/login", Map.of("username", person.login(), "password", person.password()));
			assertThat(signedIn.status()).isEqualTo(302);
			assertThat(signedIn.header("Location")).doesNotContain("error");
		}

		Answer get(String path) {
			Answer answer = send(HttpRequest.newBuilder(uri(path)).header("Accept", "text/html").GET());
			Matcher token = CSRF.matcher(answer.body());
			if (token.find()) {
				csrf = token.group(1);
			}
			return answer;
		}

		Answer post(String path, Map<String, String> fields) {
			String body = fields.entrySet().stream().map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
					.collect(Collectors.joining("&")) + (csrf == null ? "" : "&_csrf=" + encode(csrf));
			return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/x-www-form-urlencoded")
					.POST(HttpRequest.BodyPublishers.ofString(body)));
		}

		/** A multipart form: fields, and files as name → (file name, content). */
		Answer multipart(String path, Map<String, String> fields, Map<String, byte[]> files) {
			String boundary = "----kerys" + UUID.randomUUID();
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			fields.forEach((name, value) -> out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\""
					+ name + "\"\r\n\r\n" + value + "\r\n").getBytes(StandardCharsets.UTF_8)));
			files.forEach((name, content) -> {
				out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name
						+ "\"; filename=\"preuve.pdf\"\r\nContent-Type: application/pdf\r\n\r\n")
						.getBytes(StandardCharsets.UTF_8));
				out.writeBytes(content);
				out.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
			});
			out.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
			return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "multipart/form-data; boundary=" + boundary)
					.POST(HttpRequest.BodyPublishers.ofByteArray(out.toByteArray())));
		}

		private URI uri(String path) {
			return URI.create("http://localhost:" + port + path);
		}

		private Answer send(HttpRequest.Builder request) {
			try {
				HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
				return new Answer(response.statusCode(), response.body(), response);
			}
			catch (Exception e) {
				throw new IllegalStateException(e);
			}
		}
	}

	private static String encode(String text) {
		return URLEncoder.encode(text, StandardCharsets.UTF_8);
	}

	private long requestsOf(Person person) {
		return jdbc.sql("select count(*) from selfdata_requests r join accounts a on a.id = r.account_id where a.login = ?")
				.param(person.login()).query(Long.class).single();
	}

	private String awaitStatus(Visitor visitor, String path, String status) throws InterruptedException {
		String page = "";
		for (int i = 0; i < 100; i++) {
			page = visitor.get(path).body();
			if (page.contains("data-status=\"" + status + "\"")) {
				return page;
			}
			Thread.sleep(100);
		}
		throw new AssertionError("never " + status + ": " + page);
	}

	@Test
	void shouldGenerateTheFormAndSendVisitorsToSignIn() {
		UUID producer = fixtures.organization("Collectes");
		String dataset = fixtures.dataset(producer, "API", node.url(), SelfdataFixtures.EMAIL_AND_CARD, false)
				.get("global_id").asString();
		Answer anonymous = org.kerys.TestHttp.anonymous(port).get("/selfdata/datasets/" + dataset + "/request");
		assertThat(anonymous.status()).isIn(302, 303);
		assertThat(anonymous.header("Location")).contains("/login");

		Visitor citizen = new Visitor(fixtures.person("lectrice"));
		Answer form = citizen.get("/selfdata/datasets/" + dataset + "/request");
		assertThat(form.status()).isEqualTo(200);
		assertThat(form.body()).contains("name=\"matching.email\"").contains("Courriel")
				.contains("Celui de votre compte usager").contains("pattern=\"[^@ ]+@[^@ ]+\\.[a-z]+\"")
				.contains("aria-describedby=\"f-0-help\"").contains("required=\"required\"")
				.containsPattern("name=\"matching.card\"\\s+type=\"number\"").doesNotContain("enctype")
				.contains("30 jours").contains("6 mois").contains("Obligation légale de conservation");
		Answer english = citizen.get("/selfdata/datasets/" + dataset + "/request?lang=en");
		assertThat(english.body()).contains("E-mail").contains("30 days").contains("What we do with this information");
		citizen.get("/selfdata/datasets/" + dataset + "/request?lang=fr");

		Answer notSelfdata = citizen.get("/selfdata/datasets/" + fixtures.openDataset(producer) + "/request");
		assertThat(notSelfdata.status()).isEqualTo(400);
		assertThat(citizen.get("/selfdata/datasets/pas-un-id/request").status()).isEqualTo(404);
	}

	@Test
	void shouldShowEachBadValueAtItsFieldAndStoreNothing() {
		UUID producer = fixtures.organization("Collectes");
		String dataset = fixtures.dataset(producer, "API", node.url(), SelfdataFixtures.EMAIL_AND_CARD, false)
				.get("global_id").asString();
		Person person = fixtures.person("distraite");
		Visitor citizen = new Visitor(person);
		citizen.get("/selfdata/datasets/" + dataset + "/request");
		int calls = node.calls.size();

		Answer bad = citizen.post("/selfdata/datasets/" + dataset + "/request",
				Map.of("matching.email", "pas-un-courriel", "matching.card", "douze"));
		assertThat(bad.status()).isEqualTo(400);
		assertThat(bad.body()).contains("role=\"alert\"").contains("n’a pas la forme attendue")
				.contains("n’a pas le bon type").contains("id=\"f-0-error\"").contains("id=\"f-1-error\"")
				.contains("aria-describedby=\"f-0-error f-0-help\"").contains("href=\"#f-0\"")
				.contains("value=\"pas-un-courriel\"");
		assertThat(bad.body().split("aria-invalid=\"true\"", -1)).hasSize(3);

		Answer missing = citizen.post("/selfdata/datasets/" + dataset + "/request", Map.of("matching.card", "12"));
		assertThat(missing.status()).isEqualTo(400);
		assertThat(missing.body()).contains("Ce champ est obligatoire");
		assertThat(citizen.post("/selfdata/datasets/" + dataset + "/request", Map.of()).status()).isEqualTo(400);
		assertThat(requestsOf(person)).isZero();
		assertThat(node.calls).hasSize(calls);

		// without the CSRF token: refused before anything
		citizen.csrf = null;
		assertThat(citizen.post("/selfdata/datasets/" + dataset + "/request",
				Map.of("matching.email", "a@example.org")).status()).isEqualTo(403);
		assertThat(requestsOf(person)).isZero();
	}

	@Test
	void shouldGoFromTheFormToMyDataAndKeepItFromOthers() throws Exception {
		UUID producer = fixtures.organization("Collectes");
		var record = fixtures.dataset(producer, "API", node.url(), SelfdataFixtures.EMAIL_AND_CARD, false);
		String dataset = record.get("global_id").asString();
		node.gdataSuffix = record.at("/available_formats/0/media_id").asString();
		String email = SelfdataFixtures.unique("louise") + "@example.org";
		node.people.put(email, "Louise <Michel>");
		Visitor citizen = new Visitor(fixtures.person("louise"));
		citizen.get("/selfdata/datasets/" + dataset + "/request");
		Answer sent = citizen.post("/selfdata/datasets/" + dataset + "/request",
				Map.of("matching.email", email, "matching.card", ""));
		assertThat(sent.status()).isEqualTo(302);
		String requestPath = URI.create(sent.header("Location")).getPath();
		assertThat(requestPath).matches("/selfdata/requests/[0-9a-f-]{36}");
		String page = awaitStatus(citizen, requestPath, "COMPLETED");
		assertThat(page).contains("Données trouvées").contains("id=\"see-my-data\"").doesNotContain(email);

		Answer data = citizen.get("/selfdata/datasets/" + dataset + "/data");
		assertThat(data.status()).isEqualTo(200);
		assertThat(data.body()).contains("Louise &lt;Michel&gt;").contains("<svg id=\"tpbc-chart\" role=\"img\"")
				.contains("<title id=\"chart-title\">Pesées</title>").contains("id=\"tpbc-table\"").contains("12,5")
				.contains("9,75").contains("Obligation légale de conservation").doesNotContain("id=\"ask-erasure\"");
		Answer csv = citizen.get("/selfdata/datasets/" + dataset + "/gdata.csv");
		assertThat(csv.status()).isEqualTo(200);
		assertThat(csv.header("Content-Disposition")).contains("attachment").contains(".csv");
		assertThat(csv.body()).contains("Titulaire,STRING,Louise <Michel>");
		Answer json = citizen.get("/selfdata/datasets/" + dataset + "/tpbc.json?min-date=2024-01-01");
		assertThat(json.status()).isEqualTo(200);
		assertThat(json.body()).contains("\"Ordures ménagères\"");

		Answer badDates = citizen.get("/selfdata/datasets/" + dataset + "/data?min-date=hier&max-date=2024-01-01");
		assertThat(badDates.status()).isEqualTo(400);
		assertThat(badDates.body()).contains("id=\"min-date-error\"").contains("aria-invalid=\"true\"");
		assertThat(citizen.get("/selfdata/datasets/" + dataset + "/data?min-date=2024-05-01&max-date=2024-01-01")
				.status()).isEqualTo(400);
		assertThat(citizen.get("/selfdata/datasets/" + dataset + "/tpbc.csv?min-date=hier").status()).isEqualTo(400);

		// erasure is not offered (not deletable) and refused when posted anyway; rectification needs a message
		citizen.get("/selfdata/datasets/" + dataset + "/data");
		Answer erasure = citizen.post("/selfdata/datasets/" + dataset + "/erasure", Map.of());
		assertThat(erasure.status()).isEqualTo(302);
		assertThat(citizen.get(URI.create(erasure.header("Location")).getPath()).body())
				.contains("Le producteur conserve ces données : elles ne peuvent pas être effacées.");
		Answer rectification = citizen.post("/selfdata/datasets/" + dataset + "/rectification", Map.of("message", " "));
		assertThat(rectification.status()).isEqualTo(302);
		assertThat(citizen.get("/selfdata/datasets/" + dataset + "/data").body())
				.contains("Une information obligatoire manque.");

		// who accessed my data lists my reads and the node's matching
		Answer accesses = citizen.get("/selfdata/accesses");
		assertThat(accesses.body()).contains("data-what=\"MATCHING\" data-actor-kind=\"NODE\"")
				.contains("data-what=\"GDATA\" data-actor-kind=\"CITIZEN\"");

		// another citizen: neither the request nor the data
		Visitor other = new Visitor(fixtures.person("curieux"));
		assertThat(other.get(requestPath).status()).isEqualTo(404);
		assertThat(other.get("/selfdata/datasets/" + dataset + "/data").status()).isEqualTo(404);
		assertThat(other.get("/selfdata/datasets/" + dataset + "/gdata.json").status()).isEqualTo(404);
		other.get("/selfdata/requests");
		assertThat(other.post(requestPath + "/cancel", Map.of()).status()).isEqualTo(404);

		// forgetting the link: the data page is gone, the request stays
		citizen.get("/selfdata/datasets/" + dataset + "/data");
		Answer forgot = citizen.post("/selfdata/datasets/" + dataset + "/forget", Map.of());
		assertThat(forgot.header("Location")).endsWith("/selfdata/data");
		assertThat(citizen.get("/selfdata/datasets/" + dataset + "/data").status()).isEqualTo(404);
		assertThat(citizen.get(requestPath).body()).contains("Lien oublié");
	}

	@Test
	void shouldTakeProofsAsMultipartWithTheTokenInTheAction() {
		UUID producer = fixtures.organization("Collectes");
		String dataset = fixtures.dataset(producer, "API", node.url(), SelfdataFixtures.EMAIL_AND_PROOF, true)
				.get("global_id").asString();
		Person person = fixtures.person("justifiee");
		Visitor citizen = new Visitor(person);
		Answer form = citizen.get("/selfdata/datasets/" + dataset + "/request");
		assertThat(form.body()).contains("enctype=\"multipart/form-data\"").contains("type=\"file\"")
				.contains("name=\"attachments.proof\"").contains("_csrf=");
		String action = "/selfdata/datasets/" + dataset + "/request?_csrf=" + encode(citizen.csrf);

		assertThat(citizen.multipart("/selfdata/datasets/" + dataset + "/request", Map.of("matching.email",
				"a@example.org"), Map.of("attachments.proof", new byte[] { 1, 2, 3 })).status()).isEqualTo(403);
		Answer noFile = citizen.multipart(action, Map.of("matching.email", "a@example.org"), Map.of());
		assertThat(noFile.status()).isEqualTo(400);
		assertThat(noFile.body()).contains("Ce champ est obligatoire").contains("aria-invalid=\"true\"");
		Answer tooLarge = citizen.multipart(action, Map.of("matching.email", "a@example.org"),
				Map.of("attachments.proof", new byte[65 * 1024]));
		assertThat(tooLarge.status()).isEqualTo(400);
		assertThat(tooLarge.body()).contains("le fichier est trop gros");
		assertThat(requestsOf(person)).isZero();

		Answer sent = citizen.multipart(action, Map.of("matching.email", "a@example.org"),
				Map.of("attachments.proof", "%PDF-1.4 preuve".getBytes(StandardCharsets.UTF_8)));
		assertThat(sent.status()).isEqualTo(302);
		Answer request = citizen.get(URI.create(sent.header("Location")).getPath());
		assertThat(request.body()).contains("data-status=\"MODERATION\"").contains("1 fichier, chiffré");
		assertThat(jdbc.sql("select count(*) from selfdata_attachments a join selfdata_requests r on r.id = a.request_id "
				+ "join accounts c on c.id = r.account_id where c.login = ?").param(person.login()).query(Long.class)
				.single()).isEqualTo(1);
	}

	@Test
	void shouldLetTheProducersMembersTreatAnOutTaskAndNobodyElse() {
		UUID producer = fixtures.organization("Guichet");
		Person member = fixtures.person("agente");
		fixtures.member(producer, member, "editor");
		String dataset = fixtures.dataset(producer, "OUT", node.url(), SelfdataFixtures.EMAIL_AND_CARD, true)
				.get("global_id").asString();
		Visitor citizen = new Visitor(fixtures.person("usager"));
		citizen.get("/selfdata/datasets/" + dataset + "/request");
		String email = SelfdataFixtures.unique("usager") + "@example.org";
		Answer sent = citizen.post("/selfdata/datasets/" + dataset + "/request", Map.of("matching.email", email));
		assertThat(sent.status()).isEqualTo(302);
		String requestPath = URI.create(sent.header("Location")).getPath();

		Visitor agent = new Visitor(member);
		Answer tasks = agent.get("/selfdata/tasks?organization=" + producer);
		assertThat(tasks.status()).isEqualTo(200);
		assertThat(tasks.body()).contains("data-kind=\"OUT\"").doesNotContain(email);
		Matcher link = Pattern.compile("href=\"(/selfdata/tasks/[0-9a-f-]{36})\"").matcher(tasks.body());
		assertThat(link.find()).isTrue();
		String taskPath = link.group(1);
		Answer task = agent.get(taskPath);
		assertThat(task.body()).contains(email).contains("id=\"treat-form\"");

		Answer noOutcome = agent.post(taskPath + "/treat", Map.of("message", "?"));
		assertThat(noOutcome.status()).isEqualTo(302);
		assertThat(agent.get(taskPath).body()).contains("Choisissez une des réponses proposées.");
		Answer wrongOutcome = agent.post(taskPath + "/treat", Map.of("outcome", "APPROVED"));
		assertThat(wrongOutcome.header("Location")).endsWith(taskPath);

		Visitor stranger = new Visitor(fixtures.person("intrus"));
		assertThat(stranger.get(taskPath).status()).isEqualTo(403);
		assertThat(stranger.get("/selfdata/tasks?organization=" + producer).status()).isEqualTo(403);
		stranger.get("/selfdata/tasks");
		assertThat(stranger.post(taskPath + "/treat", Map.of("outcome", "FOUND")).status()).isEqualTo(403);

		agent.get(taskPath);
		Answer treated = agent.post(taskPath + "/treat", Map.of("outcome", "FOUND", "message", "Envoyé par courrier"));
		assertThat(treated.header("Location")).contains("/selfdata/tasks?organization=" + producer);
		assertThat(agent.get(taskPath).body()).doesNotContain(email).doesNotContain("id=\"treat-form\"");
		Answer done = citizen.get(requestPath);
		assertThat(done.body()).contains("data-status=\"COMPLETED\"").contains("Envoyé par courrier")
				.contains("en dehors de Kerys");
		assertThat(citizen.get("/selfdata/accesses").body())
				.contains("data-what=\"MATCHING_VALUES\" data-actor-kind=\"PRODUCER\"");
	}
}
