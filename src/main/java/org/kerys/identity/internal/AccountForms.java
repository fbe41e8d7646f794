package org.kerys.identity.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.kerys.platform.ProblemException.FieldError;

/**
 * The errors of a portal form: field name → message key (in {@code i18n/accounts*.properties}), the first error of
 * each field only. Pages list them at the top of the form and next to each field (linked by
 * {@code aria-describedby}).
 */
final class AccountForms {

	private AccountForms() {
	}

	static Map<String, String> errors() {
		return new LinkedHashMap<>();
	}

	/** The errors of {@link Credentials}, on the page's field names. */
	static void add(Map<String, String> errors, List<FieldError> checks) {
		for (FieldError error : checks) {
			errors.putIfAbsent(error.field(), "account.error." + error.code());
		}
	}

	/** A form value as typed, without surrounding blanks; null when empty. */
	static String clean(String value) {
		return value == null || value.isBlank() ? null : value.strip();
	}
}
