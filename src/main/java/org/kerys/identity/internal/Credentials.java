package org.kerys.identity.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import org.kerys.platform.ProblemException.FieldError;

/**
 * The rules of logins, email addresses and passwords, for every way an account is made or changed (registration,
 * administration, reset). Each check adds what is wrong to {@code errors}, in the Kerys error format.
 */
public final class Credentials {

	public static final int MIN_PASSWORD = 12;
	public static final int MAX_PASSWORD = 256;
	private static final Pattern LOGIN = Pattern.compile("[a-z0-9][a-z0-9._-]{2,39}");
	private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s]{2,}");
	private static final Set<String> COMMON = load();

	private Credentials() {
	}

	/** Logins are compared and stored lower-case, without surrounding blanks. */
	public static String normalLogin(String login) {
		return login == null ? null : login.strip().toLowerCase(Locale.ROOT);
	}

	public static void checkLogin(String login, List<FieldError> errors) {
		if (login == null || login.isBlank()) {
			errors.add(new FieldError("ERR-202", "login", "A login is required."));
		}
		else if (!LOGIN.matcher(normalLogin(login)).matches() || normalLogin(login).startsWith("deleted-")) {
			errors.add(new FieldError("KRS-400-LOGIN", "login",
					"3 to 40 characters: letters, digits, '.', '_' or '-', starting with a letter or digit."));
		}
	}

	public static void checkEmail(String email, List<FieldError> errors) {
		if (email == null || email.isBlank()) {
			errors.add(new FieldError("ERR-202", "email", "An email address is required."));
		}
		else if (email.strip().length() > 254 || !EMAIL.matcher(email.strip()).matches()) {
			errors.add(new FieldError("KRS-400-EMAIL", "email", "A valid email address."));
		}
	}

	/** At least {@value #MIN_PASSWORD} characters, not a common password, not the login or the email. */
	public static void checkPassword(String password, String login, String email, List<FieldError> errors) {
		if (password == null || password.isEmpty()) {
			errors.add(new FieldError("ERR-202", "password", "A password is required."));
			return;
		}
		int length = password.codePointCount(0, password.length());
		if (length < MIN_PASSWORD) {
			errors.add(new FieldError("KRS-400-PASSWORD-SHORT", "password",
					"At least " + MIN_PASSWORD + " characters."));
		}
		else if (length > MAX_PASSWORD) {
			errors.add(new FieldError("KRS-400-PASSWORD-LONG", "password", "At most " + MAX_PASSWORD + " characters."));
		}
		else if (isCommon(password, login, email)) {
			errors.add(new FieldError("KRS-400-PASSWORD-COMMON", "password",
					"This password is too common or too easy to guess; choose another."));
		}
	}

	static boolean isCommon(String password, String login, String email) {
		String lower = password.toLowerCase(Locale.ROOT);
		if (COMMON.contains(lower) || lower.chars().distinct().count() <= 2) {
			return true;
		}
		if (login != null && !login.isBlank() && lower.contains(normalLogin(login))) {
			return true;
		}
		if (email != null && !email.isBlank() && lower.contains(email.strip().toLowerCase(Locale.ROOT))) {
			return true;
		}
		return isSequence(lower);
	}

	/** Each character one more (or one less) than the one before, like "abcdefghijkl" or "987654321098". */
	private static boolean isSequence(String password) {
		int up = 0;
		int down = 0;
		for (int i = 1; i < password.length(); i++) {
			int step = password.charAt(i) - password.charAt(i - 1);
			up += step == 1 || step == -9 ? 1 : 0;
			down += step == -1 || step == 9 ? 1 : 0;
		}
		return up == password.length() - 1 || down == password.length() - 1;
	}

	private static Set<String> load() {
		Set<String> common = new HashSet<>();
		try (var in = Credentials.class.getResourceAsStream("/identity/common-passwords.txt")) {
			if (in == null) {
				throw new IllegalStateException("identity/common-passwords.txt is missing");
			}
			new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines().map(String::strip)
					.filter(line -> !line.isEmpty() && !line.startsWith("#"))
					.forEach(line -> common.add(line.toLowerCase(Locale.ROOT)));
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		return Set.copyOf(common);
	}
}
