package org.kerys.catalog.internal.validation;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Checks a JSON value against a {@link Schema}, reporting every problem with its RUDI code and path. In lenient
 * mode it also repairs what has one obvious repair, on the (copied) tree it walks, and reports each repair as a
 * warning carrying the code strict mode would have given: numbers and booleans sent as strings are converted,
 * unknown fields and {@code null} values are removed, forbidden characters are stripped, a missing
 * {@code DictionaryEntry.lang} takes the dataset's first language, and a dataset without any media is accepted.
 * <p>
 * Paths are those of the input (a removed array item does not shift the paths of the next ones).
 */
final class SchemaWalker {

	private static final Pattern INTEGER = Pattern.compile("-?\\d{1,18}");
	private static final Pattern DECIMAL = Pattern.compile("-?\\d+(\\.\\d+)?([eE][-+]?\\d+)?");
	private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

	private final boolean lenient;
	private final Findings findings;
	private final String defaultLanguage;
	private final ScalarChecks scalars;

	SchemaWalker(ValidationMode mode, Findings findings, String defaultLanguage) {
		this.lenient = mode == ValidationMode.LENIENT;
		this.findings = findings;
		this.defaultLanguage = defaultLanguage;
		this.scalars = new ScalarChecks(lenient, findings);
	}

	/** Checks {@code node}; returns the node to keep in its place (the same one unless lenient mode replaced it). */
	JsonNode walk(JsonNode node, Schema schema, String path) {
		if (schema.isAny()) {
			return freeForm(node, path);
		}
		Schema actual = schema;
		boolean closed = schema.closed;
		if (schema.discriminator != null && node.isObject()) {
			Schema mapped = schema.mapping.get(node.path(schema.discriminator).asString(""));
			actual = mapped != null ? mapped : schema;
			// Without a known subtype the fields of every subtype may be there: report the discriminator, not them.
			closed = mapped != null && mapped.closed;
		}
		JsonNode value = node;
		if (!hasType(value, actual)) {
			JsonNode converted = lenient ? convert(value, actual) : null;
			if (converted == null) {
				findings.error(Message.WRONG_TYPE, path, findings.kind(actual.types.iterator().next()));
				return node;
			}
			findings.warning(Message.CONVERTED, path, value.asString(), findings.kind(actual.types.iterator().next()));
			value = converted;
		}
		if (value.isObject()) {
			walkObject((ObjectNode) value, actual, closed, path);
		}
		else if (value.isArray()) {
			walkArray((ArrayNode) value, actual, path);
		}
		else if (value.isString()) {
			value = scalars.text(value, actual, path);
		}
		else if (value.isNumber()) {
			scalars.number(value, actual, path);
		}
		return value;
	}

	private void walkObject(ObjectNode object, Schema schema, boolean closed, String path) {
		for (String name : schema.required) {
			JsonNode value = object.get(name);
			if (value == null || value.isNull()) {
				if (lenient && value == null && "DictionaryEntry".equals(schema.name) && "lang".equals(name)) {
					object.put(name, defaultLanguage);
					findings.warning(Message.DEFAULTED, Findings.child(path, name), "\"" + defaultLanguage + "\"");
				}
				else {
					findings.error(Message.MISSING, Findings.child(path, name));
				}
			}
		}
		for (String name : new ArrayList<>(object.propertyNames())) {
			JsonNode value = object.get(name);
			String childPath = Findings.child(path, name);
			Schema property = schema.properties.get(name);
			if (property == null && closed) {
				if (lenient) {
					object.remove(name);
					findings.warning(Message.UNKNOWN_FIELD_REMOVED, childPath);
				}
				else {
					findings.error(Message.UNKNOWN_FIELD, childPath);
				}
			}
			else if (property == null) {
				object.set(name, freeForm(value, childPath));
			}
			else if (value.isNull()) {
				if (schema.required.contains(name)) {
					continue; // reported above as missing
				}
				if (lenient) {
					object.remove(name);
					findings.warning(Message.NULL_REMOVED, childPath);
				}
				else {
					findings.error(Message.WRONG_TYPE, childPath, findings.kind(typeOf(property)));
				}
			}
			else {
				JsonNode checked = walk(value, property, childPath);
				if (checked != value) {
					object.set(name, checked);
				}
			}
		}
	}

	private void walkArray(ArrayNode array, Schema schema, String path) {
		List<JsonNode> kept = new ArrayList<>(array.size());
		boolean changed = false;
		for (int i = 0; i < array.size(); i++) {
			JsonNode item = array.get(i);
			String itemPath = Findings.item(path, i);
			if (item.isNull() && lenient) {
				findings.warning(Message.NULL_REMOVED, itemPath);
				changed = true;
				continue;
			}
			if (item.isNull()) {
				findings.error(Message.WRONG_TYPE, itemPath, findings.kind(schema.items == null ? "object" : typeOf(schema.items)));
				kept.add(item);
				continue;
			}
			JsonNode checked = schema.items == null ? freeForm(item, itemPath) : walk(item, schema.items, itemPath);
			changed |= checked != item;
			kept.add(checked);
		}
		if (changed) {
			array.removeAll();
			array.addAll(kept);
		}
		if (schema.minItems != null && kept.size() < schema.minItems) {
			if (lenient && kept.isEmpty() && "available_formats".equals(path)) {
				// The spec itself says metadata may exist without data (storage_status); real catalogues have such records.
				findings.warning(Message.NO_MEDIA, path);
			}
			else {
				findings.error(Message.TOO_FEW_ITEMS, path, schema.minItems);
			}
		}
		if (schema.maxItems != null && kept.size() > schema.maxItems) {
			findings.error(Message.TOO_MANY_ITEMS, path, schema.maxItems);
		}
	}

	/** A value the spec leaves open: only its texts are checked (and cleaned in lenient mode). */
	private JsonNode freeForm(JsonNode node, String path) {
		if (node.isString()) {
			return scalars.clean(node, path);
		}
		if (node.isObject()) {
			ObjectNode object = (ObjectNode) node;
			for (String name : new ArrayList<>(object.propertyNames())) {
				object.set(name, freeForm(object.get(name), Findings.child(path, name)));
			}
		}
		else if (node.isArray()) {
			ArrayNode array = (ArrayNode) node;
			for (int i = 0; i < array.size(); i++) {
				array.set(i, freeForm(array.get(i), Findings.item(path, i)));
			}
		}
		return node;
	}

	private static boolean hasType(JsonNode node, Schema schema) {
		if (schema.types.isEmpty()) {
			return true;
		}
		for (String type : schema.types) {
			boolean matches = switch (type) {
				case "object" -> node.isObject();
				case "array" -> node.isArray();
				case "string" -> node.isString();
				case "boolean" -> node.isBoolean();
				case "number" -> node.isNumber();
				case "integer" -> node.isIntegralNumber() || (node.isNumber() && node.canConvertToExactIntegral());
				default -> true;
			};
			if (matches) {
				return true;
			}
		}
		return false;
	}

	/** Lenient: a number or boolean sent as a string. */
	private static JsonNode convert(JsonNode node, Schema schema) {
		if (!node.isString()) {
			return null;
		}
		String text = node.asString().trim();
		if (schema.types.contains("integer") && INTEGER.matcher(text).matches()) {
			return NODES.numberNode(Long.parseLong(text));
		}
		if (schema.types.contains("number") && DECIMAL.matcher(text).matches()) {
			return NODES.numberNode(new BigDecimal(text));
		}
		if (schema.types.contains("boolean") && ("true".equals(text) || "false".equals(text))) {
			return NODES.booleanNode(Boolean.parseBoolean(text));
		}
		return null;
	}

	private static String typeOf(Schema schema) {
		return schema.types.isEmpty() ? "object" : schema.types.iterator().next();
	}
}
