package org.kerys.access.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.kerys.platform.OutboundAddresses;
import org.kerys.platform.ProblemException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Forwards one gateway call to a producer's service (a SERVICE media's {@code connector.url}), once the gateway has
 * decided: method, path suffix, query and body go up, status, headers and body come back, both streamed in constant
 * memory. Hop-by-hop headers and the caller's credentials (Authorization, Cookie) never go up; the producer's
 * configured credentials do. Only public addresses are called unless the configuration allows the private network
 * for that service, redirects included (followed here for GET and HEAD, each target checked).
 */
@Component
class ServiceProxy {

	/** Headers of one connection only (RFC 9110 §7.6.1), and those the connection sets itself. */
	private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-authenticate",
			"proxy-authorization", "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade", "host",
			"content-length", "expect");

	/** The caller's credentials are for Kerys, not for the producer; the producer's cookies are not for the caller. */
	private static final Set<String> PRIVATE = Set.of("authorization", "cookie", "set-cookie");

	/** The methods forwarded (CONNECT and TRACE are refused). */
	private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH");

	private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);

	static {
		// The JDK keeps 5 idle connections per service by default (read once, when its keep-alive cache loads): with
		// more concurrent calls to one service, the others are closed after each call and the next opens a new one.
		if (System.getProperty("http.maxConnections") == null) {
			System.setProperty("http.maxConnections", "64");
		}
	}

	private volatile GatewaySettings settings;

	ServiceProxy(GatewaySettings settings) {
		this.settings = settings;
	}

	/** Replaces the settings (tests: short timeouts, the test's upstream on the loopback). */
	void settings(GatewaySettings settings) {
		this.settings = settings;
	}

	GatewaySettings settings() {
		return settings;
	}

	/** What one call did, for metering and the audit ledger: the status answered, body bytes up and down. */
	static final class Exchange {

		int status = 502;

		long bytesIn;

		long bytesOut;
	}

	/**
	 * A call stopped after its answer started (too large, too slow): the connection to the caller is closed without
	 * the end of the body, so that the caller sees a truncated answer, never a complete-looking one.
	 */
	static final class Cut extends IOException {

		Cut(String message, Throwable cause) {
			super(message, cause);
		}
	}

	void forward(String connectorUrl, String suffix, HttpServletRequest request, HttpServletResponse response,
			Exchange exchange) throws IOException {
		GatewaySettings limits = this.settings;
		String method = request.getMethod().toUpperCase(Locale.ROOT);
		if (!METHODS.contains(method)) {
			throw new ProblemException(HttpStatus.METHOD_NOT_ALLOWED, "KRS-405-GATEWAY-METHOD",
					"The gateway forwards GET, HEAD, POST, PUT, PATCH, DELETE and OPTIONS.");
		}
		URI target = target(connectorUrl, suffix, request.getQueryString());
		long deadline = System.nanoTime() + limits.totalTimeout().toNanos();
		if (method.equals("PATCH")) { // the JDK's HttpURLConnection cannot send PATCH; its HttpClient can
			answer(patch(target, request, limits, deadline, exchange), method, response, limits, deadline, exchange);
			return;
		}
		HttpURLConnection connection = null;
		for (int hop = 0;; hop++) {
			connection = open(target, method, request, limits, deadline, hop == 0, exchange);
			int status;
			try {
				status = connection.getResponseCode();
			}
			catch (SocketTimeoutException e) {
				connection.disconnect();
				throw timeout(target);
			}
			catch (IOException e) {
				connection.disconnect();
				throw unreachable(target, e);
			}
			String location = connection.getHeaderField("Location");
			if (!REDIRECTS.contains(status) || location == null || !(method.equals("GET") || method.equals("HEAD"))
					|| hop >= limits.maxRedirects()) {
				exchange.status = status;
				break;
			}
			drain(connection);
			try {
				target = target.resolve(location.strip());
			}
			catch (IllegalArgumentException e) {
				throw new ProblemException(HttpStatus.BAD_GATEWAY, "KRS-502-GATEWAY-UPSTREAM",
						"The producer's service redirected to an unreadable address.");
			}
		}
		HttpURLConnection answered = connection;
		answer(new Upstream(answered.getHeaderFields(), answered.getContentLengthLong(), body(answered, exchange.status),
				answered::disconnect), method, response, limits, deadline, exchange);
	}

	/** A service's answer, whichever client called it: headers, announced length (-1: unknown), body, how to abort. */
	private record Upstream(Map<String, List<String>> headers, long announced, InputStream body, Runnable abort) {
	}

	/** A PATCH, through the JDK's HttpClient (same checks, headers, credentials and limits; no redirect followed). */
	private Upstream patch(URI target, HttpServletRequest request, GatewaySettings limits, long deadline,
			Exchange exchange) throws IOException {
		Optional<GatewaySettings.Service> service = checked(target, limits);
		HttpRequest.Builder call = HttpRequest.newBuilder(target)
				.timeout(Duration.ofMillis(timeout(limits.readTimeout().toMillis(), deadline)));
		for (String name : Collections.list(request.getHeaderNames())) {
			if (forwarded(name)) {
				for (String value : Collections.list(request.getHeaders(name))) {
					try {
						call.header(name, value);
					}
					catch (IllegalArgumentException e) {
						// a header the client may not send: not forwarded
					}
				}
			}
		}
		service.ifPresent(s -> s.headers().forEach(call::setHeader));
		long length = request.getContentLengthLong();
		InputStream up = new java.io.FilterInputStream(request.getInputStream()) {
			@Override
			public int read() throws IOException {
				int b = super.read();
				exchange.bytesIn += b < 0 ? 0 : 1;
				return b;
			}

			@Override
			public int read(byte[] buffer, int offset, int count) throws IOException {
				int read = super.read(buffer, offset, count);
				exchange.bytesIn += Math.max(0, read);
				return read;
			}
		};
		HttpRequest.BodyPublisher body = length == 0 ? HttpRequest.BodyPublishers.noBody()
				: length > 0 ? HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(() -> up),
						length)
						: HttpRequest.BodyPublishers.ofInputStream(() -> up);
		HttpResponse<InputStream> answer;
		try {
			answer = client(limits).send(call.method("PATCH", body).build(), HttpResponse.BodyHandlers.ofInputStream());
		}
		catch (HttpTimeoutException e) {
			throw timeout(target);
		}
		catch (IOException e) {
			throw unreachable(target, e);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw unreachable(target, new java.io.InterruptedIOException());
		}
		exchange.status = answer.statusCode();
		InputStream in = answer.body();
		return new Upstream(answer.headers().map(), answer.headers().firstValueAsLong("Content-Length").orElse(-1), in,
				() -> {
					try {
						in.close();
					}
					catch (IOException e) {
						// closing is all that is left to do
					}
				});
	}

	/** The HttpClient for PATCH, made again when the settings (its connect timeout) change. */
	private HttpClient client(GatewaySettings limits) {
		Clients current = clients;
		if (current == null || current.settings() != limits) {
			current = new Clients(limits, HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
					.followRedirects(HttpClient.Redirect.NEVER).proxy(HttpClient.Builder.NO_PROXY)
					.connectTimeout(limits.connectTimeout()).build());
			clients = current;
		}
		return current.client();
	}

	private record Clients(GatewaySettings settings, HttpClient client) {
	}

	private volatile Clients clients;

	/** The service's base URL, the caller's path below the media and the caller's query (after the base's own). */
	static URI target(String connectorUrl, String suffix, String query) {
		try {
			URI base = URI.create(connectorUrl.strip());
			if (base.getRawAuthority() == null || base.getScheme() == null) {
				throw new IllegalArgumentException("not absolute");
			}
			String path = base.getRawPath() == null ? "" : base.getRawPath();
			if (!suffix.isEmpty()) {
				path = (path.endsWith("/") ? path.substring(0, path.length() - 1) : path) + suffix;
			}
			String queries = base.getRawQuery() == null ? query
					: query == null || query.isEmpty() ? base.getRawQuery() : base.getRawQuery() + "&" + query;
			return URI.create(base.getScheme() + "://" + base.getRawAuthority() + (path.isEmpty() ? "/" : path)
					+ (queries == null || queries.isEmpty() ? "" : "?" + queries));
		}
		catch (IllegalArgumentException e) {
			throw new ProblemException(HttpStatus.BAD_GATEWAY, "KRS-502-GATEWAY-UPSTREAM",
					"The address of the producer's service is unreadable.");
		}
	}

	private HttpURLConnection open(URI target, String method, HttpServletRequest request, GatewaySettings limits,
			long deadline, boolean first, Exchange exchange) throws IOException {
		Optional<GatewaySettings.Service> service = checked(target, limits);
		HttpURLConnection connection = (HttpURLConnection) target.toURL().openConnection(Proxy.NO_PROXY);
		connection.setInstanceFollowRedirects(false);
		connection.setUseCaches(false);
		connection.setConnectTimeout(timeout(limits.connectTimeout().toMillis(), deadline));
		connection.setReadTimeout(timeout(limits.readTimeout().toMillis(), deadline));
		connection.setRequestMethod(method);
		for (String name : Collections.list(request.getHeaderNames())) {
			if (forwarded(name)) {
				for (String value : Collections.list(request.getHeaders(name))) {
					connection.addRequestProperty(name, value);
				}
			}
		}
		service.ifPresent(s -> s.headers().forEach(connection::setRequestProperty));
		long length = request.getContentLengthLong();
		boolean body = first && !method.equals("GET") && !method.equals("HEAD")
				&& (length > 0 || request.getHeader("Transfer-Encoding") != null);
		try {
			if (body) {
				connection.setDoOutput(true);
				if (length >= 0) {
					connection.setFixedLengthStreamingMode(length);
				}
				else {
					connection.setChunkedStreamingMode(16 * 1024);
				}
				try (InputStream in = request.getInputStream(); OutputStream out = connection.getOutputStream()) {
					exchange.bytesIn += in.transferTo(out);
				}
			}
			else {
				connection.connect();
			}
		}
		catch (SocketTimeoutException e) {
			connection.disconnect();
			throw timeout(target);
		}
		catch (IOException e) {
			connection.disconnect();
			throw unreachable(target, e);
		}
		return connection;
	}

	/** The producer's settings for this address, once the address is checked (a private one only when allowed). */
	private static Optional<GatewaySettings.Service> checked(URI target, GatewaySettings limits) {
		Optional<GatewaySettings.Service> service = service(target, limits);
		try {
			OutboundAddresses.check(target,
					limits.allowPrivate() || service.map(GatewaySettings.Service::allowPrivate).orElse(false));
		}
		catch (OutboundAddresses.Refused e) {
			if (e.internal()) {
				throw new ProblemException(HttpStatus.BAD_GATEWAY, "KRS-502-GATEWAY-ADDRESS",
						"The producer's service is on a private network address, which this gateway may not call.");
			}
			throw new ProblemException(HttpStatus.BAD_GATEWAY, "KRS-502-GATEWAY-UPSTREAM",
					"The producer's service cannot be called: " + e.getMessage());
		}
		return service;
	}

	/** Whether the caller's header goes up to the producer: not hop-by-hop, not the caller's credentials. */
	private static boolean forwarded(String name) {
		String lower = name.toLowerCase(Locale.ROOT);
		return !(HOP_BY_HOP.contains(lower) || PRIVATE.contains(lower) || lower.startsWith("proxy-")
				|| lower.startsWith(":"));
	}

	private void answer(Upstream upstream, String method, HttpServletResponse response,
			GatewaySettings limits, long deadline, Exchange exchange) throws IOException {
		long limit = limits.maxResponseSize().toBytes();
		long announced = upstream.announced();
		if (announced > limit) {
			upstream.abort().run();
			throw new ProblemException(HttpStatus.BAD_GATEWAY, "KRS-502-GATEWAY-TOO-LARGE",
					"The producer's service answers more than this gateway passes on (" + limit + " bytes).");
		}
		response.setStatus(exchange.status);
		for (Map.Entry<String, List<String>> header : upstream.headers().entrySet()) {
			String name = header.getKey();
			if (name == null || !forwarded(name)) { // null: the status line
				continue;
			}
			for (String value : header.getValue()) {
				response.addHeader(name, value);
			}
		}
		if (announced >= 0) {
			response.setContentLengthLong(announced);
		}
		InputStream in = upstream.body();
		if (in == null || method.equals("HEAD")) {
			if (in != null) {
				in.close();
			}
			return;
		}
		OutputStream out = response.getOutputStream();
		byte[] buffer = new byte[64 * 1024];
		try (in) {
			while (true) {
				if (System.nanoTime() > deadline) {
					exchange.status = 504;
					throw new Cut("The producer's service took longer than " + limits.totalTimeout() + ".", null);
				}
				int read;
				try {
					read = in.read(buffer);
				}
				catch (SocketTimeoutException e) {
					exchange.status = 504;
					throw new Cut("The producer's service stopped sending.", e);
				}
				if (read < 0) {
					break;
				}
				if (exchange.bytesOut + read > limit) {
					out.write(buffer, 0, (int) (limit - exchange.bytesOut));
					exchange.bytesOut = limit;
					exchange.status = 502;
					throw new Cut("The producer's service sent more than " + limit + " bytes.", null);
				}
				out.write(buffer, 0, read);
				exchange.bytesOut += read;
				if (in.available() == 0) { // the service pauses: what it sent goes on now (streaming APIs)
					out.flush();
				}
			}
			out.flush();
		}
		catch (Cut e) {
			upstream.abort().run();
			throw e;
		}
	}

	private static InputStream body(HttpURLConnection connection, int status) {
		try {
			return status >= 400 ? connection.getErrorStream() : connection.getInputStream();
		}
		catch (IOException e) {
			return connection.getErrorStream();
		}
	}

	private static Optional<GatewaySettings.Service> service(URI target, GatewaySettings limits) {
		String url = target.toString();
		GatewaySettings.Service best = null;
		for (GatewaySettings.Service service : limits.services()) {
			if (service.urlPrefix() != null && !service.urlPrefix().isBlank() && url.startsWith(service.urlPrefix())
					&& (best == null || service.urlPrefix().length() > best.urlPrefix().length())) {
				best = service;
			}
		}
		return Optional.ofNullable(best);
	}

	private static int timeout(long millis, long deadline) {
		long left = (deadline - System.nanoTime()) / 1_000_000;
		return (int) Math.max(1, Math.min(Integer.MAX_VALUE, Math.min(millis, left)));
	}

	private static void drain(HttpURLConnection connection) {
		try (InputStream in = connection.getInputStream()) {
			in.skip(64 * 1024);
		}
		catch (IOException e) {
			// a redirect's body is not read; the connection is simply not reused
		}
	}

	private static ProblemException timeout(URI target) {
		return new ProblemException(HttpStatus.GATEWAY_TIMEOUT, "KRS-504-GATEWAY-TIMEOUT",
				"The producer's service did not answer in time.");
	}

	private static ProblemException unreachable(URI target, IOException e) {
		return new ProblemException(HttpStatus.BAD_GATEWAY, "KRS-502-GATEWAY-UPSTREAM",
				"The producer's service could not be reached (" + e.getClass().getSimpleName() + ").");
	}
}
