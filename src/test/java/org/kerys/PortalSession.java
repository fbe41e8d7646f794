package org.kerys;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.kerys.TestHttp.Answer;

/** Signs in to the portal as a person does (login form, CSRF token, session cookie), for tests of pages. */
public final class PortalSession {

	private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"|value=\"([^\"]+)\"\\s+name=\"_csrf\"");
	private static final Pattern SESSION = Pattern.compile("(JSESSIONID=[^;]+)");

	private PortalSession() {
	}

	/** The {@code Cookie} header of a session signed in with this login (or email) and password. */
	public static String signIn(int port, String login, String password) {
		TestHttp anonymous = TestHttp.anonymous(port);
		Answer page = anonymous.get("/login");
		assertThat(page.status()).as("GET /login").isEqualTo(200);
		String cookie = session(page);
		Map<String, String> form = new LinkedHashMap<>();
		form.put("username", login);
		form.put("password", password);
		form.put("_csrf", csrf(page.body()));
		Answer signedIn = anonymous.withCookie(cookie).form("/login", form);
		assertThat(signedIn.status()).as("POST /login").isEqualTo(302);
		assertThat(signedIn.header("Location")).as("signed in, not sent back to the form").doesNotContain("error");
		return session(signedIn);
	}

	/** The CSRF token of the first form of a page. */
	public static String csrf(String html) {
		Matcher m = CSRF.matcher(html);
		assertThat(m.find()).as("a _csrf field in the page").isTrue();
		return m.group(1) != null ? m.group(1) : m.group(2);
	}

	/** The session cookie an answer sets. */
	public static String session(Answer answer) {
		for (String header : answer.response().headers().allValues("Set-Cookie")) {
			Matcher m = SESSION.matcher(header);
			if (m.find()) {
				return m.group(1);
			}
		}
		throw new AssertionError("no session cookie set");
	}
}
