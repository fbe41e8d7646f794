package org.kerys.catalog.internal.validation;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.kerys.platform.ProblemException.FieldError;

/** Collects the errors and warnings of one validation, worded in the request's language. */
final class Findings {

	private final Locale locale;
	private final List<FieldError> errors = new ArrayList<>();
	private final List<FieldError> warnings = new ArrayList<>();

	Findings(Locale locale) {
		this.locale = locale;
	}

	Locale locale() {
		return locale;
	}

	void error(Message message, String path, Object... args) {
		errors.add(new FieldError(message.code(), path, message.text(locale, args)));
	}

	void warning(Message message, String path, Object... args) {
		warnings.add(new FieldError(message.code(), path, message.text(locale, args)));
	}

	String kind(String kind) {
		return Message.kind(kind, locale);
	}

	List<FieldError> errors() {
		return List.copyOf(errors);
	}

	List<FieldError> warnings() {
		return List.copyOf(warnings);
	}

	static String child(String path, String name) {
		return path.isEmpty() ? name : path + "." + name;
	}

	static String item(String path, int index) {
		return path + "[" + index + "]";
	}
}
