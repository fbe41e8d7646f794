package org.kerys.search.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.kerys.platform.ProblemException;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The search API: {@code /api/search} and {@code /api/search/suggest}, public. */
@RestController
@Tag(name = "Search")
class SearchController {

	private final DatasetSearch search;

	SearchController(DatasetSearch search) {
		this.search = search;
	}

	@GetMapping(path = "/api/search", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Search the catalogue", description = """
			Free text in French or English (accents, plurals and elisions ignored; one typo tolerated on words of 5+ \
			letters), filters (several values of one filter: any of them; different filters: all of them), facet \
			counts per dimension that take the other active filters into account, and deep paging with next_cursor. \
			Errors: KRS-400-SIZE, KRS-400-SORT, KRS-400-CURSOR, KRS-400-QUERY.""")
	SearchResult search(@RequestParam(required = false) String q,
			@Parameter(description = "theme code") @RequestParam(required = false) List<String> theme,
			@RequestParam(required = false) List<String> keyword,
			@Parameter(description = "producer organisation id") @RequestParam(required = false) List<String> producer,
			@RequestParam(required = false) List<String> licence,
			@Parameter(description = "open, restricted or selfdata") @RequestParam(required = false) List<String> regime,
			@Parameter(description = "media MIME type") @RequestParam(required = false) List<String> format,
			@Parameter(description = "relevance (default), updated (newest first) or title") @RequestParam(required = false) String sort,
			@Parameter(description = "next_cursor of the previous page") @RequestParam(required = false) String cursor,
			@Parameter(description = "resource language (fr, en…)") @RequestParam(required = false) List<String> language,
			@Parameter(description = "storage status (online, archived…)") @RequestParam(required = false) List<String> storage,
			@Parameter(description = "date or date-time: datasets updated on or after it") @RequestParam(name = "updated_after", required = false) String updatedAfter,
			@Parameter(description = "west,south,east,north in decimal degrees: datasets whose bounding box intersects it") @RequestParam(required = false) String bbox,
			@Parameter(description = "date (2024-01-31) or date-time: datasets whose temporal spread ends on or after it") @RequestParam(required = false) String from,
			@Parameter(description = "date or date-time: datasets whose temporal spread starts on or before it") @RequestParam(required = false) String to,
			@RequestParam(required = false) String size, Locale locale) {
		Map<String, List<String>> filters = new LinkedHashMap<>();
		put(filters, "theme", theme);
		put(filters, "keyword", keyword);
		put(filters, "producer", producer);
		put(filters, "licence", licence);
		put(filters, "regime", regime);
		put(filters, "format", format);
		put(filters, "language", language);
		put(filters, "storage", storage);
		Long start = time(from, "from", false);
		Long end = time(to, "to", true);
		SearchRequest.Period period = start == null && end == null ? null : new SearchRequest.Period(start, end);
		return search.search(new SearchRequest(q, filters, area(bbox), period,
				time(updatedAfter, "updated_after", false), sort, cursor, size(size)), locale);
	}

	@GetMapping(path = "/api/search/suggest", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Suggest dataset titles", description = "Up to 10 titles whose words start with what was typed: {\"suggestions\":[{\"title\",\"global_id\"}]}.")
	Map<String, List<DatasetSearch.Suggestion>> suggest(@RequestParam(required = false) String q) {
		if (q != null && q.length() > 200) {
			throw ProblemException.badRequest("KRS-400-QUERY", "q is longer than 200 characters.");
		}
		return Map.of("suggestions", q == null ? List.of() : search.suggest(q));
	}

	private static SearchRequest.Area area(String bbox) {
		if (bbox == null || bbox.isBlank()) {
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
					return new SearchRequest.Area(west, south, east, north);
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
		if (value == null || value.isBlank()) {
			return null;
		}
		try {
			if (value.length() == 10) {
				java.time.LocalDate day = java.time.LocalDate.parse(value);
				return (endOfDay ? day.plusDays(1) : day).atStartOfDay(java.time.ZoneOffset.UTC).toInstant().toEpochMilli()
						- (endOfDay ? 1 : 0);
			}
			return java.time.OffsetDateTime.parse(value).toInstant().toEpochMilli();
		}
		catch (java.time.format.DateTimeParseException e) {
			throw ProblemException.badRequest("KRS-400-DATE", name + " must be a date (2024-01-31) or an ISO date-time.");
		}
	}

	private static int size(String size) {
		if (size == null || size.isBlank()) {
			return SearchRequest.DEFAULT_SIZE;
		}
		try {
			return Integer.parseInt(size.trim());
		}
		catch (NumberFormatException e) {
			throw ProblemException.badRequest("KRS-400-SIZE", "size must be a number between 1 and "
					+ SearchRequest.MAX_SIZE + ".");
		}
	}

	private static void put(Map<String, List<String>> filters, String dimension, List<String> values) {
		if (values != null) {
			List<String> nonBlank = values.stream().filter(v -> v != null && !v.isBlank()).toList();
			if (!nonBlank.isEmpty()) {
				filters.put(dimension, nonBlank);
			}
		}
	}
}
