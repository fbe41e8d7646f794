package org.kerys.federation.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.kerys.platform.ProblemException;
import org.kerys.platform.ProblemException.FieldError;
import org.springframework.scheduling.support.CronExpression;
import tools.jackson.databind.JsonNode;

/**
 * Checks shared by the registrations of federation (nodes, harvest sources): each adds its problem to the list, with
 * the field and a RUDI code, so that a registration reports every problem at once.
 */
public final class FieldChecks {

	private FieldChecks() {
	}

	/** ERR-101 (thrown) unless a JSON object; ERR-102 for each field not in {@code known}. */
	public static void object(JsonNode body, Set<String> known, List<FieldError> errors) {
		if (body == null || !body.isObject()) {
			throw ProblemException.badRequest("ERR-101", "The body must be a JSON object.");
		}
		for (String field : body.propertyNames()) {
			if (!known.contains(field)) {
				errors.add(new FieldError("ERR-102", field, "Unknown field."));
			}
		}
	}

	/**
	 * An absolute http(s) URL without credentials or fragment (nor query unless {@code query}), at most 2000
	 * characters, its trailing {@code /} dropped: ERR-202 when missing (with {@code missing} as message), ERR-201
	 * otherwise.
	 */
	public static String url(JsonNode value, String field, String missing, boolean query, List<FieldError> errors) {
		if (value == null || value.isNull()) {
			errors.add(new FieldError("ERR-202", field, missing));
			return null;
		}
		String url = value.isString() ? value.stringValue().strip() : "";
		try {
			URI uri = new URI(url);
			String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
			if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null && uri.getUserInfo() == null
					&& (query || uri.getRawQuery() == null) && uri.getRawFragment() == null && url.length() <= 2000) {
				return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
			}
		}
		catch (URISyntaxException e) {
			// reported below
		}
		errors.add(new FieldError("ERR-201", field, query
				? "An absolute http or https URL, without credentials or fragment."
				: "An absolute http or https URL, without credentials, query or fragment."));
		return null;
	}

	/** A cron expression (five fields, or Spring's six), or null; ERR-201 otherwise. */
	public static String schedule(JsonNode value, String field, List<FieldError> errors) {
		if (value == null || value.isNull()) {
			return null;
		}
		String cron = value.isString() ? value.stringValue().strip() : "";
		if (!cron.isEmpty() && CronExpression.isValidExpression(cronOf(cron))) {
			return cron;
		}
		errors.add(new FieldError("ERR-201", field,
				"A cron expression (\"minute hour day month weekday\", or with seconds first), or null."));
		return null;
	}

	/** A classic five-field cron gets Spring's leading seconds field. */
	public static String cronOf(String schedule) {
		return schedule.trim().split("\\s+").length == 5 ? "0 " + schedule.trim() : schedule.trim();
	}

	/** true or false, absent meaning false; ERR-201 otherwise. */
	public static boolean flag(JsonNode value, String field, List<FieldError> errors) {
		if (value != null && !value.isNull() && !value.isBoolean()) {
			errors.add(new FieldError("ERR-201", field, "true or false."));
			return false;
		}
		return value != null && value.asBoolean(false);
	}
}
