package org.kerys.federation.internal.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

/** The outbound client of federation: internal addresses refused (redirects too), timeouts, size limit. */
class NodeOutboundHttpTests {

	HttpServer server;
	List<String> calls = new CopyOnWriteArrayList<>();

	@BeforeEach
	void start() throws IOException {
		server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		server.createContext("/", exchange -> {
			try (InputStream in = exchange.getRequestBody()) {
				String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
				String path = exchange.getRequestURI().getPath();
				calls.add(exchange.getRequestMethod() + " " + path + " " + body);
				switch (path) {
					case "/public/redirect-inside" -> redirect(exchange, 302, "/inside");
					case "/public/keep" -> redirect(exchange, 307, "/public/ok");
					case "/public/loop" -> redirect(exchange, 302, "/public/loop");
					case "/public/large" -> {
						exchange.sendResponseHeaders(200, 0);
						exchange.getResponseBody().write(new byte[4096]);
					}
					case "/public/slow" -> {
						sleep(1500);
						exchange.sendResponseHeaders(200, -1);
					}
					default -> {
						byte[] answer = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
						exchange.sendResponseHeaders(200, answer.length);
						exchange.getResponseBody().write(answer);
					}
				}
			}
			finally {
				exchange.close();
			}
		});
		server.start();
	}

	@AfterEach
	void stop() {
		server.stop(0);
	}

	static void redirect(com.sun.net.httpserver.HttpExchange exchange, int status, String location) throws IOException {
		exchange.getResponseHeaders().add("Location", location);
		exchange.sendResponseHeaders(status, -1);
	}

	static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}

	URI uri(String path) {
		return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
	}

	static OutboundSettings settings() {
		return new OutboundSettings(Duration.ofSeconds(2), Duration.ofMillis(700), DataSize.ofKilobytes(1), 3);
	}

	/** The real rules, except that paths under /public stand for a public address (the test server is local). */
	static OutboundHttp client() {
		return new OutboundHttp(settings(), (uri, allowPrivate) -> {
			if (!uri.getPath().startsWith("/public")) {
				Addresses.check(uri, allowPrivate);
			}
		});
	}

	@Test
	void shouldTellInternalAddressesFromPublicOnes() throws Exception {
		for (String internal : List.of("127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254",
				"224.0.0.1", "0.0.0.0", "100.64.0.1", "255.255.255.255", "::1", "fe80::1", "fc00::1", "fd12::1",
				"ff02::1", "::ffff:127.0.0.1", "::127.0.0.1", "64:ff9b::a00:1")) {
			assertThat(Addresses.isInternal(InetAddress.getByName(internal))).as(internal).isTrue();
		}
		for (String external : List.of("8.8.8.8", "193.51.24.1", "2001:4860:4860::8888", "64:ff9b::808:808")) {
			assertThat(Addresses.isInternal(InetAddress.getByName(external))).as(external).isFalse();
		}
	}

	@Test
	void shouldRefuseAnInternalAddressUnlessAllowed() throws Exception {
		OutboundHttp http = new OutboundHttp(settings());
		assertThatThrownBy(() -> http.get(uri("/x"), Map.of(), false)).isInstanceOf(AddressRefused.class)
				.hasMessageContaining("127.0.0.1");
		assertThatThrownBy(() -> http.get(URI.create("http://localhost:" + server.getAddress().getPort() + "/x"),
				Map.of(), false)).isInstanceOf(AddressRefused.class);
		assertThat(calls).isEmpty();
		assertThat(http.get(uri("/x"), Map.of(), true).status()).isEqualTo(200);
		assertThatThrownBy(() -> http.get(URI.create("file:///etc/passwd"), Map.of(), true))
				.isInstanceOf(OutboundRefused.class);
	}

	@Test
	void shouldNotFollowARedirectToAnInternalAddress() {
		assertThatThrownBy(() -> client().get(uri("/public/redirect-inside"), Map.of(), false))
				.isInstanceOf(AddressRefused.class);
		assertThat(calls).containsExactly("GET /public/redirect-inside ");
	}

	@Test
	void shouldFollowRedirectsKeepingThePutOf307AndStopAfterAFew() throws Exception {
		OutboundHttp.Response response = client().put(uri("/public/keep"), Map.of("Content-Type", "application/json"),
				"{\"a\":1}".getBytes(StandardCharsets.UTF_8), false);
		assertThat(response.status()).isEqualTo(200);
		assertThat(calls).containsExactly("PUT /public/keep {\"a\":1}", "PUT /public/ok {\"a\":1}");
		assertThatThrownBy(() -> client().get(uri("/public/loop"), Map.of(), false))
				.hasMessageContaining("Too many redirects");
		assertThat(calls).hasSize(2 + 4);
	}

	@Test
	void shouldLimitTheAnswerAndTheTime() {
		assertThatThrownBy(() -> client().get(uri("/public/large"), Map.of(), false))
				.isInstanceOf(OutboundRefused.class).hasMessageContaining("larger than");
		assertThatThrownBy(() -> client().get(uri("/public/slow"), Map.of(), false))
				.isInstanceOf(OutboundRefused.class).hasMessageContaining("in time");
	}
}
