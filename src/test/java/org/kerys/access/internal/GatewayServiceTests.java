package org.kerys.access.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kerys.KerysHttpTest;
import org.kerys.RudiRecords;
import org.kerys.TestHttp;
import org.kerys.TestHttp.Answer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.util.unit.DataSize;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The gateway's proxy to SERVICE media, over HTTP end to end: a client → Kerys → a producer's service played by a
 * server inside the test. Here in {@code access.internal} to set the proxy's limits (short timeouts, the test's
 * service on the loopback allowed) and to put them back afterwards.
 */
@KerysHttpTest
class GatewayServiceTests {

	private static final int LIMIT = 100 * 1024;

	@LocalServerPort
	int port;

	@Autowired
	ServiceProxy proxy;

	@Autowired
	JdbcClient jdbc;

	HttpServer upstream;

	GatewaySettings original;

	final Queue<String> calls = new ConcurrentLinkedQueue<>();

	@BeforeEach
	void start() throws IOException {
		upstream = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		upstream.createContext("/api/echo", exchange -> {
			byte[] body = exchange.getRequestBody().readAllBytes();
			var headers = exchange.getRequestHeaders();
			calls.add(exchange.getRequestMethod() + " " + exchange.getRequestURI());
			String answer = """
					{"method": "%s", "uri": "%s", "received": %d, "authorization": "%s", "cookie": "%s", \
					"key": "%s", "accept": "%s"}""".formatted(exchange.getRequestMethod(), exchange.getRequestURI(),
					body.length, headers.getFirst("Authorization"), headers.getFirst("Cookie"),
					headers.getFirst("X-Api-Key"), headers.getFirst("Accept"));
			exchange.getResponseHeaders().add("Content-Type", "application/json");
			exchange.getResponseHeaders().add("Set-Cookie", "upstream=secret");
			exchange.getResponseHeaders().add("X-Upstream", "yes");
			send(exchange, exchange.getRequestMethod().equals("POST") ? 201 : 200, answer.getBytes(StandardCharsets.UTF_8));
		});
		upstream.createContext("/api/hang", exchange -> {
			calls.add("hang");
			sleep(3_000);
			send(exchange, 200, "late".getBytes(StandardCharsets.UTF_8));
		});
		upstream.createContext("/api/announced", exchange -> send(exchange, 200, new byte[LIMIT + 1]));
		upstream.createContext("/api/streamed", exchange -> {
			exchange.sendResponseHeaders(200, 0); // chunked: the size is known only at the end
			try (OutputStream out = exchange.getResponseBody()) {
				for (int i = 0; i < 40; i++) {
					out.write(new byte[8 * 1024]);
				}
			}
			catch (IOException e) {
				// the gateway hung up at its limit
			}
		});
		upstream.createContext("/api/redirect-inside", exchange -> {
			calls.add("redirect");
			exchange.getResponseHeaders().add("Location",
					"http://localhost:" + upstream.getAddress().getPort() + "/api/echo");
			exchange.sendResponseHeaders(302, -1);
			exchange.close();
		});
		upstream.start();
		original = proxy.settings();
	}

	@AfterEach
	void stop() {
		proxy.settings(original);
		upstream.stop(0);
	}

	static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
		exchange.sendResponseHeaders(status, body.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(body);
		}
	}

	static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}

	String base() {
		return "http://127.0.0.1:" + upstream.getAddress().getPort() + "/api";
	}

	/** Short limits; the test's service (on the loopback) allowed, with the producer's key. */
	void allowTheTestService() {
		proxy.settings(new GatewaySettings(Duration.ofSeconds(2), Duration.ofMillis(700), Duration.ofSeconds(5),
				DataSize.ofBytes(LIMIT), false, 3, List.of(new GatewaySettings.Service(base() + "/", true,
						Map.of("X-Api-Key", "producer-secret")))));
	}

	/** An open or restricted dataset with one SERVICE media at {@code url}; the gateway path of the media. */
	String dataset(String url, boolean restricted, UUID producer) {
		ObjectNode record = RudiRecords.open("Service " + UUID.randomUUID(), producer, "Producteur",
				"d41d8cd98f00b204e9800998ecf8427e", 0);
		ObjectNode media = (ObjectNode) record.at("/available_formats/0");
		media.put("media_type", "SERVICE");
		media.remove(List.of("file_type", "file_size", "checksum"));
		((ObjectNode) media.get("connector")).put("url", url).put("interface_contract", "external");
		((ObjectNode) record.at("/access_condition/confidentiality")).put("restricted_access", restricted);
		Answer created = TestHttp.admin(port).post("/api/v1/resources", RudiRecords.write(record));
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		return "/gateway/datasets/" + record.get("global_id").asString() + "/media/" + media.get("media_id").asString();
	}

	String dataset(String url) {
		return dataset(url, false, UUID.randomUUID());
	}

	static void assertProblem(Answer answer, int status, String code) {
		assertThat(answer.status()).as(answer.body()).isEqualTo(status);
		assertThat(answer.json().get("code").asString()).isEqualTo(code);
	}

	@Test
	void shouldRefuseAServiceOnAPrivateAddressUnlessTheConfigurationAllowsIt() {
		String gateway = dataset(base() + "/echo");
		assertProblem(TestHttp.anonymous(port).get(gateway), 502, "KRS-502-GATEWAY-ADDRESS");
		assertThat(calls).isEmpty();
		allowTheTestService();
		assertThat(TestHttp.anonymous(port).get(gateway).status()).isEqualTo(200);
	}

	@Test
	void shouldForwardMethodPathQueryAndBodyAndAddOnlyTheProducersCredentials() throws Exception {
		allowTheTestService();
		String gateway = dataset(base() + "/echo?format=json");
		Answer got = TestHttp.anonymous(port).get(gateway + "/stops/12?line=C1&page=2");
		assertThat(got.status()).as(got.body()).isEqualTo(200);
		JsonNode echo = got.json();
		assertThat(echo.get("method").asString()).isEqualTo("GET");
		assertThat(echo.get("uri").asString()).isEqualTo("/api/echo/stops/12?format=json&line=C1&page=2");
		assertThat(echo.get("key").asString()).isEqualTo("producer-secret");
		assertThat(got.header("X-Upstream")).isEqualTo("yes");
		assertThat(got.header("Set-Cookie")).isNull();
		assertThat(got.header("Content-Type")).isEqualTo("application/json");

		// a large body goes up as it comes (the admin passes the security rules for writes; its token stays here)
		TestHttp admin = TestHttp.admin(port);
		byte[] body = new byte[3 * 1024 * 1024];
		Answer posted = admin.send(admin.request(gateway).header("Content-Type", "application/octet-stream")
				.header("Cookie", "kerys=session").POST(HttpRequest.BodyPublishers.ofByteArray(body)));
		assertThat(posted.status()).as(posted.body()).isEqualTo(201);
		assertThat(posted.json().get("received").asLong()).isEqualTo(body.length);
		assertThat(posted.json().get("authorization").asString()).isEqualTo("null");
		assertThat(posted.json().get("cookie").asString()).isEqualTo("null");
		assertThat(posted.json().get("key").asString()).isEqualTo("producer-secret");
		// no climbing above the service's base (the server's firewall or the gateway refuses it)
		Answer climbing = TestHttp.anonymous(port).get(gateway + "/%2e%2e/secret");
		assertThat(climbing.status()).isEqualTo(400);
		assertThat(climbing.json().get("code").asString()).startsWith("KRS-400");
	}

	@Test
	void shouldAnswer504WhenTheServiceHangs() {
		allowTheTestService();
		long started = System.nanoTime();
		assertProblem(TestHttp.anonymous(port).get(dataset(base() + "/hang")), 504, "KRS-504-GATEWAY-TIMEOUT");
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(2_500));
	}

	@Test
	void shouldRefuseAnAnnouncedTooLargeAnswerAndCutAStreamedOne() throws Exception {
		allowTheTestService();
		assertProblem(TestHttp.anonymous(port).get(dataset(base() + "/announced")), 502, "KRS-502-GATEWAY-TOO-LARGE");

		// 320 KiB sent in chunks: the caller gets the first LIMIT bytes, then the connection closes without the
		// last chunk, so the answer is visibly incomplete
		HttpRequest request = HttpRequest.newBuilder(
				java.net.URI.create("http://localhost:" + port + dataset(base() + "/streamed"))).build();
		HttpResponse<InputStream> response = HttpClient.newHttpClient().send(request,
				HttpResponse.BodyHandlers.ofInputStream());
		assertThat(response.statusCode()).isEqualTo(200);
		java.io.ByteArrayOutputStream read = new java.io.ByteArrayOutputStream();
		Throwable failure = catchThrowable(() -> {
			try (InputStream in = response.body()) {
				in.transferTo(read);
			}
		});
		assertThat(failure).isInstanceOf(IOException.class);
		byte[] got = read.toByteArray();
		// never more than the limit passes, and nothing follows the cut (Boot's /error writes nothing into an answer
		// already committed: ProblemErrorController); what the response buffer held when the connection closed may
		// be lost with it, so the caller gets at most the first LIMIT bytes, exactly as the service sent them
		assertThat(got.length).isPositive().isLessThanOrEqualTo(LIMIT);
		assertThat(got).isEqualTo(new byte[got.length]);
	}

	@Test
	void shouldNotFollowARedirectToAPrivateAddressNorCarryTheCredentialsThere() {
		allowTheTestService();
		assertProblem(TestHttp.anonymous(port).get(dataset(base() + "/redirect-inside")), 502,
				"KRS-502-GATEWAY-ADDRESS");
		assertThat(calls).containsExactly("redirect");
	}

	@Test
	void shouldDecideMeterAndAuditARestrictedServiceLikeAFile() {
		allowTheTestService();
		UUID producer = organization();
		String editor = person();
		TestHttp.admin(port).post("/api/organizations/" + producer + "/members",
				"{\"login\": \"" + login(editor) + "\", \"role\": \"editor\"}");
		String reuser = person();
		String gateway = dataset(base() + "/echo", true, producer);
		String datasetId = gateway.split("/")[3];
		String mediaId = gateway.split("/")[5];
		String project = bearer(reuser).post("/api/projects",
				"{\"title\": \"Projet " + UUID.randomUUID() + "\", \"type\": \"application\"}").json().get("id").asString();
		TestHttp client = client(reuser, project);
		assertProblem(client.get(gateway), 403, "KRS-403-NO-AGREEMENT");
		assertThat(calls).isEmpty();

		String request = bearer(reuser).post("/api/projects/" + project + "/access-requests",
				"{\"dataset_id\": \"" + datasetId + "\", \"purpose\": \"Étude\"}").json().get("id").asString();
		Answer accepted = bearer(editor).post("/api/access-requests/" + request + "/accept", "{}");
		assertThat(accepted.status()).as(accepted.body()).isEqualTo(201);
		String agreement = accepted.json().get("agreement_id").asString();
		Answer served = client.get(gateway + "/today");
		assertThat(served.status()).as(served.body()).isEqualTo(200);
		assertThat(served.json().get("authorization").asString()).isEqualTo("null");

		// PATCH goes up too, with its body
		byte[] patch = new byte[5000];
		Answer patched = client.send(client.request(gateway + "/items/3").header("Content-Type", "application/json")
				.method("PATCH", HttpRequest.BodyPublishers.ofByteArray(patch)));
		assertThat(patched.status()).as(patched.body()).isEqualTo(200);
		assertThat(patched.json().get("method").asString()).isEqualTo("PATCH");
		assertThat(patched.json().get("uri").asString()).endsWith("/echo/items/3");
		assertThat(patched.json().get("received").asLong()).isEqualTo(patch.length);
		assertThat(patched.json().get("authorization").asString()).isEqualTo("null");
		assertThat(patched.json().get("key").asString()).isEqualTo("producer-secret");
		assertThat(patched.header("Set-Cookie")).isNull();

		long down = served.body().getBytes(StandardCharsets.UTF_8).length
				+ patched.body().getBytes(StandardCharsets.UTF_8).length;
		JsonNode usage = bearer(reuser).get("/api/agreements/" + agreement + "/usage").json();
		assertThat(usage.at("/statuses/200").asLong()).isEqualTo(2);
		assertThat(usage.get("bytes_in").asLong()).isEqualTo(patch.length);
		assertThat(usage.get("bytes_out").asLong()).isEqualTo(down);
		assertThat(usage.get("bytes").asLong()).isEqualTo(patch.length + down);
		assertThat(usage.at("/days/0/bytes_in").asLong()).isEqualTo(patch.length);
		assertThat(jdbc.sql("select count(*) from audit_entries where action = 'gateway.access' and target_id = ? "
				+ "and details->>'status' = '200' and details->>'bytes_in' is not null").param(mediaId).query(Long.class).single())
				.isEqualTo(2);
	}

	// the reusers' side, as GatewayTests does it (its helpers are in another package)

	UUID organization() {
		UUID id = UUID.randomUUID();
		Answer created = TestHttp.admin(port).post("/api/v1/organizations",
				"{\"organization_id\": \"" + id + "\", \"organization_name\": \"Producteur " + id + "\"}");
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		return id;
	}

	/** A new person; "login token". */
	String person() {
		String login = "gw-" + UUID.randomUUID().toString().substring(0, 8);
		String password = "Kerys-pass " + UUID.randomUUID();
		assertThat(TestHttp.admin(port).post("/api/admin/users", """
				{"login": "%s", "email": "%s@example.org", "password": "%s", "platform_roles": []}"""
				.formatted(login, login, password)).status()).isEqualTo(201);
		Answer token = TestHttp.basic(port, login, password).post("/api/auth/token", "{\"scopes\": []}");
		assertThat(token.status()).as(token.body()).isEqualTo(201);
		return login + " " + token.json().get("token").asString();
	}

	static String login(String person) {
		return person.split(" ")[0];
	}

	TestHttp bearer(String person) {
		return TestHttp.anonymous(port).withHeader("Authorization", "Bearer " + person.split(" ")[1]);
	}

	TestHttp client(String owner, String project) {
		Answer created = bearer(owner).post("/api/projects/" + project + "/clients", "{}");
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		Answer token = TestHttp.clientCredentials(port, created.json().get("client_id").asString(),
				created.json().get("client_secret").asString());
		assertThat(token.status()).as(token.body()).isEqualTo(200);
		return TestHttp.anonymous(port).withHeader("Authorization", "Bearer " + token.json().get("access_token").asString());
	}
}
