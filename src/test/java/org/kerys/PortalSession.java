package org.kerys;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.kerys.TestHttp.Answer;

/**
 * A browser for portal tests: a cookie jar (the session), no redirect followed, and the CSRF token of the last page
 * read sent back with every form. {@link #signIn} uses the form login: {@code GET /login} for a CSRF token, then
 * {@code POST /login} with {@code username}, {@code password} and {@code _csrf}.
 */
public final class PortalSession {

	private static final Pattern CSRF = Pattern.compile(
			"<input[^>]*name=\"_csrf\"[^>]*value=\"([^\"]+)\"|<input[^>]*value=\"([^\"]+)\"[^>]*name=\"_csrf\"");

	private final int port;
	private final HttpClient client;
	private String csrf;

	private PortalSession(int port) {
		this.port = port;
		this.client = HttpClient.newBuilder().cookieHandler(new CookieManager())
				.followRedirects(HttpClient.Redirect.NEVER).build();
	}

	/** A browser that has not signed in. */
	public static PortalSession anonymous(int port) {
		return new PortalSession(port);
	}

	/** Whether the portal has its login page (it is another module's, written separately). */
	public static boolean loginPageExists(int port) {
		return anonymous(port).get("/login").status() == 200;
	}

	/**
	 * Signs in with the login form. Empty when there is no login page to read a CSRF token from; fails when the
	 * login is refused.
	 */
	public static Optional<PortalSession> signIn(int port, String login, String password) {
		PortalSession session = new PortalSession(port);
		Answer page = session.get("/login");
		if (page.status() != 200 || session.csrf == null) {
			return Optional.empty();
		}
		Answer answer = session.post("/login", Map.of("username", login, "password", password));
		String location = answer.header("Location");
		if (answer.status() != 302 || location == null || location.contains("error")) {
			throw new IllegalStateException("Sign-in of " + login + " refused: " + answer.status() + " " + location);
		}
		return Optional.of(session);
	}

	/** A page, as a browser asks for it; remembers its CSRF token if it has a form. */
	public Answer get(String path) {
		Answer answer = send(HttpRequest.newBuilder(uri(path)).header("Accept", "text/html,*/*;q=0.8").GET());
		Matcher token = CSRF.matcher(answer.body());
		if (token.find()) {
			csrf = token.group(1) != null ? token.group(1) : token.group(2);
		}
		return answer;
	}

	/** A form, posted with the CSRF token of the last page read; a field may repeat (a list value). */
	public Answer post(String path, Map<String, ?> fields) {
		List<String> pairs = new ArrayList<>();
		Map<String, Object> all = new LinkedHashMap<>(fields);
		if (csrf != null && !all.containsKey("_csrf")) {
			all.put("_csrf", csrf);
		}
		all.forEach((name, value) -> {
			List<?> values = value instanceof List<?> list ? list : List.of(value);
			for (Object v : values) {
				pairs.add(encode(name) + "=" + encode(String.valueOf(v)));
			}
		});
		return send(HttpRequest.newBuilder(uri(path)).header("Accept", "text/html,*/*;q=0.8")
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString(pairs.stream().collect(Collectors.joining("&")))));
	}

	/** The CSRF token of the last page read that had a form. */
	public String csrf() {
		return csrf;
	}

	private URI uri(String path) {
		return URI.create(path.startsWith("http") ? path : "http://localhost:" + port + path);
	}

	private static String encode(String text) {
		return URLEncoder.encode(text, StandardCharsets.UTF_8);
	}

	private Answer send(HttpRequest.Builder request) {
		return TestHttp.send(client, request);
	}
}
