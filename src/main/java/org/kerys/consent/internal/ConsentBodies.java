package org.kerys.consent.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.kerys.platform.ProblemException;
import org.kerys.platform.ProblemException.FieldError;
import org.springframework.http.HttpStatus;
import tools.jackson.databind.JsonNode;

/**
 * Reads the small JSON bodies of the consent API by hand, so that every mistake is a 400 with its field and code:
 * unknown fields (ERR-102), missing ones (ERR-202), wrong types (ERR-201), all reported at once.
 */
final class ConsentBodies {

	private final JsonNode body;
	private final List<FieldError> errors = new ArrayList<>();

	private ConsentBodies(JsonNode body, Set<String> fields) {
		if (body == null || !body.isObject()) {
			throw ProblemException.badRequest("ERR-101", "The body must be a JSON object.");
		}
		this.body = body;
		body.propertyNames().forEach(name -> {
			if (!fields.contains(name)) {
				errors.add(new FieldError("ERR-102", name, "Unknown field."));
			}
		});
	}

	static ConsentBodies of(JsonNode body, Set<String> fields) {
		return new ConsentBodies(body, fields);
	}

	UUID uuid(String path) {
		JsonNode value = at(path);
		if (value.isMissingNode() || value.isNull()) {
			errors.add(new FieldError("ERR-202", path, "Required: an id (UUID)."));
			return null;
		}
		try {
			return UUID.fromString(value.asString(""));
		}
		catch (IllegalArgumentException e) {
			errors.add(new FieldError("ERR-201", path, "An id (UUID)."));
			return null;
		}
	}

	Integer integer(String path) {
		JsonNode value = at(path);
		if (value.isMissingNode() || value.isNull()) {
			errors.add(new FieldError("ERR-202", path, "Required: a version number."));
			return null;
		}
		if (!value.isIntegralNumber() || value.asLong() < 1 || value.asLong() > Integer.MAX_VALUE) {
			errors.add(new FieldError("ERR-201", path, "A positive whole number."));
			return null;
		}
		return value.asInt();
	}

	String text(String path, int max) {
		JsonNode value = at(path);
		if (value.isMissingNode() || value.isNull()) {
			return null;
		}
		if (!value.isString() || value.asString().length() > max) {
			errors.add(new FieldError("ERR-201", path, "A text of at most " + max + " characters."));
			return null;
		}
		return value.asString().isBlank() ? null : value.asString().strip();
	}

	/** An object field whose own fields are checked too. */
	JsonNode object(String path, Set<String> fields) {
		JsonNode value = at(path);
		if (value.isMissingNode() || value.isNull()) {
			errors.add(new FieldError("ERR-202", path, "Required: an object."));
			return null;
		}
		if (!value.isObject()) {
			errors.add(new FieldError("ERR-201", path, "An object."));
			return null;
		}
		value.propertyNames().forEach(name -> {
			if (!fields.contains(name)) {
				errors.add(new FieldError("ERR-102", path + "." + name, "Unknown field."));
			}
		});
		return value;
	}

	/** Throws the errors found, if any. */
	void done() {
		if (!errors.isEmpty()) {
			throw new ProblemException(HttpStatus.BAD_REQUEST, errors.get(0).code(), "The body has errors.", errors);
		}
	}

	private JsonNode at(String path) {
		JsonNode node = body;
		for (String part : path.split("\\.")) {
			node = node.path(part);
		}
		return node;
	}
}
