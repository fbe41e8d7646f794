package org.kerys.consent.internal;

import java.time.Period;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.kerys.platform.ProblemException;
import org.kerys.platform.ProblemException.FieldError;
import org.springframework.http.HttpStatus;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The content of a treatment version (a processing record, GDPR art. 30), read from a request body and checked
 * field by field: every mistake is a 400 with its field and code, all at once. Texts people read are in French and
 * English: {@code {"fr": "…", "en": "…"}} (at least one). What is kept is rebuilt from the checked values only, in a
 * fixed shape, so its canonical JSON (and SHA-256) depends on nothing but the content.
 *
 * <pre>
 * {"title": text, "description": text?, "controller": {"name", "address"?, "email"?},
 *  "dpo": {"name"?, "email"}, "purposes": [text, …], "legal_basis": one of LEGAL_BASES,
 *  "data_categories": [text, …], "recipients": [text, …], "retention": {"duration": ISO-8601 period, "description": text?},
 *  "transfers_outside_eu": {"any": boolean, "details": text?}, "security_measures": [text, …],
 *  "data_subject_categories": [text, …]}
 * </pre>
 */
final class TreatmentContent {

	static final List<String> LEGAL_BASES = List.of("consent", "contract", "legal_obligation", "public_task",
			"vital_interest", "legitimate_interest");
	static final Set<String> FIELDS = Set.of("title", "description", "controller", "dpo", "purposes", "legal_basis",
			"data_categories", "recipients", "retention", "transfers_outside_eu", "security_measures",
			"data_subject_categories");
	private static final Set<String> LANGUAGES = Set.of("fr", "en");
	private static final int TEXT_MAX = 4000;
	private static final int LIST_MAX = 50;
	private static final Period RETENTION_MAX = Period.ofYears(10);

	private TreatmentContent() {
	}

	/**
	 * The checked content of {@code body}, ignoring the fields in {@code alsoAllowed} (e.g. {@code organization_id}).
	 *
	 * @throws ProblemException 400 with every problem found
	 */
	static ObjectNode read(JsonNode body, Set<String> alsoAllowed) {
		if (body == null || !body.isObject()) {
			throw ProblemException.badRequest("ERR-101", "The body must be a JSON object.");
		}
		List<FieldError> errors = new ArrayList<>();
		body.propertyNames().forEach(name -> {
			if (!FIELDS.contains(name) && !alsoAllowed.contains(name)) {
				errors.add(new FieldError("ERR-102", name, "Unknown field."));
			}
		});
		ObjectNode out = JsonNodeFactory.instance.objectNode();
		out.set("title", text(body.path("title"), "title", true, errors));
		JsonNode description = text(body.path("description"), "description", false, errors);
		if (description != null) {
			out.set("description", description);
		}
		out.set("controller", party(body.path("controller"), "controller", true, errors));
		out.set("dpo", party(body.path("dpo"), "dpo", false, errors));
		out.set("purposes", texts(body.path("purposes"), "purposes", true, errors));
		JsonNode basis = body.path("legal_basis");
		if (basis.isMissingNode() || basis.isNull()) {
			errors.add(new FieldError("ERR-202", "legal_basis", "Required: one of " + LEGAL_BASES + "."));
		}
		else if (!basis.isString() || !LEGAL_BASES.contains(basis.asString())) {
			errors.add(new FieldError("ERR-201", "legal_basis", "One of " + LEGAL_BASES + "."));
		}
		else {
			out.put("legal_basis", basis.asString());
		}
		out.set("data_categories", texts(body.path("data_categories"), "data_categories", true, errors));
		out.set("recipients", texts(body.path("recipients"), "recipients", false, errors));
		out.set("retention", retention(body.path("retention"), errors));
		out.set("transfers_outside_eu", transfers(body.path("transfers_outside_eu"), errors));
		out.set("security_measures", texts(body.path("security_measures"), "security_measures", false, errors));
		out.set("data_subject_categories",
				texts(body.path("data_subject_categories"), "data_subject_categories", false, errors));
		if (!errors.isEmpty()) {
			throw new ProblemException(HttpStatus.BAD_REQUEST, errors.get(0).code(), "The treatment has errors.",
					errors);
		}
		return out;
	}

	/** How long a consent under this content lasts. */
	static Period retention(JsonNode content) {
		return Period.parse(content.path("retention").path("duration").asString());
	}

	/** A text in this language, else in the other one. */
	static String in(JsonNode text, Locale locale) {
		if (text == null || !text.isObject()) {
			return "";
		}
		String wanted = "en".equals(locale.getLanguage()) ? "en" : "fr";
		String other = "en".equals(wanted) ? "fr" : "en";
		String value = text.path(wanted).asString("");
		return value.isBlank() ? text.path(other).asString("") : value;
	}

	/** Every text of a list in this language. */
	static List<String> all(JsonNode texts, Locale locale) {
		List<String> out = new ArrayList<>();
		if (texts != null && texts.isArray()) {
			texts.values().forEach(t -> out.add(in(t, locale)));
		}
		return out;
	}

	private static JsonNode text(JsonNode node, String field, boolean required, List<FieldError> errors) {
		if (node.isMissingNode() || node.isNull()) {
			if (required) {
				errors.add(new FieldError("ERR-202", field, "Required: {\"fr\": \"…\", \"en\": \"…\"}."));
			}
			return null;
		}
		if (!node.isObject()) {
			errors.add(new FieldError("ERR-201", field, "A text in French and English: {\"fr\": \"…\", \"en\": \"…\"}."));
			return null;
		}
		ObjectNode out = JsonNodeFactory.instance.objectNode();
		for (String lang : List.of("en", "fr")) {
			JsonNode value = node.path(lang);
			if (value.isMissingNode() || value.isNull()) {
				continue;
			}
			if (!value.isString() || value.asString().length() > TEXT_MAX) {
				errors.add(new FieldError("ERR-201", field + "." + lang, "A text of at most " + TEXT_MAX + " characters."));
			}
			else if (!value.asString().isBlank()) {
				out.put(lang, value.asString().strip());
			}
		}
		node.propertyNames().forEach(name -> {
			if (!LANGUAGES.contains(name)) {
				errors.add(new FieldError("ERR-102", field + "." + name, "Languages are fr and en."));
			}
		});
		if (out.isEmpty()) {
			errors.add(new FieldError("ERR-202", field, "A text in French or English (or both) is required."));
			return null;
		}
		return out;
	}

	private static ArrayNode texts(JsonNode node, String field, boolean required, List<FieldError> errors) {
		ArrayNode out = JsonNodeFactory.instance.arrayNode();
		if (node.isMissingNode() || node.isNull()) {
			if (required) {
				errors.add(new FieldError("ERR-202", field, "Required: a list of texts."));
			}
			return out;
		}
		if (!node.isArray() || node.size() > LIST_MAX) {
			errors.add(new FieldError("ERR-201", field, "A list of at most " + LIST_MAX + " texts."));
			return out;
		}
		for (int i = 0; i < node.size(); i++) {
			JsonNode text = text(node.path(i), field + "[" + i + "]", true, errors);
			if (text != null) {
				out.add(text);
			}
		}
		if (required && node.isEmpty()) {
			errors.add(new FieldError("ERR-202", field, "At least one is required."));
		}
		return out;
	}

	private static ObjectNode party(JsonNode node, String field, boolean nameRequired, List<FieldError> errors) {
		ObjectNode out = JsonNodeFactory.instance.objectNode();
		if (node.isMissingNode() || node.isNull()) {
			errors.add(new FieldError("ERR-202", field, nameRequired ? "Required: {\"name\", \"address\", \"email\"}."
					: "Required: {\"name\", \"email\"}."));
			return out;
		}
		if (!node.isObject()) {
			errors.add(new FieldError("ERR-201", field, "An object {\"name\", \"address\", \"email\"}."));
			return out;
		}
		node.propertyNames().forEach(name -> {
			if (!Set.of("name", "address", "email").contains(name)) {
				errors.add(new FieldError("ERR-102", field + "." + name, "Unknown field."));
			}
		});
		for (String key : List.of("name", "address", "email")) {
			JsonNode value = node.path(key);
			if (value.isMissingNode() || value.isNull() || value.isString() && value.asString().isBlank()) {
				continue;
			}
			if (!value.isString() || value.asString().length() > 500) {
				errors.add(new FieldError("ERR-201", field + "." + key, "A text of at most 500 characters."));
			}
			else if ("email".equals(key) && !value.asString().matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
				errors.add(new FieldError("ERR-201", field + "." + key, "An email address."));
			}
			else {
				out.put(key, value.asString().strip());
			}
		}
		if (nameRequired && !out.has("name")) {
			errors.add(new FieldError("ERR-202", field + ".name", "The controller's name is required."));
		}
		if (!nameRequired && !out.has("email")) {
			errors.add(new FieldError("ERR-202", field + ".email", "How to reach the data protection officer."));
		}
		return out;
	}

	private static ObjectNode retention(JsonNode node, List<FieldError> errors) {
		ObjectNode out = JsonNodeFactory.instance.objectNode();
		if (!node.isObject()) {
			errors.add(new FieldError(node.isMissingNode() || node.isNull() ? "ERR-202" : "ERR-201", "retention",
					"Required: {\"duration\": ISO-8601 period such as \"P1Y\" or \"P6M\", \"description\"}."));
			return out;
		}
		node.propertyNames().forEach(name -> {
			if (!Set.of("duration", "description").contains(name)) {
				errors.add(new FieldError("ERR-102", "retention." + name, "Unknown field."));
			}
		});
		String duration = node.path("duration").asString("");
		try {
			Period period = Period.parse(duration).normalized();
			java.time.LocalDate from = java.time.LocalDate.of(2000, 1, 1);
			if (period.isNegative() || period.isZero() || from.plus(period).isAfter(from.plus(RETENTION_MAX))) {
				errors.add(new FieldError("ERR-201", "retention.duration", "Between one day and ten years."));
			}
			else {
				out.put("duration", period.toString());
			}
		}
		catch (DateTimeParseException e) {
			errors.add(new FieldError(duration.isEmpty() ? "ERR-202" : "ERR-201", "retention.duration",
					"An ISO-8601 period in days, months or years, such as \"P1Y\", \"P6M\" or \"P30D\"."));
		}
		JsonNode description = text(node.path("description"), "retention.description", false, errors);
		if (description != null) {
			out.set("description", description);
		}
		return out;
	}

	private static ObjectNode transfers(JsonNode node, List<FieldError> errors) {
		ObjectNode out = JsonNodeFactory.instance.objectNode();
		if (node.isMissingNode() || node.isNull()) {
			out.put("any", false);
			return out;
		}
		if (!node.isObject() || !node.path("any").isBoolean()) {
			errors.add(new FieldError("ERR-201", "transfers_outside_eu", "{\"any\": true|false, \"details\": text}."));
			return out;
		}
		node.propertyNames().forEach(name -> {
			if (!Set.of("any", "details").contains(name)) {
				errors.add(new FieldError("ERR-102", "transfers_outside_eu." + name, "Unknown field."));
			}
		});
		out.put("any", node.path("any").asBoolean());
		JsonNode details = text(node.path("details"), "transfers_outside_eu.details", node.path("any").asBoolean(),
				errors);
		if (details != null) {
			out.set("details", details);
		}
		return out;
	}
}
