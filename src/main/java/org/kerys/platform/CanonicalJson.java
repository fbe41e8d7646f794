package org.kerys.platform;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One text for one JSON value (what the audit ledger hashes, and the SHA-256 of published treatments), whatever the order of its keys or the spelling of its numbers, so that details read
 * back from PostgreSQL's JSONB (which reorders keys and respells numbers) hash as they did when written.
 * <ul>
 * <li>no whitespace; object members sorted by key, comparing UTF-16 code units ({@link String#compareTo});</li>
 * <li>strings in double quotes; {@code "} and {@code \} escaped with a backslash, U+0008, U+0009, U+000A, U+000C,
 * U+000D as {@code \b \t \n \f \r}, other characters below U+0020 as {@code \}{@code u00xx} (lower-case hex);
 * everything else as is (the text is hashed as UTF-8);</li>
 * <li>numbers in plain decimal notation, without exponent, without trailing zeros after the decimal point, and
 * without the point when nothing follows it: {@code 1.50} → {@code 1.5}, {@code 1e3} → {@code 1000},
 * {@code 2.0} → {@code 2}, {@code -0} → {@code 0};</li>
 * <li>{@code true}, {@code false}, {@code null}.</li>
 * </ul>
 */
public final class CanonicalJson {

	/** Reads floating-point numbers as written, not through {@code double}. */
	public static final JsonMapper MAPPER = JsonMapper.builder().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
			.build();

	private CanonicalJson() {
	}

	public static String write(JsonNode node) {
		StringBuilder out = new StringBuilder();
		write(node, out);
		return out.toString();
	}

	public static JsonNode read(String text) {
		return MAPPER.readTree(text);
	}

	public static void write(JsonNode node, StringBuilder out) {
		if (node == null || node.isNull() || node.isMissingNode()) {
			out.append("null");
		}
		else if (node.isObject()) {
			List<Map.Entry<String, JsonNode>> members = new ArrayList<>(node.properties());
			members.sort(Map.Entry.comparingByKey());
			out.append('{');
			for (int i = 0; i < members.size(); i++) {
				if (i > 0) {
					out.append(',');
				}
				string(members.get(i).getKey(), out);
				out.append(':');
				write(members.get(i).getValue(), out);
			}
			out.append('}');
		}
		else if (node.isArray()) {
			out.append('[');
			int i = 0;
			for (JsonNode item : node.values()) {
				if (i++ > 0) {
					out.append(',');
				}
				write(item, out);
			}
			out.append(']');
		}
		else if (node.isString()) {
			string(node.stringValue(), out);
		}
		else if (node.isNumber()) {
			out.append(number(node));
		}
		else if (node.isBoolean()) {
			out.append(node.booleanValue());
		}
		else {
			throw new IllegalArgumentException("Not a JSON value: " + node.getNodeType());
		}
	}

	public static String number(JsonNode node) {
		BigDecimal value;
		if (node.isDouble() || node.isFloat()) {
			double d = node.doubleValue();
			if (!Double.isFinite(d)) {
				throw new IllegalArgumentException("Not a JSON number: " + d);
			}
			value = BigDecimal.valueOf(d);
		}
		else {
			value = node.decimalValue();
		}
		return value.signum() == 0 ? "0" : value.stripTrailingZeros().toPlainString();
	}

	public static void string(String value, StringBuilder out) {
		out.append('"');
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			switch (c) {
				case '"' -> out.append("\\\"");
				case '\\' -> out.append("\\\\");
				case '\b' -> out.append("\\b");
				case '\t' -> out.append("\\t");
				case '\n' -> out.append("\\n");
				case '\f' -> out.append("\\f");
				case '\r' -> out.append("\\r");
				default -> {
					if (c < 0x20) {
						out.append(String.format("\\u%04x", (int) c));
					}
					else {
						out.append(c);
					}
				}
			}
		}
		out.append('"');
	}
}
