package org.kerys.access.internal;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.kerys.platform.ProblemException;
import org.kerys.platform.ProblemException.FieldError;
import org.springframework.context.MessageSource;
import org.springframework.http.HttpStatus;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The access pages' words for the API's problems ({@code i18n/access*.properties}): a problem by its code, a
 * field's error by field and code, or by code alone.
 */
final class PageMessages {

	private final MessageSource messages;

	PageMessages(MessageSource messages) {
		this.messages = messages;
	}

	String text(String key, Locale locale, Object... args) {
		return messages.getMessage(key, args, key, locale);
	}

	String problem(ProblemException e, Locale locale) {
		return messages.getMessage("access.problem." + e.code(), null,
				messages.getMessage("access.problem.generic", null, locale), locale);
	}

	/** Field name → message; the first error of each field. */
	Map<String, String> fieldErrors(ProblemException e, Locale locale) {
		Map<String, String> errors = new LinkedHashMap<>();
		for (FieldError error : e.errors()) {
			String field = error.field().replaceAll("\\[\\d+\\]$", "");
			errors.putIfAbsent(field, messages.getMessage("access.error." + field + "." + error.code(), null,
					messages.getMessage("access.error." + error.code(), null,
							messages.getMessage("access.error.generic", null, locale), locale),
					locale));
		}
		return errors;
	}

	/**
	 * A refused action, said on the page it came from; except a refusal of the caller's right (403), which no form
	 * of theirs leads to: answered with the 403 error page.
	 */
	void problem(RedirectAttributes redirect, ProblemException e, Locale locale) {
		if (e.status() == HttpStatus.FORBIDDEN) {
			throw e;
		}
		StringBuilder text = new StringBuilder(problem(e, locale));
		fieldErrors(e, locale).forEach((field, message) -> text.append(' ')
				.append(text("access.field." + field, locale)).append(" : ").append(message));
		redirect.addFlashAttribute("problem", text.toString());
	}

	void notice(RedirectAttributes redirect, String key, Locale locale, Object... args) {
		redirect.addFlashAttribute("notice", messages.getMessage(key, args, locale));
	}
}
