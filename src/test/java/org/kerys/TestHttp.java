package org.kerys;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A small HTTP client for tests: real requests to the server under test, as the administrator or anonymously. */
public final class TestHttp {

	public static final String ADMIN_PASSWORD = "test-admin-password";
	private static final HttpClient client = HttpClient.newHttpClient();
	private static final JsonMapper json = JsonMapper.builder().build();

	private final int port;
	private final String authorization;
	private final String cookie;

	private TestHttp(int port, String authorization) {
		this(port, authorization, null);
	}

	private TestHttp(int port, String authorization, String cookie) {
		this.port = port;
		this.authorization = authorization;
		this.cookie = cookie;
	}

	/** The same client, also sending this {@code Cookie} header (a portal session) with every request. */
	public TestHttp withCookie(String cookie) {
		return new TestHttp(port, authorization, cookie);
	}

	public int port() {
		return port;
	}

	public static TestHttp anonymous(int port) {
		return new TestHttp(port, null);
	}

	/** The administrator's token of the tests ({@code KERYS_ADMIN_TOKEN}): every scope. */
	public static final String ADMIN_TOKEN = "test-admin-token-0123456789abcdef";

	/** The administrator, with the personal token made from {@code KERYS_ADMIN_TOKEN} (the API takes no password). */
	public static TestHttp admin(int port) {
		return new TestHttp(port, "Bearer " + ADMIN_TOKEN);
	}

	/** HTTP Basic with the administrator's password: only {@code POST /api/auth/token} takes it. */
	public static TestHttp adminPassword(int port) {
		return basic(port, "admin", ADMIN_PASSWORD);
	}

	/** HTTP Basic with this login and password. */
	public static TestHttp basic(int port, String login, String password) {
		return new TestHttp(port, "Basic " + Base64.getEncoder()
				.encodeToString((login + ":" + password).getBytes(StandardCharsets.UTF_8)));
	}

	/** The same client, sending this {@code Authorization} (or other) header with every request instead. */
	public TestHttp withHeader(String name, String value) {
		if (!name.equalsIgnoreCase("Authorization")) {
			throw new IllegalArgumentException("only Authorization is supported");
		}
		return new TestHttp(port, value, cookie);
	}

	/** An answer: status, body text, and the request's response for headers. */
	public record Answer(int status, String body, HttpResponse<String> response) {

		public JsonNode json() {
			return TestHttp.json.readTree(body);
		}

		public String header(String name) {
			return response.headers().firstValue(name).orElse(null);
		}
	}

	public Answer get(String path) {
		return send(request(path).GET());
	}

	public Answer get(String path, String headerName, String headerValue) {
		return send(request(path).header(headerName, headerValue).GET());
	}

	public Answer post(String path, String jsonBody) {
		return send(request(path).header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString(jsonBody)));
	}

	public Answer put(String path, String jsonBody) {
		return send(request(path).header("Content-Type", "application/json")
				.PUT(HttpRequest.BodyPublishers.ofString(jsonBody)));
	}

	/** A form post ({@code application/x-www-form-urlencoded}); values are URL-encoded here. */
	public Answer form(String path, java.util.Map<String, String> fields) {
		StringBuilder body = new StringBuilder();
		fields.forEach((name, value) -> body.append(body.isEmpty() ? "" : "&")
				.append(java.net.URLEncoder.encode(name, StandardCharsets.UTF_8)).append('=')
				.append(java.net.URLEncoder.encode(value, StandardCharsets.UTF_8)));
		return send(request(path).header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString(body.toString())));
	}

	public Answer delete(String path) {
		return send(request(path).DELETE());
	}

	public HttpRequest.Builder request(String path) {
		HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
		if (authorization != null) {
			builder.header("Authorization", authorization);
		}
		if (cookie != null) {
			builder.header("Cookie", cookie);
		}
		return builder;
	}

	public Answer send(HttpRequest.Builder request) {
		return send(client, request);
	}

	/** The answer to this request sent with that client (one that keeps cookies, follows no redirect, …). */
	public static Answer send(HttpClient client, HttpRequest.Builder request) {
		try {
			HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
			return new Answer(response.statusCode(), response.body(), response);
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(e);
		}
	}

	/**
	 * A client-credentials token request to {@code /oauth/token}, the client authenticated by HTTP Basic (as a RUDI
	 * node or a project's server sends it); the answer as it is.
	 */
	public static Answer clientCredentials(int port, String clientId, String secret) {
		TestHttp http = anonymous(port);
		return http.send(http.request("/oauth/token")
				.header("Authorization", "Basic " + Base64.getEncoder()
						.encodeToString((clientId + ":" + secret).getBytes(StandardCharsets.UTF_8)))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")));
	}

	public static JsonNode parse(String text) {
		return json.readTree(text);
	}
}
