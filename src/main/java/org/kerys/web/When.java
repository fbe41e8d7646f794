package org.kerys.web;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.FormatStyle;
import java.util.Locale;

/**
 * A date as a page shows it: {@code iso} for {@code <time datetime>} (null when the producer's value is not
 * a date Kerys understands, which is then shown as written), {@code text} for people.
 */
record When(String iso, String text) {

	static When of(OffsetDateTime dateTime, Locale locale) {
		return dateTime == null ? null : of(dateTime.toLocalDate(), locale);
	}

	static When of(String value, Locale locale) {
		if (value == null) {
			return null;
		}
		LocalDate date = parse(value);
		return date == null ? new When(null, value) : of(date, locale);
	}

	private static When of(LocalDate date, Locale locale) {
		return new When(date.toString(), DateTimeFormatter.ofLocalizedDate(FormatStyle.LONG).withLocale(locale).format(date));
	}

	private static LocalDate parse(String value) {
		try {
			return OffsetDateTime.parse(value).toLocalDate();
		}
		catch (DateTimeParseException notWithOffset) {
			// RUDI says ISO 8601 with an offset; older records sometimes omit it, or the time
		}
		try {
			return LocalDateTime.parse(value).toLocalDate();
		}
		catch (DateTimeParseException notLocal) {
			// try a plain date last
		}
		try {
			return LocalDate.parse(value);
		}
		catch (DateTimeParseException notADate) {
			return null;
		}
	}
}
