package org.kerys.platform;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;

import org.kerys.platform.ProblemException.FieldError;
import org.springframework.context.MessageSource;
import org.springframework.http.HttpStatus;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * A module's page words for the services' problems, read from its messages under its prefix: a problem by its code
 * ({@code <prefix>.problem.<code>}, else {@code <prefix>.problem.generic}), a field's error by field and code
 * ({@code <prefix>.error.<field>.<code>}), else by code alone ({@code <prefix>.error.<code>}, else
 * {@code <prefix>.error.generic}), and the notices and problems of an action said on the page it redirects to. A
 * refusal of the caller's right (401, 403) is never a message on a form: it stays the error page.
 */
public final class PageWords {

	/** What a problem said on the page an action redirects to adds after its message, for each field in error. */
	public enum FieldsSaid {
		/** nothing: the problem's message alone */
		NONE,
		/** the field's message */
		MESSAGES,
		/** the field's label ({@code <prefix>.field.<field>}), " : ", and its message */
		LABELLED
	}

	/** A list item's field ({@code themes[2]}) is said at its list's input ({@code themes}). */
	public static final UnaryOperator<String> LIST_ITEM_AS_LIST = field -> field.replaceAll("\\[\\d+\\]$", "");

	private final MessageSource messages;
	private final String prefix;
	private final UnaryOperator<String> input;
	private final FieldsSaid redirected;

	/**
	 * @param prefix the module's messages' prefix ({@code access}, {@code selfdata}, …)
	 * @param input the form input a field error belongs to, from the error's field
	 * @param redirected what a problem said on a redirect adds for its field errors
	 */
	public PageWords(MessageSource messages, String prefix, UnaryOperator<String> input, FieldsSaid redirected) {
		this.messages = messages;
		this.prefix = prefix;
		this.input = input;
		this.redirected = redirected;
	}

	/** The message of this key, or the key itself when there is none. */
	public String text(String key, Locale locale, Object... args) {
		return messages.getMessage(key, args, key, locale);
	}

	public String problem(ProblemException e, Locale locale) {
		return messages.getMessage(prefix + ".problem." + e.code(), null,
				messages.getMessage(prefix + ".problem.generic", null, locale), locale);
	}

	/** Form input → message in the page's language; the first error of each input. */
	public Map<String, String> fieldErrors(ProblemException e, Locale locale) {
		return fieldErrors(e, input, locale);
	}

	/** Form input (as {@code input} names it) → message in the page's language; the first error of each input. */
	public Map<String, String> fieldErrors(ProblemException e, UnaryOperator<String> input, Locale locale) {
		Map<String, String> errors = new LinkedHashMap<>();
		for (FieldError error : e.errors()) {
			String field = input.apply(error.field());
			errors.putIfAbsent(field, messages.getMessage(prefix + ".error." + field + "." + error.code(), null,
					messages.getMessage(prefix + ".error." + error.code(), null,
							messages.getMessage(prefix + ".error.generic", null, locale), locale),
					locale));
		}
		return errors;
	}

	/** Rethrows a refusal of the caller's right: the error page, not a message on a form. */
	public static void rethrowRefusal(ProblemException e) {
		if (e.status() == HttpStatus.FORBIDDEN || e.status() == HttpStatus.UNAUTHORIZED) {
			throw e;
		}
	}

	/** A refused action, said on the page it leads back to; a refusal of the caller's right stays an error page. */
	public void problem(RedirectAttributes redirect, ProblemException e, Locale locale) {
		rethrowRefusal(e);
		StringBuilder text = new StringBuilder(problem(e, locale));
		if (redirected != FieldsSaid.NONE) {
			fieldErrors(e, locale).forEach((field, message) -> {
				text.append(' ');
				if (redirected == FieldsSaid.LABELLED) {
					text.append(text(prefix + ".field." + field, locale)).append(" : ");
				}
				text.append(message);
			});
		}
		redirect.addFlashAttribute("problem", text.toString());
	}

	public void notice(RedirectAttributes redirect, String key, Locale locale, Object... args) {
		redirect.addFlashAttribute("notice", messages.getMessage(key, args, locale));
	}
}
