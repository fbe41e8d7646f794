package org.kerys.federation.internal.harvest.rudi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;
import org.kerys.federation.internal.harvest.RemoteCatalogue;
import org.kerys.federation.internal.outbound.OutboundHttp;
import org.kerys.federation.internal.outbound.OutboundSettings;
import org.springframework.util.unit.DataSize;

/** The RUDI reader alone, against a small server: slow nodes, bare arrays, deletions, addresses. */
class HarvestRudiReaderTests {

	private static final OutboundHttp http = new OutboundHttp(
			new OutboundSettings(Duration.ofSeconds(2), Duration.ofMillis(400), DataSize.ofMegabytes(1), 3));

	/** A server answering {@code answer(query)} at /api/v1/resources; the queries it got. */
	record Server(HttpServer server, List<String> queries) implements AutoCloseable {

		static Server of(long delayMillis, Function<String, String> answer) throws IOException {
			List<String> queries = new CopyOnWriteArrayList<>();
			HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
			server.createContext("/api/v1/resources", exchange -> {
				try (exchange) {
					String query = exchange.getRequestURI().getRawQuery();
					queries.add(query);
					try {
						Thread.sleep(delayMillis);
					}
					catch (InterruptedException e) {
						Thread.currentThread().interrupt();
					}
					byte[] body = answer.apply(query).getBytes(StandardCharsets.UTF_8);
					exchange.sendResponseHeaders(200, body.length);
					try (OutputStream out = exchange.getResponseBody()) {
						out.write(body);
					}
				}
				catch (IOException e) {
					// the client gave up (slow node)
				}
			});
			server.start();
			return new Server(server, queries);
		}

		URI api() {
			return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/api/v1");
		}

		@Override
		public void close() {
			server.stop(0);
		}
	}

	@Test
	void shouldFailOnANodeSlowerThanTheDeadline() throws Exception {
		try (Server slow = Server.of(1500, query -> "{\"total\": 0, \"items\": []}")) {
			RudiNodeCatalogue reader = new RudiNodeCatalogue(slow.api(), http, true);
			long start = System.nanoTime();
			assertThatThrownBy(() -> reader.page(null, null)).isInstanceOf(RemoteCatalogue.HarvestFailure.class)
					.hasMessageContaining("in time");
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1400));
		}
	}

	@Test
	void shouldPageABareArrayAndReadDeletions() throws Exception {
		String past = "{\"global_id\": \"%s\", \"dataset_dates\": {\"updated\": \"2024-01-01T00:00:00Z\", \"deleted\": \"2024-01-02T00:00:00Z\"}}";
		String future = "{\"global_id\": \"%s\", \"dataset_dates\": {\"updated\": \"2024-01-01T00:00:00Z\", \"deleted\": \"2999-01-02T00:00:00Z\"}}";
		try (Server server = Server.of(0, query -> query.contains("offset=0")
				? "[" + past.formatted("a") + "," + future.formatted("b") + "]" : "[{\"no\": \"id\"}]")) {
			RudiNodeCatalogue reader = new RudiNodeCatalogue(server.api(), http, true, 2);
			RemoteCatalogue.Page first = reader.page(null, Instant.parse("2024-01-01T00:00:00Z"));
			assertThat(first.entries()).extracting(RemoteCatalogue.Entry::remoteId).containsExactly("a", "b");
			assertThat(first.entries()).extracting(RemoteCatalogue.Entry::deleted).containsExactly(true, false);
			assertThat(first.next()).isNotNull();
			assertThat(server.queries().get(0)).contains("limit=2").contains("offset=0")
					.contains("updated_after=2024-01-01T00%3A00%3A00Z");
			RemoteCatalogue.Page second = reader.page(first.next(), null);
			assertThat(second.next()).isNull();
			assertThat(second.entries().get(0).problem()).contains("global_id");
		}
	}

	@Test
	void shouldRefuseAnAnswerThatIsNotACatalogue() throws Exception {
		try (Server server = Server.of(0, query -> "{\"total\": \"many\", \"items\": []}")) {
			assertThatThrownBy(() -> new RudiNodeCatalogue(server.api(), http, true).page(null, null))
					.isInstanceOf(RemoteCatalogue.HarvestFailure.class).hasMessageContaining("total");
		}
		try (Server server = Server.of(0, query -> "\"hello\"")) {
			assertThatThrownBy(() -> new RudiNodeCatalogue(server.api(), http, true).page(null, null))
					.isInstanceOf(RemoteCatalogue.HarvestFailure.class);
		}
	}

	@Test
	void shouldRefuseAPrivateAddressUnlessAllowed() {
		RudiNodeCatalogue reader = new RudiNodeCatalogue(URI.create("http://127.0.0.1:9/api/v1"), http, false);
		assertThatThrownBy(() -> reader.page(null, null)).isInstanceOf(RemoteCatalogue.HarvestFailure.class)
				.hasMessageContaining("Refused");
	}

	@Test
	void shouldFindTheApiOfANode() {
		assertThat(RudiNodeCatalogue.apiOf("https://node.example.org", null))
				.hasToString("https://node.example.org/api/v1");
		assertThat(RudiNodeCatalogue.apiOf("https://node.example.org/api/v1/", null))
				.hasToString("https://node.example.org/api/v1");
		assertThat(RudiNodeCatalogue.apiOf("https://node.example.org/rudi", "/api/v2"))
				.hasToString("https://node.example.org/rudi/api/v2");
		assertThat(RudiNodeCatalogue.apiOf("https://node.example.org/api", "")).hasToString("https://node.example.org/api");
	}
}
