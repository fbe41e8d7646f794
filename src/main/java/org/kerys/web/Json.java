package org.kerys.web;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;

/**
 * Lenient reads of RUDI metadata: real records are messier than the specification (sizes as strings, empty
 * values), and a page must show what is there rather than fail on what is not.
 */
final class Json {

	private Json() {
	}

	/** The trimmed text of a scalar, or null when absent, null, empty or not a scalar. */
	static String text(JsonNode node) {
		if (node == null || !node.isValueNode() || node.isNull()) {
			return null;
		}
		String text = node.asString().strip();
		return text.isEmpty() ? null : text;
	}

	/** A whole number, also when written as a string ("343687"), or null. */
	static Long number(JsonNode node) {
		if (node != null && node.isNumber() && node.canConvertToLong()) {
			return node.asLong();
		}
		String text = text(node);
		if (text != null && text.matches("\\d{1,18}")) {
			return Long.parseLong(text);
		}
		return null;
	}

	static List<String> texts(JsonNode array) {
		List<String> texts = new ArrayList<>();
		if (array != null && array.isArray()) {
			for (JsonNode item : array) {
				String text = text(item);
				if (text != null) {
					texts.add(text);
				}
			}
		}
		return texts;
	}

	/**
	 * A link a page may offer: http(s) or a path on Kerys. Anything else ({@code javascript:}, {@code data:})
	 * comes from a producer's metadata and must not become a clickable link.
	 */
	static String safeUrl(String url) {
		if (url == null) {
			return null;
		}
		if (url.startsWith("/") && !url.startsWith("//")) {
			return url;
		}
		try {
			String scheme = new URI(url).getScheme();
			return scheme != null && (scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https")) ? url
					: null;
		}
		catch (URISyntaxException malformed) {
			return null;
		}
	}
}
