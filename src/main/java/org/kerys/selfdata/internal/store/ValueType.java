package org.kerys.selfdata.internal.store;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.text.Normalizer;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The types of matching fields and data columns (those of RUDI's {@code MatchingData} and {@code GenericDataType}),
 * each with its canonical text: the same value typed two ways by a producer and a citizen gives the same text.
 */
enum ValueType {
	STRING, TEXT, BOOLEAN, DATE, LONG, DOUBLE, ADDRESS;

	private static final Pattern MARKS = Pattern.compile("\\p{M}+");
	private static final Pattern SPACES = Pattern.compile("[\\s\\u00a0\\u202f]+");
	private static final Pattern NUMBER_SPACES = Pattern.compile("[\\s\\u00a0\\u202f_']");
	private static final Pattern ADDRESS_PUNCTUATION = Pattern.compile("[,.;:'’\"()/\\-]+");
	private static final DateTimeFormatter[] DATES = { DateTimeFormatter.ofPattern("d/M/uuuu"),
			DateTimeFormatter.ofPattern("d-M-uuuu"), DateTimeFormatter.ofPattern("d.M.uuuu"),
			DateTimeFormatter.ofPattern("uuuu/M/d"), DateTimeFormatter.ofPattern("uuuuMMdd") };
	// French street types as people abbreviate them; a whole word only
	private static final Map<String, String> STREET_WORDS = Map.ofEntries(Map.entry("r", "rue"),
			Map.entry("av", "avenue"), Map.entry("ave", "avenue"), Map.entry("bd", "boulevard"),
			Map.entry("bld", "boulevard"), Map.entry("boul", "boulevard"), Map.entry("pl", "place"),
			Map.entry("imp", "impasse"), Map.entry("rte", "route"), Map.entry("ch", "chemin"),
			Map.entry("chem", "chemin"), Map.entry("sq", "square"), Map.entry("fg", "faubourg"),
			Map.entry("fbg", "faubourg"), Map.entry("st", "saint"), Map.entry("ste", "sainte"),
			Map.entry("all", "allee"), Map.entry("crs", "cours"), Map.entry("qu", "quai"),
			Map.entry("res", "residence"), Map.entry("lot", "lotissement"), Map.entry("pass", "passage"));

	/** Thrown when a value is not of its type. */
	static final class NotOfType extends Exception {

		NotOfType(String message) {
			super(message, null, false, false);
		}
	}

	static ValueType of(String name) {
		if (name == null || name.isBlank()) {
			return STRING;
		}
		try {
			return valueOf(name.trim().toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException e) {
			return null;
		}
	}

	/** The text a matching value is compared by: case, accents, spacing and notation do not matter. */
	String matchingText(String value) throws NotOfType {
		return switch (this) {
			case STRING, TEXT -> folded(value);
			case ADDRESS -> address(value);
			default -> canonical(value);
		};
	}

	/** A data value as given back to the citizen: trimmed, and dates, numbers and booleans in one notation. */
	String canonical(String value) throws NotOfType {
		String trimmed = value.strip();
		return switch (this) {
			case STRING, TEXT, ADDRESS -> trimmed;
			case BOOLEAN -> bool(trimmed);
			case DATE -> date(trimmed).toString();
			case LONG -> integer(trimmed);
			case DOUBLE -> decimal(trimmed);
		};
	}

	static String folded(String value) {
		if (plainAscii(value)) {
			return SPACES.matcher(value).replaceAll(" ").strip().toLowerCase(Locale.ROOT);
		}
		String decomposed = Normalizer.normalize(value, Normalizer.Form.NFKD);
		String plain = MARKS.matcher(decomposed).replaceAll("").replace("œ", "oe").replace("Œ", "oe")
				.replace("æ", "ae").replace("Æ", "ae").replace("ß", "ss");
		return SPACES.matcher(plain).replaceAll(" ").strip().toLowerCase(Locale.ROOT);
	}

	private static boolean plainAscii(String value) {
		for (int i = 0; i < value.length(); i++) {
			if (value.charAt(i) >= 128) {
				return false;
			}
		}
		return true;
	}

	private static String address(String value) {
		String words = SPACES.matcher(ADDRESS_PUNCTUATION.matcher(folded(value)).replaceAll(" ")).replaceAll(" ").strip();
		StringBuilder out = new StringBuilder(words.length() + 16);
		for (String word : words.split(" ")) {
			if (out.length() > 0) {
				out.append(' ');
			}
			out.append(STREET_WORDS.getOrDefault(word, word));
		}
		return out.toString();
	}

	/** A date in ISO notation, day first (French) or as an ISO date-time. */
	static LocalDate date(String text) throws NotOfType {
		String value = text.strip();
		try {
			return LocalDate.parse(value);
		}
		catch (DateTimeParseException e) {
			// other notations below
		}
		if (value.length() == 7 && value.charAt(4) == '-') {
			try {
				return LocalDate.parse(value + "-01");
			}
			catch (DateTimeParseException e) {
				throw new NotOfType("not a date: expected YYYY-MM-DD");
			}
		}
		if (value.length() > 10 && value.charAt(10) == 'T') {
			try {
				return OffsetDateTime.parse(value).toLocalDate();
			}
			catch (DateTimeParseException e) {
				try {
					return LocalDateTime.parse(value).toLocalDate();
				}
				catch (DateTimeParseException again) {
					throw new NotOfType("not a date: expected YYYY-MM-DD");
				}
			}
		}
		for (DateTimeFormatter format : DATES) {
			try {
				return LocalDate.parse(value, format);
			}
			catch (DateTimeParseException e) {
				// the next notation
			}
		}
		throw new NotOfType("not a date: expected YYYY-MM-DD");
	}

	private static String integer(String text) throws NotOfType {
		String value = NUMBER_SPACES.matcher(text).replaceAll("");
		if (value.startsWith("+")) {
			value = value.substring(1);
		}
		try {
			return new BigInteger(value).toString();
		}
		catch (NumberFormatException e) {
			throw new NotOfType("not a whole number");
		}
	}

	private static String decimal(String text) throws NotOfType {
		return number(text).toPlainString();
	}

	/** A decimal number, with a comma or a point, spaces between thousands allowed. */
	static BigDecimal number(String text) throws NotOfType {
		String value = NUMBER_SPACES.matcher(text).replaceAll("").replace(',', '.');
		if (value.startsWith("+")) {
			value = value.substring(1);
		}
		try {
			BigDecimal number = new BigDecimal(value).stripTrailingZeros();
			return number.signum() == 0 ? BigDecimal.ZERO : number;
		}
		catch (NumberFormatException e) {
			throw new NotOfType("not a number");
		}
	}

	private static String bool(String text) throws NotOfType {
		return switch (text.toLowerCase(Locale.ROOT)) {
			case "true", "1", "yes", "y", "oui", "o", "vrai" -> "true";
			case "false", "0", "no", "n", "non", "faux" -> "false";
			default -> throw new NotOfType("not a boolean: expected true or false");
		};
	}
}
