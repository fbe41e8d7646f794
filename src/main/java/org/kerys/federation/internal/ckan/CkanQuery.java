package org.kerys.federation.internal.ckan;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.kerys.federation.internal.dcat.EuVocabularies;

/**
 * A CKAN {@code package_search} as Kerys' search understands it: {@code fq} fields mapped onto search filters,
 * {@code sort} onto a search order, {@code facet.field} names onto facet dimensions.
 */
record CkanQuery(String q, Map<String, List<String>> filters, String sort) {

	/** CKAN field (in {@code fq} and {@code facet.field}) → Kerys search dimension. */
	static final Map<String, String> FIELDS = Map.of("organization", "producer", "owner_org", "producer", "tags",
			"keyword", "groups", "theme", "res_format", "format", "license_id", "licence");
	/** The facet fields, in the order they are answered. */
	static final List<String> FACET_FIELDS = List.of("organization", "groups", "tags", "res_format", "license_id");
	static final Map<String, String> SORTS = Map.of("score desc", "relevance",
			"score desc, metadata_modified desc", "relevance", "metadata_modified desc", "updated",
			"title_string asc", "title");

	/** {@code field:value} or {@code field:"quoted value"}, optionally prefixed by + (CKAN's Solr syntax). */
	private static final Pattern TERM = Pattern.compile("\\+?([A-Za-z_]+):(\"((?:[^\"\\\\]|\\\\.)*)\"|[^\\s\"]+)");

	static CkanQuery of(String q, String fq, String sort) {
		String text = q == null || q.isBlank() || q.trim().equals("*:*") ? null : q.trim();
		Map<String, List<String>> filters = new LinkedHashMap<>();
		if (fq != null && !fq.isBlank()) {
			String rest = fq.trim();
			Matcher matcher = TERM.matcher(rest);
			int at = 0;
			while (at < rest.length()) {
				if (Character.isWhitespace(rest.charAt(at))) {
					at++;
					continue;
				}
				if (rest.startsWith("AND ", at)) {
					at += 4;
					continue;
				}
				if (!matcher.find(at) || matcher.start() != at) {
					throw CkanException.validation("fq", "KRS-400-CKAN-FQ",
							"fq must be field:value terms (field:\"a value\" with spaces), separated by spaces.");
				}
				String field = matcher.group(1);
				String value = matcher.group(3) != null ? matcher.group(3).replaceAll("\\\\(.)", "$1")
						: matcher.group(2);
				String dimension = FIELDS.get(field);
				if (dimension == null) {
					throw CkanException.validation("fq", "KRS-400-CKAN-FQ-FIELD", "Unknown fq field '" + field
							+ "'; Kerys filters on " + String.join(", ", new java.util.TreeSet<>(FIELDS.keySet())) + ".");
				}
				filters.computeIfAbsent(dimension, d -> new ArrayList<>()).addAll(values(dimension, value));
				at = matcher.end();
			}
		}
		String order;
		if (sort == null || sort.isBlank()) {
			order = "relevance";
		}
		else {
			order = SORTS.get(sort.trim().replaceAll("\\s+", " ").replaceAll("\\s*,\\s*", ", ").toLowerCase());
			if (order == null) {
				throw CkanException.validation("sort", "KRS-400-CKAN-SORT",
						"sort must be one of: " + String.join("; ", new java.util.TreeSet<>(SORTS.keySet())) + ".");
			}
		}
		return new CkanQuery(text, filters, order);
	}

	/** A res_format value may be a short name (CSV, json) — meaning its MIME types — or a MIME type. */
	private static List<String> values(String dimension, String value) {
		if ("format".equals(dimension) && !value.contains("/")) {
			List<String> types = EuVocabularies.mimeTypesOf(value);
			return types.isEmpty() ? List.of(value) : types;
		}
		return List.of(value);
	}

	/** The parameters of Kerys' search ({@link org.kerys.search.SearchRequest#of}) for one page. */
	Map<String, List<String>> parameters(int size, String cursor) {
		Map<String, List<String>> parameters = new LinkedHashMap<>(filters);
		if (q != null) {
			parameters.put("q", List.of(q));
		}
		parameters.put("sort", List.of(sort));
		parameters.put("size", List.of(Integer.toString(size)));
		if (cursor != null) {
			parameters.put("cursor", List.of(cursor));
		}
		return parameters;
	}
}
