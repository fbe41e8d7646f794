package org.kerys.catalog;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

import tools.jackson.databind.JsonNode;

/** Reading values out of RUDI metadata the same way in every module. */
public final class RudiJson {

	private RudiJson() {
	}

	/** The text of a JSON string, or null when absent or not a string. */
	public static String text(JsonNode node) {
		return node != null && node.isString() ? node.stringValue() : null;
	}

	/** An ISO-8601 date-time with offset, or null when absent or malformed. */
	public static OffsetDateTime time(JsonNode node) {
		String value = text(node);
		try {
			return value == null ? null : OffsetDateTime.parse(value);
		}
		catch (DateTimeParseException e) {
			return null;
		}
	}
}
