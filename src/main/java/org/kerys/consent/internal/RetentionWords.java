package org.kerys.consent.internal;

import java.time.Period;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.kerys.platform.PageWords;

/** A treatment's retention duration in the consent pages' words ({@code i18n/consent-pages*}). */
final class RetentionWords {

	private RetentionWords() {
	}

	/** A retention duration in words: "6 mois", "1 year", "2 years 3 months". */
	static String duration(PageWords words, String iso, Locale locale) {
		String known = words.text("consent.duration." + iso, locale);
		if (!known.equals("consent.duration." + iso)) {
			return known;
		}
		try {
			Period period = Period.parse(iso);
			List<String> parts = new ArrayList<>();
			if (period.getYears() != 0) {
				parts.add(words.text("consent.period.years", locale, period.getYears()));
			}
			if (period.getMonths() != 0) {
				parts.add(words.text("consent.period.months", locale, period.getMonths()));
			}
			if (period.getDays() != 0) {
				parts.add(words.text("consent.period.days", locale, period.getDays()));
			}
			return parts.isEmpty() ? iso : String.join(" ", parts);
		}
		catch (DateTimeParseException e) {
			return iso;
		}
	}
}
