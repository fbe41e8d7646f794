package org.kerys.federation;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A forwarding HTTP proxy for tests of two Kerys instances: paths under {@code /a} go to the second instance (whose
 * port is known only once it started), every other path to the first; the first can be made "down" (every call it
 * would get is answered 503), as a portal that is unavailable.
 */
final class SwitchableProxy implements AutoCloseable {

	private static final List<String> FORWARDED = List.of("Authorization", "Content-Type", "Accept", "Accept-Language");

	private final HttpServer server;
	private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
	private final int upstreamPort;
	private volatile int nodePort;
	private volatile boolean upstreamDown;

	SwitchableProxy(int upstreamPort) throws IOException {
		this.upstreamPort = upstreamPort;
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		server.createContext("/", this::forward);
		server.setExecutor(Executors.newFixedThreadPool(8));
		server.start();
	}

	String url() {
		return "http://127.0.0.1:" + server.getAddress().getPort();
	}

	void nodePort(int port) {
		this.nodePort = port;
	}

	void upstreamDown(boolean down) {
		this.upstreamDown = down;
	}

	private void forward(HttpExchange exchange) throws IOException {
		try (exchange) {
			String path = exchange.getRequestURI().getRawPath();
			String query = exchange.getRequestURI().getRawQuery();
			boolean toNode = path.startsWith("/a/");
			if (!toNode && upstreamDown) {
				exchange.sendResponseHeaders(503, -1);
				return;
			}
			int port = toNode ? nodePort : upstreamPort;
			String target = "http://localhost:" + port + (toNode ? path.substring(2) : path)
					+ (query == null ? "" : "?" + query);
			byte[] body;
			try (InputStream in = exchange.getRequestBody()) {
				body = in.readAllBytes();
			}
			HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(target)).timeout(Duration.ofSeconds(20))
					.method(exchange.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
							: HttpRequest.BodyPublishers.ofByteArray(body));
			for (String header : FORWARDED) {
				String value = exchange.getRequestHeaders().getFirst(header);
				if (value != null) {
					request.header(header, value);
				}
			}
			HttpResponse<byte[]> response;
			try {
				response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
			}
			catch (IOException e) {
				exchange.sendResponseHeaders(502, -1);
				return;
			}
			catch (InterruptedException e) {
				Thread.currentThread().interrupt();
				exchange.sendResponseHeaders(502, -1);
				return;
			}
			response.headers().firstValue("Content-Type")
					.ifPresent(type -> exchange.getResponseHeaders().add("Content-Type", type));
			byte[] answer = response.body();
			exchange.sendResponseHeaders(response.statusCode(), answer.length == 0 ? -1 : answer.length);
			if (answer.length > 0) {
				try (OutputStream out = exchange.getResponseBody()) {
					out.write(answer);
				}
			}
		}
	}

	@Override
	public void close() {
		server.stop(0);
	}
}
