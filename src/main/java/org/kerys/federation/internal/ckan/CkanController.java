package org.kerys.federation.internal.ckan;

import org.kerys.federation.internal.RequestValues;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.kerys.catalog.Catalog;
import org.kerys.catalog.DatasetRecord;
import org.kerys.catalog.Page;
import org.kerys.catalog.ProducerSummary;
import org.kerys.platform.KerysProperties;
import org.kerys.platform.ProblemException;
import org.kerys.search.Search;
import org.kerys.search.SearchRequest;
import org.kerys.search.SearchResult;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A CKAN-compatible read API ({@code /api/3/action/…}) so that CKAN harvesters — data.gouv.fr's, data.europa.eu's —
 * harvest Kerys as they harvest a CKAN. Answers in CKAN's envelope {@code {"help","success","result"}}; errors in
 * its error envelope with the HTTP status CKAN uses. Public reads; searches go through Kerys' search.
 */
@RestController
@RequestMapping("/api/3/action")
@Tag(name = "CKAN", description = "A CKAN-compatible read API (API version 3) for harvesters")
class CkanController {

	static final int DEFAULT_ROWS = 10;
	static final int MAX_ROWS = 1000;
	/** CKAN's default facet.limit; Kerys' search counts at most {@link #FACET_VALUES} values of a field anyway. */
	static final int DEFAULT_FACET_LIMIT = 50;
	static final int FACET_VALUES = 20;
	/** How deep package_search pages ({@code start}): Kerys' search pages by cursor, so a deep start walks there. */
	static final int MAX_START = 1_000_000;

	private final Catalog catalog;
	private final Search search;
	private final KerysProperties properties;
	private final JsonMapper json;

	CkanController(Catalog catalog, Search search, KerysProperties properties, JsonMapper json) {
		this.catalog = catalog;
		this.search = search;
		this.properties = properties;
		this.json = json;
	}

	@GetMapping("/package_search")
	@Operation(summary = "Search datasets (CKAN package_search)", description = """
			q: words; fq: field:value terms on organization, owner_org, tags, groups (themes), res_format (CSV, JSON… \
			or a MIME type), license_id; rows (default 10, at most 1000), start, sort (score desc, \
			metadata_modified desc, title_string asc), facet.field (a JSON list of those fields) → search_facets, \
			facet.limit (how many values per field, most frequent first: default 50, -1 for all; Kerys' search \
			counts the 20 most frequent values of a field, so at most 20 come back). Errors (CKAN envelope, HTTP 400 \
			"Validation Error"): KRS-400-CKAN-FQ, KRS-400-CKAN-FQ-FIELD, KRS-400-CKAN-ROWS, KRS-400-CKAN-START, \
			KRS-400-CKAN-SORT, KRS-400-CKAN-FACET, KRS-400-CKAN-FACET-LIMIT.""")
	ResponseEntity<Map<String, Object>> packageSearch(@RequestParam(required = false) String q,
			@RequestParam(required = false) String fq, @RequestParam(required = false) String rows,
			@RequestParam(required = false) String start, @RequestParam(required = false) String sort,
			@Parameter(description = "JSON list, e.g. [\"organization\",\"tags\"]") @RequestParam(name = "facet.field", required = false) String facetField,
			@Parameter(description = "values per facet field (default 50, -1: all; at most 20 are counted)")
			@RequestParam(name = "facet.limit", required = false) String facetLimit,
			HttpServletRequest request) {
		int count = number(rows, 0, MAX_ROWS, DEFAULT_ROWS, "rows", "KRS-400-CKAN-ROWS");
		// CKAN reads any negative facet.limit as "no limit"
		int perField = facetLimit != null && facetLimit.trim().matches("-\\d{1,9}") ? Integer.MAX_VALUE
				: number(facetLimit, 0, Integer.MAX_VALUE, DEFAULT_FACET_LIMIT, "facet.limit", "KRS-400-CKAN-FACET-LIMIT");
		int from = number(start, 0, MAX_START, 0, "start", "KRS-400-CKAN-START");
		List<String> facetFields = facetFields(facetField);
		CkanQuery query = CkanQuery.of(q, fq, sort);

		List<SearchResult.Hit> hits = new ArrayList<>();
		SearchResult first = null;
		String cursor = null;
		long need = (long) from + count;
		long seen = 0;
		do {
			int size = (int) Math.max(1, Math.min(SearchRequest.MAX_SIZE, need - seen));
			SearchResult page = search.search(SearchRequest.of(query.parameters(size, cursor)), Locale.FRENCH);
			if (first == null) {
				first = page;
			}
			for (SearchResult.Hit hit : page.hits()) {
				if (seen >= from && hits.size() < count) {
					hits.add(hit);
				}
				seen++;
			}
			cursor = page.nextCursor();
		}
		while (cursor != null && seen < need);

		CkanPackages packages = new CkanPackages(catalog, base(request));
		Map<UUID, DatasetRecord> records = catalog
				.datasets(hits.stream().map(h -> UUID.fromString(h.globalId())).toList()).stream()
				.collect(Collectors.toMap(DatasetRecord::globalId, Function.identity()));
		List<Map<String, Object>> results = new ArrayList<>();
		for (SearchResult.Hit hit : hits) {
			DatasetRecord record = records.get(UUID.fromString(hit.globalId()));
			if (record != null) {
				results.add(packages.packageOf(record));
			}
		}
		Map<String, Object> facets = new LinkedHashMap<>();
		Map<String, Object> searchFacets = new LinkedHashMap<>();
		for (String field : facetFields) {
			List<Map<String, Object>> items = facetItems(field, first.facets().get(CkanQuery.FIELDS.get(field)));
			items = items.size() > perField ? items.subList(0, perField) : items;
			Map<String, Object> counts = new LinkedHashMap<>();
			items.forEach(item -> counts.put((String) item.get("name"), item.get("count")));
			facets.put(field, counts);
			Map<String, Object> facet = new LinkedHashMap<>();
			facet.put("title", field);
			facet.put("items", items);
			searchFacets.put(field, facet);
		}
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("count", first.total());
		result.put("sort", sort == null || sort.isBlank() ? "score desc, metadata_modified desc" : sort.trim());
		result.put("facets", facets);
		result.put("results", results);
		result.put("search_facets", searchFacets);
		return ok("package_search", result, request);
	}

	/** Facet values as CKAN lists them; formats by short name (JSON, CSV), their MIME types' counts added up. */
	private static List<Map<String, Object>> facetItems(String field, List<SearchResult.FacetValue> values) {
		Map<String, long[]> counts = new LinkedHashMap<>();
		Map<String, String> labels = new LinkedHashMap<>();
		for (SearchResult.FacetValue value : values == null ? List.<SearchResult.FacetValue>of() : values) {
			String name = "res_format".equals(field) ? CkanPackages.format(value.value()) : value.value();
			counts.computeIfAbsent(name, n -> new long[1])[0] += value.count();
			labels.putIfAbsent(name, "res_format".equals(field) ? name : value.label());
		}
		List<Map<String, Object>> items = new ArrayList<>();
		counts.forEach((name, count) -> {
			Map<String, Object> item = new LinkedHashMap<>();
			item.put("name", name);
			item.put("display_name", labels.get(name));
			item.put("count", count[0]);
			items.add(item);
		});
		items.sort(Comparator.comparingLong((Map<String, Object> i) -> (Long) i.get("count")).reversed());
		return items;
	}

	private List<String> facetFields(String facetField) {
		if (facetField == null || facetField.isBlank()) {
			return List.of();
		}
		JsonNode fields;
		try {
			fields = json.readTree(facetField);
		}
		catch (JacksonException e) {
			throw CkanException.validation("facet.field", "KRS-400-CKAN-FACET",
					"facet.field must be a JSON list of field names, e.g. [\"organization\",\"tags\"].");
		}
		if (!fields.isArray()) {
			throw CkanException.validation("facet.field", "KRS-400-CKAN-FACET",
					"facet.field must be a JSON list of field names, e.g. [\"organization\",\"tags\"].");
		}
		List<String> names = new ArrayList<>();
		for (JsonNode field : fields) {
			String name = field.isString() ? field.stringValue() : null;
			if (name == null || !CkanQuery.FIELDS.containsKey(name)) {
				throw CkanException.validation("facet.field", "KRS-400-CKAN-FACET", "Unknown facet field " + field
						+ "; Kerys counts " + String.join(", ", CkanQuery.FACET_FIELDS) + ".");
			}
			if (!names.contains(name)) {
				names.add(name);
			}
		}
		return names;
	}

	@GetMapping("/package_show")
	@Operation(summary = "One dataset (CKAN package_show)", description = "id: the dataset's global id (also its name).")
	ResponseEntity<Map<String, Object>> packageShow(@RequestParam(required = false) String id,
			HttpServletRequest request) {
		if (id == null || id.isBlank()) {
			throw CkanException.validation("id", "KRS-400-CKAN-ID", "Missing value");
		}
		DatasetRecord record = uuid(id.trim()).flatMap(catalog::dataset)
				.orElseThrow(() -> CkanException.notFound("KRS-404-CKAN-PACKAGE", "Not found: no dataset " + id + "."));
		return ok("package_show", new CkanPackages(catalog, base(request)).packageOf(record), request);
	}

	@GetMapping("/package_list")
	@Operation(summary = "The names of the datasets (CKAN package_list)", description = """
			Every dataset's name (its global id), the least recently changed first; limit and offset page it.""")
	ResponseEntity<Map<String, Object>> packageList(@RequestParam(required = false) String limit,
			@RequestParam(required = false) String offset, HttpServletRequest request) {
		int max = number(limit, 0, Integer.MAX_VALUE, Integer.MAX_VALUE, "limit", "KRS-400-CKAN-LIMIT");
		int skip = number(offset, 0, Integer.MAX_VALUE, 0, "offset", "KRS-400-CKAN-OFFSET");
		List<String> names = new ArrayList<>();
		int at = skip;
		while (names.size() < max) {
			int chunk = Math.min(1000, max - names.size());
			Page<DatasetRecord> page = catalog.datasetsChangedSince(null, at, chunk);
			page.items().forEach(r -> names.add(r.globalId().toString()));
			if (page.items().size() < chunk) {
				break;
			}
			at += chunk;
		}
		return ok("package_list", names, request);
	}

	@GetMapping("/organization_list")
	@Operation(summary = "The producers (CKAN organization_list)", description = """
			Names (the producers' ids), or with all_fields=true their dictionaries with package_count; \
			sort: title asc (default), name asc, package_count desc; limit, offset.""")
	ResponseEntity<Map<String, Object>> organizationList(
			@RequestParam(name = "all_fields", required = false) String allFields,
			@RequestParam(required = false) String sort, @RequestParam(required = false) String limit,
			@RequestParam(required = false) String offset, HttpServletRequest request) {
		boolean all = bool(allFields, "all_fields");
		int max = number(limit, 0, Integer.MAX_VALUE, Integer.MAX_VALUE, "limit", "KRS-400-CKAN-LIMIT");
		int skip = number(offset, 0, Integer.MAX_VALUE, 0, "offset", "KRS-400-CKAN-OFFSET");
		List<ProducerSummary> producers = new ArrayList<>(catalog.producers());
		String order = sort == null || sort.isBlank() ? "title asc" : sort.trim().replaceAll("\\s+", " ").toLowerCase();
		switch (order) {
			case "title asc", "title" -> producers.sort(Comparator.comparing(p -> p.name() == null ? "" : p.name().toLowerCase()));
			case "name asc", "name" -> producers.sort(Comparator.comparing(p -> p.organizationId().toString()));
			case "package_count desc", "package_count" -> producers
					.sort(Comparator.comparingLong(ProducerSummary::datasets).reversed());
			default -> throw CkanException.validation("sort", "KRS-400-CKAN-SORT",
					"sort must be title asc, name asc or package_count desc.");
		}
		List<Object> result = producers.stream().skip(skip).limit(max)
				.map(p -> all ? (Object) CkanPackages.organization(p) : p.organizationId().toString()).toList();
		return ok("organization_list", result, request);
	}

	@GetMapping("/group_list")
	@Operation(summary = "The themes (CKAN group_list)", description = """
			Kerys' groups are the themes of the RUDI vocabulary (what fq=groups:… filters on and a package's groups \
			list): their codes, or with all_fields=true their dictionaries (id and name: the code, title: the French \
			label, package_count); sort: title asc (default), name asc, package_count desc; limit, offset. Errors: \
			KRS-400-CKAN-BOOLEAN, KRS-400-CKAN-SORT, KRS-400-CKAN-LIMIT, KRS-400-CKAN-OFFSET.""")
	ResponseEntity<Map<String, Object>> groupList(@RequestParam(name = "all_fields", required = false) String allFields,
			@RequestParam(required = false) String sort, @RequestParam(required = false) String limit,
			@RequestParam(required = false) String offset, HttpServletRequest request) {
		boolean all = bool(allFields, "all_fields");
		int max = number(limit, 0, Integer.MAX_VALUE, Integer.MAX_VALUE, "limit", "KRS-400-CKAN-LIMIT");
		int skip = number(offset, 0, Integer.MAX_VALUE, 0, "offset", "KRS-400-CKAN-OFFSET");
		String order = sort == null || sort.isBlank() ? "title asc" : sort.trim().replaceAll("\\s+", " ").toLowerCase();
		Map<String, Long> counts = new LinkedHashMap<>();
		SearchResult everything = search.search(SearchRequest.of(Map.of("size", List.of("1"))), Locale.FRENCH);
		List<SearchResult.FacetValue> themes = everything.facets().get("theme");
		(themes == null ? List.<SearchResult.FacetValue>of() : themes).forEach(v -> counts.put(v.value(), v.count()));
		List<Map<String, Object>> groups = new ArrayList<>();
		catalog.vocabulary("theme").forEach(term -> {
			String label = CkanPackages.label(term);
			Map<String, Object> group = new LinkedHashMap<>();
			group.put("id", term.code());
			group.put("name", term.code());
			group.put("title", label);
			group.put("display_name", label);
			group.put("description", "");
			group.put("image_url", "");
			group.put("type", "group");
			group.put("is_organization", false);
			group.put("approval_status", "approved");
			group.put("state", "active");
			group.put("package_count", counts.getOrDefault(term.code(), 0L));
			groups.add(group);
		});
		switch (order) {
			case "title asc", "title" -> groups.sort(Comparator.comparing(g -> (String) g.get("title"),
					java.text.Collator.getInstance(Locale.FRENCH)));
			case "name asc", "name" -> groups.sort(Comparator.comparing(g -> (String) g.get("name")));
			case "package_count desc", "package_count" -> groups
					.sort(Comparator.comparingLong((Map<String, Object> g) -> (Long) g.get("package_count")).reversed());
			default -> throw CkanException.validation("sort", "KRS-400-CKAN-SORT",
					"sort must be title asc, name asc or package_count desc.");
		}
		List<Object> result = groups.stream().skip(skip).limit(max).map(g -> all ? (Object) g : g.get("name")).toList();
		return ok("group_list", result, request);
	}

	@GetMapping("/tag_list")
	@Operation(summary = "The keywords (CKAN tag_list)", description = """
			Kerys' tags are the datasets' keywords (what a package's tags list): every distinct one, by name; query: \
			only those containing it (case ignored, as CKAN's search by name); all_fields=true: their dictionaries \
			(id and name: the keyword, display_name, vocabulary_id null). vocabulary_id: Kerys has no tag \
			vocabulary, so any is not found (KRS-404-CKAN-VOCABULARY), as CKAN answers an unknown one. Errors: \
			KRS-400-CKAN-BOOLEAN.""")
	ResponseEntity<Map<String, Object>> tagList(@RequestParam(required = false) String query,
			@RequestParam(name = "all_fields", required = false) String allFields,
			@RequestParam(name = "vocabulary_id", required = false) String vocabularyId, HttpServletRequest request) {
		boolean all = bool(allFields, "all_fields");
		if (vocabularyId != null && !vocabularyId.isBlank()) {
			throw CkanException.notFound("KRS-404-CKAN-VOCABULARY", "Not found: Could not find vocabulary \""
					+ vocabularyId + "\"");
		}
		String wanted = query == null || query.isBlank() ? null : query.trim().toLowerCase(Locale.ROOT);
		java.util.SortedSet<String> tags = new java.util.TreeSet<>();
		for (int at = 0;; at += 1000) {
			Page<DatasetRecord> page = catalog.datasetsChangedSince(null, at, 1000);
			for (DatasetRecord record : page.items()) {
				for (JsonNode keyword : record.metadata().path("keywords")) {
					String name = org.kerys.catalog.RudiJson.text(keyword);
					if (name != null && !name.isBlank()
							&& (wanted == null || name.toLowerCase(Locale.ROOT).contains(wanted))) {
						tags.add(name);
					}
				}
			}
			if (page.items().size() < 1000) {
				break;
			}
		}
		List<Object> result = tags.stream().map(name -> all ? (Object) tag(name) : name).toList();
		return ok("tag_list", result, request);
	}

	/** A tag's dictionary as CKAN gives it; a keyword has no id of its own in Kerys: its name is. */
	private static Map<String, Object> tag(String name) {
		Map<String, Object> tag = new LinkedHashMap<>();
		tag.put("vocabulary_id", null);
		tag.put("display_name", name);
		tag.put("id", name);
		tag.put("name", name);
		return tag;
	}

	@GetMapping("/organization_show")
	@Operation(summary = "One producer (CKAN organization_show)", description = "id: the producer's id (also its name).")
	ResponseEntity<Map<String, Object>> organizationShow(@RequestParam(required = false) String id,
			HttpServletRequest request) {
		if (id == null || id.isBlank()) {
			throw CkanException.validation("id", "KRS-400-CKAN-ID", "Missing value");
		}
		ProducerSummary producer = catalog.producers().stream()
				.filter(p -> p.organizationId().toString().equalsIgnoreCase(id.trim())).findFirst()
				.orElseThrow(() -> CkanException.notFound("KRS-404-CKAN-ORGANIZATION",
						"Not found: no organization " + id + "."));
		return ok("organization_show", CkanPackages.organization(producer), request);
	}

	@GetMapping("/license_list")
	@Operation(summary = "The licences (CKAN license_list)")
	ResponseEntity<Map<String, Object>> licenseList(HttpServletRequest request) {
		List<Map<String, Object>> licences = new ArrayList<>();
		catalog.vocabulary("licence").forEach(term -> {
			Map<String, Object> licence = new LinkedHashMap<>();
			licence.put("id", term.code());
			licence.put("title", CkanPackages.label(term));
			licence.put("url", term.uri());
			licence.put("status", "active");
			licences.add(licence);
		});
		return ok("license_list", licences, request);
	}

	@GetMapping("/status_show")
	@Operation(summary = "What this site is (CKAN status_show)")
	ResponseEntity<Map<String, Object>> statusShow(HttpServletRequest request) {
		Map<String, Object> status = new LinkedHashMap<>();
		status.put("site_title", "Kerys");
		status.put("site_description", "Kerys — catalogue de données du territoire (API compatible CKAN, lecture seule).");
		status.put("site_url", base(request));
		// the CKAN API generation imitated; harvesters read it to choose how to talk to the site
		status.put("ckan_version", "2.10.0");
		status.put("locale_default", "fr");
		status.put("extensions", List.of());
		return ok("status_show", status, request);
	}

	@GetMapping("/help_show")
	@Operation(summary = "Where the actions are described (CKAN help_show)")
	ResponseEntity<Map<String, Object>> helpShow(@RequestParam(required = false) String name,
			HttpServletRequest request) {
		return ok("help_show", "Kerys answers the CKAN action " + (name == null ? "" : name + " ")
				+ "as described in its OpenAPI description: " + base(request) + "/v3/api-docs (tag CKAN).", request);
	}

	@GetMapping("/{action}")
	@Operation(summary = "Any other CKAN action: 400 Bad request, as CKAN answers an unknown action")
	ResponseEntity<Map<String, Object>> unknown(@PathVariable String action) {
		throw new CkanException(HttpStatus.BAD_REQUEST, "Bad request", "KRS-400-CKAN-ACTION", null,
				"Bad request - Action name not known: " + action);
	}

	@ExceptionHandler(CkanException.class)
	ResponseEntity<Map<String, Object>> failed(CkanException e, HttpServletRequest request) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("help", help(request, action(request)));
		body.put("success", false);
		body.put("error", e.error());
		return ResponseEntity.status(e.status()).contentType(MediaType.APPLICATION_JSON).body(body);
	}

	/** A failure of Kerys' search (a query too long, the index unavailable) in CKAN's envelope. */
	@ExceptionHandler(ProblemException.class)
	ResponseEntity<Map<String, Object>> problem(ProblemException e, HttpServletRequest request) {
		String type = e.status().is4xxClientError() ? "Validation Error" : "Search Error";
		return failed(new CkanException(e.status(), type, e.code(), null, e.getMessage()), request);
	}

	private ResponseEntity<Map<String, Object>> ok(String action, Object result, HttpServletRequest request) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("help", help(request, action));
		body.put("success", true);
		body.put("result", result);
		return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(body);
	}

	private String help(HttpServletRequest request, String action) {
		return base(request) + "/api/3/action/help_show?name=" + action;
	}

	private static String action(HttpServletRequest request) {
		String uri = request.getRequestURI();
		return uri.substring(uri.lastIndexOf('/') + 1);
	}

	private String base(HttpServletRequest request) {
		return RequestValues.baseUrl(properties, request);
	}

	private static int number(String value, int min, int max, int absent, String field, String code) {
		return RequestValues.wholeNumber(value, min, max, absent).orElseThrow(() -> CkanException.validation(field,
				code, field + " must be a whole number from " + min + (max == Integer.MAX_VALUE ? "" : " to " + max)
						+ "."));
	}

	private static boolean bool(String value, String field) {
		if (value == null || value.isBlank()) {
			return false;
		}
		return switch (value.trim().toLowerCase()) {
			case "true", "1", "yes" -> true;
			case "false", "0", "no" -> false;
			default -> throw CkanException.validation(field, "KRS-400-CKAN-BOOLEAN", field + " must be true or false.");
		};
	}

	private static java.util.Optional<UUID> uuid(String id) {
		try {
			UUID uuid = UUID.fromString(id);
			return uuid.toString().equalsIgnoreCase(id) ? java.util.Optional.of(uuid) : java.util.Optional.empty();
		}
		catch (IllegalArgumentException malformed) {
			return java.util.Optional.empty();
		}
	}
}
