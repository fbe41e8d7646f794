package org.kerys.consent.internal;

import java.time.Period;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;

import org.kerys.platform.ProblemException;
import org.kerys.platform.ProblemException.FieldError;
import org.springframework.context.MessageSource;
import org.springframework.http.HttpStatus;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The consent pages' words for the services' problems ({@code i18n/consent-pages*}): a problem's message by its code,
 * each field error by its code at the form's input it belongs to, and the notices and problems of an action said on
 * the page it redirects to. A refusal of the caller's right (401, 403) stays the error page.
 */
final class ConsentPageWords {

	private final MessageSource messages;

	ConsentPageWords(MessageSource messages) {
		this.messages = messages;
	}

	String text(String key, Locale locale, Object... args) {
		return messages.getMessage(key, args, key, locale);
	}

	String problem(ProblemException e, Locale locale) {
		return messages.getMessage("consent.problem." + e.code(), null,
				messages.getMessage("consent.problem.generic", null, locale), locale);
	}

	/** Form input → message in the page's language (the first problem of each input). */
	Map<String, String> fieldErrors(ProblemException e, UnaryOperator<String> input, Locale locale) {
		Map<String, String> errors = new LinkedHashMap<>();
		for (FieldError error : e.errors()) {
			errors.putIfAbsent(input.apply(error.field()), messages.getMessage("consent.error." + error.code(), null,
					messages.getMessage("consent.error.generic", null, locale), locale));
		}
		return errors;
	}

	/** Rethrows a refusal of the caller's right: the error page, not a message on a form. */
	static void rethrowRefusal(ProblemException e) {
		if (e.status() == HttpStatus.FORBIDDEN || e.status() == HttpStatus.UNAUTHORIZED) {
			throw e;
		}
	}

	void problem(RedirectAttributes redirect, ProblemException e, Locale locale) {
		rethrowRefusal(e);
		redirect.addFlashAttribute("problem", problem(e, locale));
	}

	void notice(RedirectAttributes redirect, String key, Locale locale, Object... args) {
		redirect.addFlashAttribute("notice", messages.getMessage(key, args, locale));
	}

	/** A retention duration in words: "6 mois", "1 year", "2 years 3 months". */
	String duration(String iso, Locale locale) {
		String known = text("consent.duration." + iso, locale);
		if (!known.equals("consent.duration." + iso)) {
			return known;
		}
		try {
			Period period = Period.parse(iso);
			List<String> parts = new ArrayList<>();
			if (period.getYears() != 0) {
				parts.add(text("consent.period.years", locale, period.getYears()));
			}
			if (period.getMonths() != 0) {
				parts.add(text("consent.period.months", locale, period.getMonths()));
			}
			if (period.getDays() != 0) {
				parts.add(text("consent.period.days", locale, period.getDays()));
			}
			return parts.isEmpty() ? iso : String.join(" ", parts);
		}
		catch (DateTimeParseException e) {
			return iso;
		}
	}
}
