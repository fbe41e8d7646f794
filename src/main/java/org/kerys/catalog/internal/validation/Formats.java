package org.kerys.catalog.internal.validation;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/**
 * The string formats of the spec, and the characters Kerys refuses in any text.
 * <p>
 * Forbidden characters (ERR-301): the C0 control characters except tab, line feed and carriage return (so that
 * multi-line descriptions stay possible), DEL, the C1 control characters U+0080–U+009F (in real data they are
 * mis-decoded bytes, e.g. {@code premi\u008Fre}), unpaired surrogates and the non-characters U+FFFE and U+FFFF.
 * None of them can be shown or typed, and some break XML (DCAT) or terminals.
 * <p>
 * Formats (ERR-303, "value does not match"; the type itself is right): {@code uuid} is the 8-4-4-4-12 hexadecimal
 * form, any version, any case; {@code date-time} is RFC 3339 (ISO 8601 with a time zone or {@code Z});
 * {@code email} is {@code local@domain.tld} without spaces; {@code uri} is an absolute RFC 3986 URI (with a scheme);
 * {@code int32}/{@code int64} are range checks. Unknown formats are accepted.
 */
final class Formats {

	private static final Pattern UUID = Pattern
			.compile("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");
	private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s.]+(\\.[^@\\s.]+)+$");

	private Formats() {
	}

	static boolean matches(String format, String text) {
		return switch (format) {
			case "uuid" -> UUID.matcher(text).matches();
			case "email" -> EMAIL.matcher(text).matches();
			case "date-time" -> isDateTime(text);
			case "uri" -> isAbsoluteUri(text);
			default -> true;
		};
	}

	private static boolean isDateTime(String text) {
		try {
			OffsetDateTime.parse(text);
			return true;
		}
		catch (DateTimeParseException e) {
			return false;
		}
	}

	private static boolean isAbsoluteUri(String text) {
		try {
			return new URI(text).isAbsolute();
		}
		catch (URISyntaxException e) {
			return false;
		}
	}

	/** The text without its forbidden characters (the same instance when there are none). */
	static String withoutForbidden(String text) {
		StringBuilder kept = null;
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			boolean forbidden;
			if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
				if (kept != null) {
					kept.append(c).append(text.charAt(i + 1));
				}
				i++;
				continue;
			}
			forbidden = isForbidden(c);
			if (forbidden && kept == null) {
				kept = new StringBuilder(text.length()).append(text, 0, i);
			}
			else if (!forbidden && kept != null) {
				kept.append(c);
			}
		}
		return kept == null ? text : kept.toString();
	}

	private static boolean isForbidden(char c) {
		return (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || (c >= 0x7F && c <= 0x9F)
				|| Character.isSurrogate(c) || c == '\uFFFE' || c == '\uFFFF';
	}
}
