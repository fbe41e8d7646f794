package org.kerys.catalog.internal;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.kerys.platform.ProblemException;

/**
 * The parameters of {@code GET /api/v1/resources} turned into SQL: paging, sorting on any metadata field,
 * the {@code updated_after} / {@code updated_before} window (on the time Kerys last changed the record), and
 * equality filters on metadata fields given by their dotted path ({@code producer.organization_id=…}); an
 * array field matches when it contains the value.
 */
record ResourceQuery(int limit, int offset, String where, String orderBy, List<Object> params, List<String> fields) {

	static final int DEFAULT_LIMIT = 100;
	static final int MAX_LIMIT = 500;

	/** The top-level fields of RUDI Metadata 1.4.0: the only ones a filter, sort or projection may name. */
	static final Set<String> METADATA_FIELDS = Set.of("global_id", "local_id", "doi", "resource_title", "synopsis",
			"summary", "theme", "keywords", "producer", "contacts", "available_formats", "resource_languages",
			"temporal_spread", "geography", "dataset_size", "dataset_dates", "storage_status", "access_condition",
			"metadata_info", "collection_tag", "ext_metadata");

	private static final Set<String> CONTROL = Set.of("limit", "offset", "sort_by", "fields", "updated_after",
			"updated_before", "lang");
	private static final Pattern PATH = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*");

	static ResourceQuery parse(Map<String, String> query) {
		int limit = Math.min(integer(query, "limit", DEFAULT_LIMIT, 1), MAX_LIMIT);
		int offset = integer(query, "offset", 0, 0);
		List<String> conditions = new ArrayList<>();
		List<Object> params = new ArrayList<>();
		time(query, "updated_after").ifPresent(t -> {
			conditions.add("updated_at > ?");
			params.add(t);
		});
		time(query, "updated_before").ifPresent(t -> {
			conditions.add("updated_at < ?");
			params.add(t);
		});
		Map<String, String> filters = new LinkedHashMap<>(query);
		filters.keySet().removeAll(CONTROL);
		filters.forEach((name, value) -> {
			String[] path = path(name);
			conditions.add("(metadata #>> ?::text[] = ? or (jsonb_typeof(metadata #> ?::text[]) = 'array' and metadata #> ?::text[] @> jsonb_build_array(?::text)))");
			params.add(path);
			params.add(value);
			params.add(path);
			params.add(path);
			params.add(value);
		});
		List<String> order = new ArrayList<>();
		String sortBy = query.get("sort_by");
		if (sortBy != null && !sortBy.isBlank()) {
			for (String key : sortBy.split(",")) {
				key = key.trim();
				boolean descending = key.startsWith("-");
				String name = descending ? key.substring(1) : key;
				String column = switch (name) {
					case "updated", "updated_at" -> "updated_at";
					case "created", "created_at" -> "created_at";
					case "resource_title" -> "resource_title";
					default -> "metadata #>> '{" + String.join(",", path(name)) + "}'";
				};
				order.add(column + (descending ? " desc" : " asc"));
			}
		}
		order.add("updated_at asc");
		order.add("global_id asc");
		List<String> fields = new ArrayList<>();
		String projection = query.get("fields");
		if (projection != null && !projection.isBlank()) {
			for (String field : projection.split(",")) {
				path(field.trim());
				fields.add(field.trim());
			}
		}
		String where = conditions.isEmpty() ? "true" : String.join(" and ", conditions);
		return new ResourceQuery(limit, offset, where, String.join(", ", order), params, fields);
	}

	/** A dotted path whose first step is a Metadata field; the pattern keeps SQL text out of it. */
	private static String[] path(String name) {
		if (!PATH.matcher(name).matches() || !METADATA_FIELDS.contains(name.split("\\.")[0])) {
			throw ProblemException.badRequest("ERR-102", "Unknown field '" + name + "'.");
		}
		return name.split("\\.");
	}

	private static int integer(Map<String, String> query, String name, int fallback, int minimum) {
		String value = query.get(name);
		if (value == null || value.isBlank()) {
			return fallback;
		}
		try {
			int number = Integer.parseInt(value.trim());
			if (number < minimum) {
				throw ProblemException.badRequest("ERR-201", "'" + name + "' must be at least " + minimum + ".");
			}
			return number;
		}
		catch (NumberFormatException e) {
			throw ProblemException.badRequest("ERR-201", "'" + name + "' must be an integer.");
		}
	}

	private static java.util.Optional<OffsetDateTime> time(Map<String, String> query, String name) {
		String value = query.get(name);
		if (value == null || value.isBlank()) {
			return java.util.Optional.empty();
		}
		try {
			return java.util.Optional.of(OffsetDateTime.parse(value.trim()));
		}
		catch (DateTimeParseException e) {
			try {
				return java.util.Optional.of(LocalDate.parse(value.trim()).atStartOfDay().atOffset(ZoneOffset.UTC));
			}
			catch (DateTimeParseException again) {
				throw ProblemException.badRequest("ERR-201",
						"'" + name + "' must be an ISO 8601 date or date-time (e.g. 2024-01-31T12:00:00Z).");
			}
		}
	}
}
