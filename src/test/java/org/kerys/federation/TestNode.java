package org.kerys.federation;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;
import org.kerys.TestHttp;
import tools.jackson.databind.JsonNode;

/**
 * A RUDI producer node for tests: an HTTP server on 127.0.0.1 that records the integration reports it receives
 * ({@code PUT /api/v1/resources/{id}/report}, {@code PUT /api/v1/organizations/{id}/report}). It can be told to
 * answer 503 to the next few reports (a node that is down).
 */
final class TestNode implements AutoCloseable {

	record Received(String path, String authorization, JsonNode body) {
	}

	private final HttpServer server;
	private final List<Received> reports = new CopyOnWriteArrayList<>();
	private final AtomicInteger down = new AtomicInteger();
	private final AtomicInteger refused = new AtomicInteger();

	TestNode() throws IOException {
		server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		server.createContext("/api/v1/", exchange -> {
			try (InputStream in = exchange.getRequestBody()) {
				byte[] body = in.readAllBytes();
				// only reports count: a scheduled harvest (a GET) at the top of the hour must not take a 503 meant for one
				if ("PUT".equals(exchange.getRequestMethod()) && down.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
					refused.incrementAndGet();
					exchange.sendResponseHeaders(503, -1);
					return;
				}
				if ("PUT".equals(exchange.getRequestMethod()) && exchange.getRequestURI().getPath().endsWith("/report")) {
					reports.add(new Received(exchange.getRequestURI().getPath(),
							exchange.getRequestHeaders().getFirst("Authorization"),
							TestHttp.parse(new String(body, StandardCharsets.UTF_8))));
					exchange.sendResponseHeaders(202, -1);
					return;
				}
				exchange.sendResponseHeaders(404, -1);
			}
			finally {
				exchange.close();
			}
		});
		server.start();
	}

	/** The URL of the node's API, as an administrator registers it. */
	String url() {
		return "http://127.0.0.1:" + server.getAddress().getPort() + "/api/v1";
	}

	void downFor(int calls) {
		down.set(calls);
	}

	int refusedCalls() {
		return refused.get();
	}

	List<Received> reports() {
		return reports;
	}

	/** The report of this integration request, waiting up to {@code timeout} for it. */
	Optional<Received> awaitReport(String requestId, Duration timeout) throws InterruptedException {
		long end = System.nanoTime() + timeout.toNanos();
		while (System.nanoTime() < end) {
			for (Received received : reports) {
				if (requestId.equals(received.body().path("report_id").asString())) {
					return Optional.of(received);
				}
			}
			Thread.sleep(20);
		}
		return Optional.empty();
	}

	@Override
	public void close() {
		server.stop(0);
	}
}
