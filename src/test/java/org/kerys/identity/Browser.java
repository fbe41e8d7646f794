package org.kerys.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.kerys.TestHttp;
import org.kerys.TestHttp.Answer;

/**
 * A browser for the portal tests: keeps its cookies (the session), does not follow redirects, and sends the CSRF
 * token of the last page it read with each form it posts, as a real form would.
 */
final class Browser {

	private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"");

	private final int port;
	private final HttpClient client = HttpClient.newBuilder()
			.cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
			.followRedirects(HttpClient.Redirect.NEVER).build();
	private String csrf;

	Browser(int port) {
		this.port = port;
	}

	Answer get(String path) {
		Answer page = send(request(path).header("Accept", "text/html").GET());
		Matcher token = CSRF.matcher(page.body());
		if (token.find()) {
			csrf = token.group(1);
		}
		return page;
	}

	/** Posts a form with the CSRF token of the last page read. */
	Answer post(String path, Map<String, String> fields) {
		Map<String, String> form = new LinkedHashMap<>(fields);
		if (csrf != null) {
			form.put("_csrf", csrf);
		}
		String body = form.entrySet().stream()
				.map(e -> encode(e.getKey()) + "=" + encode(e.getValue() == null ? "" : e.getValue()))
				.collect(Collectors.joining("&"));
		return send(request(path).header("Accept", "text/html")
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString(body)));
	}

	/**
	 * Signs in with the portal's form login, with the CSRF token of a page that has a form for anonymous visitors
	 * (an invitation link's page).
	 */
	Answer signIn(String pageWithForm, String login, String password) {
		Answer page = get(pageWithForm);
		assertThat(page.status()).as(page.body()).isEqualTo(200);
		Answer signedIn = post("/login", Map.of("username", login, "password", password));
		assertThat(signedIn.status()).isEqualTo(302);
		assertThat(signedIn.header("Location")).doesNotContain("error");
		return signedIn;
	}

	private HttpRequest.Builder request(String path) {
		return HttpRequest.newBuilder(URI.create(path.startsWith("http") ? path : "http://localhost:" + port + path));
	}

	private Answer send(HttpRequest.Builder request) {
		return TestHttp.send(client, request);
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}
}
