package org.kerys.identity.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.springframework.boot.test.system.CapturedOutput;

/**
 * A browser for the accounts tests: keeps its cookies (the session), follows no redirection, reads the CSRF token of
 * the last form it received; and the emails Kerys writes to the log when SMTP is not configured.
 */
final class Browser {

	private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

	final CookieManager cookies = new CookieManager();
	private final HttpClient client = HttpClient.newBuilder().cookieHandler(cookies)
			.followRedirects(HttpClient.Redirect.NEVER).build();
	private final int port;
	private String csrf;

	Browser(int port) {
		this.port = port;
	}

	record Page(int status, String body, HttpResponse<String> response) {

		String location() {
			return response.headers().firstValue("Location").orElse(null);
		}

		String header(String name) {
			return response.headers().firstValue(name).orElse(null);
		}
	}

	/** A unique login (and email address: {@code <login>@example.org}) per test. */
	static String uniqueLogin(String prefix) {
		return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
	}

	Page get(String path) {
		return send(HttpRequest.newBuilder(uri(path)).header("Accept", "text/html").GET(), true);
	}

	Page get(String path, String header, String value) {
		return send(HttpRequest.newBuilder(uri(path)).header("Accept", "text/html").header(header, value).GET(), true);
	}

	/** A form POST with the CSRF token of the last page (as a browser submitting that page's form). */
	Page post(String path, String... fields) {
		assertThat(csrf).as("a form page was loaded before posting").isNotNull();
		String[] all = new String[fields.length + 2];
		System.arraycopy(fields, 0, all, 0, fields.length);
		all[fields.length] = "_csrf";
		all[fields.length + 1] = csrf;
		return postWithout(path, all);
	}

	/** A form POST with exactly these fields (no CSRF token unless given). */
	Page postWithout(String path, String... fields) {
		String body = IntStream.range(0, fields.length / 2)
				.mapToObj(i -> enc(fields[2 * i]) + "=" + enc(fields[2 * i + 1])).collect(Collectors.joining("&"));
		return send(HttpRequest.newBuilder(uri(path)).header("Accept", "text/html")
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString(body)), true);
	}

	/** Signs in through the form; the redirection's target. */
	String signIn(String username, String password) {
		get("/login");
		Page answer = post("/login", "username", username, "password", password);
		assertThat(answer.status()).isEqualTo(302);
		return answer.location();
	}

	private Page send(HttpRequest.Builder request, boolean keepCsrf) {
		try {
			HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
			Matcher token = CSRF.matcher(response.body());
			if (keepCsrf && token.find()) {
				csrf = token.group(1);
			}
			return new Page(response.statusCode(), response.body(), response);
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(e);
		}
	}

	private URI uri(String path) {
		return URI.create(path.startsWith("http") ? path : "http://localhost:" + port + path);
	}

	private static String enc(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	/** The path and query of the last link to {@code path} in an email to this address (emails go out in the background). */
	static String emailedLink(CapturedOutput output, String to, String path) {
		Pattern link = Pattern.compile("http://localhost(" + Pattern.quote(path) + "\\?code=[A-Za-z0-9_-]+)");
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (System.nanoTime() < deadline) {
			String text = output.getAll();
			int at = text.lastIndexOf("Email (SMTP not configured) to " + to + "\n");
			if (at >= 0) {
				Matcher found = link.matcher(text.substring(at));
				if (found.find()) {
					return found.group(1);
				}
			}
			sleep();
		}
		throw new AssertionError("no email to " + to + " with a link to " + path);
	}

	/** The text of the last email to this address with this subject part, waiting for it. */
	static String email(CapturedOutput output, String to, String subjectPart) {
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (System.nanoTime() < deadline) {
			String text = output.getAll();
			int at = text.lastIndexOf("Email (SMTP not configured) to " + to + "\n");
			if (at >= 0 && text.indexOf(subjectPart, at) >= 0) {
				return text.substring(at);
			}
			sleep();
		}
		throw new AssertionError("no email to " + to + " about " + subjectPart);
	}

	private static void sleep() {
		try {
			Thread.sleep(50);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(e);
		}
	}

	/** Registers through the form; the registration page's answer. */
	Page register(String login, String password, String... extra) {
		get("/register");
		String[] fields = { "login", login, "email", login + "@example.org", "display_name", "Test " + login,
				"password", password, "password_confirmation", password };
		String[] all = new String[fields.length + extra.length];
		System.arraycopy(fields, 0, all, 0, fields.length);
		System.arraycopy(extra, 0, all, fields.length, extra.length);
		return post("/register", all);
	}

	/** Registers and verifies through the emailed link. */
	void registerVerified(CapturedOutput output, String login, String password) {
		Page registered = register(login, password);
		assertThat(registered.status()).as(registered.body()).isEqualTo(200);
		Page verified = get(emailedLink(output, login + "@example.org", "/verify"));
		assertThat(verified.status()).isEqualTo(200);
	}
}
