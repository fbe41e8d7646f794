package org.kerys.audit.internal;

import org.kerys.platform.CanonicalJson;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * An entry waiting to be appended: its sequence number, time and hashes are given when it joins the chain. Text is
 * made storable on the way in (PostgreSQL refuses U+0000 and broken UTF-16 in text and JSONB, and a failed login may
 * carry anything), and over-long text is cut.
 */
record NewEntry(String actor, String action, String targetType, String targetId, String outcome, JsonNode details) {

	static final int MAX_TEXT = 512;

	static NewEntry of(String actor, String action, String targetType, String targetId, String outcome,
			Map<String, Object> details) {
		if (action == null || action.isBlank() || outcome == null || outcome.isBlank()) {
			throw new IllegalArgumentException("An audit entry needs an action and an outcome");
		}
		JsonNode tree = details == null ? JsonNodeFactory.instance.objectNode()
				: clean(CanonicalJson.MAPPER.valueToTree(details));
		return new NewEntry(text(actor), text(action), text(targetType), text(targetId), text(outcome), tree);
	}

	static String text(String value) {
		if (value == null) {
			return null;
		}
		String cut = value.length() > MAX_TEXT ? value.substring(0, MAX_TEXT) + "…" : value;
		StringBuilder out = new StringBuilder(cut.length());
		for (int i = 0; i < cut.length(); i++) {
			char c = cut.charAt(i);
			if (c == 0) {
				out.append('\uFFFD');
			}
			else if (Character.isHighSurrogate(c) && i + 1 < cut.length() && Character.isLowSurrogate(cut.charAt(i + 1))) {
				out.append(c).append(cut.charAt(++i));
			}
			else if (Character.isSurrogate(c)) {
				out.append('\uFFFD');
			}
			else {
				out.append(c);
			}
		}
		return out.toString();
	}

	private static JsonNode clean(JsonNode node) {
		JsonNodeFactory nodes = JsonNodeFactory.instance;
		if (node.isObject()) {
			ObjectNode copy = nodes.objectNode();
			node.properties().forEach(member -> copy.set(text(member.getKey()), clean(member.getValue())));
			return copy;
		}
		if (node.isArray()) {
			ArrayNode copy = nodes.arrayNode();
			node.values().forEach(item -> copy.add(clean(item)));
			return copy;
		}
		if (node.isString()) {
			return nodes.stringNode(text(node.stringValue()));
		}
		if ((node.isDouble() || node.isFloat()) && !Double.isFinite(node.doubleValue())) {
			return nodes.stringNode(Double.toString(node.doubleValue()));
		}
		if (node.isNumber() || node.isBoolean() || node.isNull()) {
			return node;
		}
		// binary, POJO: their text
		return nodes.stringNode(text(node.asString()));
	}
}
