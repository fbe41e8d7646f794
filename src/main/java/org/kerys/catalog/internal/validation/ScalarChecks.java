package org.kerys.catalog.internal.validation;

import java.math.BigDecimal;
import java.math.BigInteger;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * The checks of a single string or number against its schema: characters, emptiness, length, enumeration, format,
 * pattern, range. An enumeration that fails is the only problem reported for its value (ERR-302): its format or
 * pattern says nothing more.
 */
final class ScalarChecks {

	/** A string longer than this is refused whatever the spec says: no description needs it, a flood might. */
	static final int MAX_TEXT = 100_000;

	private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
	private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

	private final boolean lenient;
	private final Findings findings;

	ScalarChecks(boolean lenient, Findings findings) {
		this.lenient = lenient;
		this.findings = findings;
	}

	/** Checks a string; returns the node to keep (lenient mode strips forbidden characters). */
	JsonNode text(JsonNode node, Schema schema, String path) {
		JsonNode result = clean(node, path);
		String text = Formats.withoutForbidden(node.asString());
		if (text.isBlank()) {
			findings.error(Message.EMPTY, path);
			return result;
		}
		int length = text.codePointCount(0, text.length());
		int maxLength = schema.maxLength != null ? schema.maxLength : MAX_TEXT;
		if (length > maxLength) {
			findings.error(Message.TOO_LONG, path, maxLength);
		}
		if (schema.minLength != null && length < schema.minLength) {
			findings.error(Message.TOO_SHORT, path, schema.minLength);
		}
		if (schema.enumeration != null) {
			if (!schema.enumeration.contains(text)) {
				findings.error(Message.NOT_IN_LIST, path, text);
			}
			return result;
		}
		if (schema.format != null && !Formats.matches(schema.format, text)) {
			findings.error(Message.BAD_FORMAT, path, findings.kind(schema.format));
		}
		else if (schema.pattern != null && !schema.pattern.matcher(text).find()) {
			findings.error(Message.NO_MATCH, path, schema.pattern.pattern());
		}
		return result;
	}

	void number(JsonNode node, Schema schema, String path) {
		BigDecimal value = node.decimalValue();
		if ("int64".equals(schema.format) || schema.types.contains("integer")) {
			BigInteger integral = value.toBigInteger();
			if (integral.compareTo(LONG_MIN) < 0 || integral.compareTo(LONG_MAX) > 0) {
				findings.error(Message.OUT_OF_RANGE, path, "int64");
				return;
			}
		}
		if ("int32".equals(schema.format) && (value.compareTo(BigDecimal.valueOf(Integer.MIN_VALUE)) < 0
				|| value.compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) > 0)) {
			findings.error(Message.OUT_OF_RANGE, path, "int32");
			return;
		}
		if ((schema.minimum != null && value.compareTo(schema.minimum) < 0)
				|| (schema.maximum != null && value.compareTo(schema.maximum) > 0)) {
			findings.error(Message.OUT_OF_RANGE, path, (schema.minimum == null ? "…" : schema.minimum.toPlainString())
					+ " – " + (schema.maximum == null ? "…" : schema.maximum.toPlainString()));
		}
	}

	/** Reports forbidden characters; in lenient mode returns the text without them. */
	JsonNode clean(JsonNode node, String path) {
		String clean = Formats.withoutForbidden(node.asString());
		if (clean.equals(node.asString())) {
			return node;
		}
		if (lenient) {
			findings.warning(Message.FORBIDDEN_CHARACTERS_REMOVED, path);
			return JsonNodeFactory.instance.stringNode(clean);
		}
		findings.error(Message.FORBIDDEN_CHARACTERS, path);
		return node;
	}
}
