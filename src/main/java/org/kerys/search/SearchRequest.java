package org.kerys.search;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.kerys.platform.ProblemException;

/**
 * A search as asked: free text, filters by facet dimension (several values of one dimension: any of them), sort
 * order, cursor and page size.
 */
public record SearchRequest(String q, Map<String, List<String>> filters, Area bbox, Period period, Long updatedAfter,
		String sort, String cursor, int size) {

	/** A rectangle in decimal degrees; a dataset matches when its bounding box intersects it. */
	public record Area(double west, double south, double east, double north) {
	}

	/** Epoch milliseconds, either end open ({@code null}); a dataset matches when its temporal spread overlaps. */
	public record Period(Long from, Long to) {
	}

	public static final int DEFAULT_SIZE = 20;
	public static final int MAX_SIZE = 100;
	public static final List<String> SORTS = List.of("relevance", "updated", "title");
	/** The filter parameters, in the order facets are shown. */
	public static final List<String> FILTERS = List.of("theme", "keyword", "producer", "licence", "regime", "format",
			"language", "storage");

	public SearchRequest {
		if (size < 1 || size > MAX_SIZE) {
			throw ProblemException.badRequest("KRS-400-SIZE", "size must be between 1 and " + MAX_SIZE + ".");
		}
		if (sort == null || sort.isBlank()) {
			sort = "relevance";
		}
		if (!SORTS.contains(sort)) {
			throw ProblemException.badRequest("KRS-400-SORT", "sort must be one of " + SORTS + ".");
		}
		if (q != null && q.length() > 500) {
			throw ProblemException.badRequest("KRS-400-QUERY", "q is longer than 500 characters.");
		}
		filters = Map.copyOf(filters);
	}

	/**
	 * Reads a search from query parameters as the API and the search page take them: {@code q}, one parameter per
	 * filter in {@link #FILTERS} (repeatable), {@code bbox}, {@code from}, {@code to}, {@code updated_after},
	 * {@code sort}, {@code cursor}, {@code size}. Blank values count as absent.
	 * @throws ProblemException 400 with a stable code on a malformed value
	 */
	public static SearchRequest of(Map<String, List<String>> parameters) {
		Map<String, List<String>> filters = new LinkedHashMap<>();
		for (String dimension : FILTERS) {
			List<String> values = parameters.getOrDefault(dimension, List.of()).stream()
					.filter(v -> v != null && !v.isBlank()).toList();
			if (!values.isEmpty()) {
				filters.put(dimension, values);
			}
		}
		Long start = time(first(parameters, "from"), "from", false);
		Long end = time(first(parameters, "to"), "to", true);
		Period period = start == null && end == null ? null : new Period(start, end);
		return new SearchRequest(first(parameters, "q"), filters, area(first(parameters, "bbox")), period,
				time(first(parameters, "updated_after"), "updated_after", false), first(parameters, "sort"),
				first(parameters, "cursor"), size(first(parameters, "size")));
	}

	private static String first(Map<String, List<String>> parameters, String name) {
		List<String> values = parameters.get(name);
		return values == null || values.isEmpty() || values.get(0) == null || values.get(0).isBlank() ? null
				: values.get(0);
	}

	private static Area area(String bbox) {
		if (bbox == null) {
			return null;
		}
		String[] parts = bbox.split(",");
		try {
			if (parts.length == 4) {
				double west = Double.parseDouble(parts[0].trim());
				double south = Double.parseDouble(parts[1].trim());
				double east = Double.parseDouble(parts[2].trim());
				double north = Double.parseDouble(parts[3].trim());
				if (west >= -180 && east <= 180 && west <= east && south >= -90 && north <= 90 && south <= north) {
					return new Area(west, south, east, north);
				}
			}
		}
		catch (NumberFormatException e) {
			// answered below
		}
		throw ProblemException.badRequest("KRS-400-BBOX",
				"bbox must be west,south,east,north in decimal degrees (west ≤ east, south ≤ north).");
	}

	/** A date (the start of that day, or its end for {@code to}, in UTC) or an ISO date-time, in epoch ms. */
	private static Long time(String value, String name, boolean endOfDay) {
		if (value == null) {
			return null;
		}
		try {
			if (value.length() == 10) {
				LocalDate day = LocalDate.parse(value);
				return (endOfDay ? day.plusDays(1) : day).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli()
						- (endOfDay ? 1 : 0);
			}
			return OffsetDateTime.parse(value).toInstant().toEpochMilli();
		}
		catch (DateTimeParseException e) {
			throw ProblemException.badRequest("KRS-400-DATE", name + " must be a date (2024-01-31) or an ISO date-time.");
		}
	}

	private static int size(String size) {
		if (size == null) {
			return DEFAULT_SIZE;
		}
		try {
			return Integer.parseInt(size.trim());
		}
		catch (NumberFormatException e) {
			throw ProblemException.badRequest("KRS-400-SIZE", "size must be a number between 1 and " + MAX_SIZE + ".");
		}
	}
}
