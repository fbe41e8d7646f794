package org.kerys.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.kerys.catalog.AccessRegime;
import org.kerys.catalog.Catalog;
import org.kerys.catalog.ProducerSummary;
import org.kerys.search.Search;
import org.kerys.search.SearchRequest;
import org.kerys.search.SearchResult;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

/**
 * Runs a search from a page's parameters (exactly as {@code /api/search} reads them) and turns its result into
 * what the search page and a producer's page show.
 */
@Component
class SearchPages {

	/** Facet values shown before "more". */
	static final int VISIBLE_VALUES = 6;

	/** Parameters that are filters without being facets. */
	static final List<String> RANGES = List.of("bbox", "from", "to", "updated_after");

	private final Search search;

	private final Catalog catalog;

	private final MessageSource messages;

	SearchPages(Search search, Catalog catalog, MessageSource messages) {
		this.search = search;
		this.catalog = catalog;
		this.messages = messages;
	}

	/**
	 * The page for these parameters; {@code fixed} filters (a producer's page: its own id) apply without being
	 * shown as removable, and their dimension gets no facet.
	 * @throws org.kerys.platform.ProblemException 400 on a malformed parameter, as the API
	 */
	SearchView run(SearchLinks links, Map<String, String> fixed, Locale locale) {
		Map<String, List<String>> parameters = new LinkedHashMap<>(links.parameters());
		fixed.forEach((name, value) -> parameters.put(name, List.of(value)));
		SearchResult result = search.search(SearchRequest.of(parameters), locale);
		String sort = links.first("sort") == null ? "relevance" : links.first("sort");

		// producers' ids for the links of the hits: the facet has them for the biggest producers of the result; a
		// hit by another one costs a lookup by primary key (never a scan of the catalogue: this page must stay fast)
		Map<String, String> producerIds = new LinkedHashMap<>();
		Map<String, String> producerNames = new LinkedHashMap<>();
		for (SearchResult.FacetValue producer : result.facets().getOrDefault("producer", List.of())) {
			if (producer.label() != null) {
				producerIds.putIfAbsent(producer.label(), producer.value());
				producerNames.put(producer.value(), producer.label());
			}
		}
		fixed.forEach((name, value) -> {
			if ("producer".equals(name) && !result.hits().isEmpty() && result.hits().get(0).producer() != null) {
				producerIds.putIfAbsent(result.hits().get(0).producer(), value);
			}
		});

		List<SearchView.HitView> hits = result.hits().stream().map(hit -> new SearchView.HitView(hit.globalId(),
				hit.title(), hit.snippet(), hit.producer(), producerId(hit, producerIds),
				hit.theme() == null ? null : catalog.label("theme", hit.theme(), locale), regime(hit.regime()),
				When.of(hit.updated(), locale))).toList();

		List<SearchView.FacetView> facets = new ArrayList<>();
		for (String dimension : dimensions(result)) {
			if (fixed.containsKey(dimension)) {
				continue;
			}
			List<SearchView.FacetValueView> values = result.facets().get(dimension).stream()
					.map(v -> new SearchView.FacetValueView(dimension, v.value(), facetLabel(dimension, v, locale),
							v.count(), links.has(dimension, v.value()), links.toggle(dimension, v.value()).href()))
					.toList();
			if (!values.isEmpty()) {
				int visible = Math.min(values.size(), VISIBLE_VALUES);
				facets.add(new SearchView.FacetView(dimension, values.subList(0, visible),
						values.subList(visible, values.size())));
			}
		}

		List<SearchView.ActiveFilter> active = new ArrayList<>();
		for (String dimension : SearchRequest.FILTERS) {
			if (fixed.containsKey(dimension)) {
				continue;
			}
			for (String value : links.values(dimension)) {
				active.add(new SearchView.ActiveFilter(dimension,
						activeLabel(dimension, value, result, producerNames, locale),
						links.toggle(dimension, value).href()));
			}
		}
		for (String range : RANGES) {
			String value = links.first(range);
			if (value != null) {
				active.add(new SearchView.ActiveFilter(range, value, links.with(range, null).href()));
			}
		}
		List<String> filterNames = new ArrayList<>(SearchRequest.FILTERS);
		filterNames.addAll(RANGES);
		String clear = active.isEmpty() ? null : links.without(filterNames).href();

		List<SearchView.SortLink> sorts = SearchRequest.SORTS.stream()
				.map(code -> new SearchView.SortLink(code, links.with("sort", "relevance".equals(code) ? null : code)
						.href(), code.equals(sort)))
				.toList();

		List<SearchView.Hidden> hidden = new ArrayList<>();
		links.parameters().forEach((name, values) -> {
			if (!"q".equals(name) && !"cursor".equals(name) && (filterNames.contains(name) || "sort".equals(name)
					|| "size".equals(name))) {
				values.forEach(value -> hidden.add(new SearchView.Hidden(name, value)));
			}
		});

		String first = links.first("cursor") == null ? null : links.with("cursor", null).href();
		String next = result.nextCursor() == null || result.hits().isEmpty() ? null
				: links.with("cursor", result.nextCursor()).href();
		return new SearchView(links.first("q"), sort, result.total(), hits, facets, active, clear, first, next, sorts,
				hidden);
	}

	/**
	 * The producer of a producer's page: its name and number of datasets, from the index (instant at any size).
	 * Empty when no dataset names it.
	 */
	Optional<ProducerSummary> producer(UUID id, Locale locale) {
		SearchResult result = search.search(
				SearchRequest.of(Map.of("producer", List.of(id.toString()), "size", List.of("1"))), locale);
		if (result.total() == 0 || result.hits().isEmpty()) {
			return Optional.empty();
		}
		String name = result.hits().get(0).producer();
		return Optional.of(new ProducerSummary(id, name == null ? id.toString() : name, result.total()));
	}

	private String producerId(SearchResult.Hit hit, Map<String, String> known) {
		if (hit.producer() == null) {
			return null;
		}
		String id = known.get(hit.producer());
		if (id == null) {
			id = DatasetsController.uuid(hit.globalId()).flatMap(catalog::dataset)
					.map(dataset -> Json.text(dataset.metadata().path("producer").path("organization_id")))
					.filter(value -> DatasetsController.uuid(value).isPresent())
					.orElse(null);
			if (id != null) {
				known.put(hit.producer(), id);
			}
		}
		return id;
	}

	/** A message for a refused parameter, in the page's language (the search module's codes are stable). */
	String problem(String code, String fallback, Locale locale) {
		return messages.getMessage("search.error." + code, null,
				messages.getMessage("search.error.generic", new Object[] { fallback }, locale), locale);
	}

	/** Dimensions in the order of the filters, then any other the search module returns. */
	private static List<String> dimensions(SearchResult result) {
		List<String> dimensions = new ArrayList<>();
		SearchRequest.FILTERS.stream().filter(result.facets()::containsKey).forEach(dimensions::add);
		result.facets().keySet().stream().filter(d -> !dimensions.contains(d)).sorted().forEach(dimensions::add);
		return dimensions;
	}

	private String facetLabel(String dimension, SearchResult.FacetValue value, Locale locale) {
		if ("regime".equals(dimension) && regime(value.value()) != null) {
			return messages.getMessage("regime." + value.value(), null, value.label(), locale);
		}
		return value.label() == null || value.label().isBlank() ? value.value() : value.label();
	}

	private String activeLabel(String dimension, String value, SearchResult result, Map<String, String> producers,
			Locale locale) {
		Optional<SearchResult.FacetValue> shown = result.facets().getOrDefault(dimension, List.of()).stream()
				.filter(v -> v.value().equals(value)).findFirst();
		if (shown.isPresent()) {
			return facetLabel(dimension, shown.get(), locale);
		}
		return switch (dimension) {
			case "producer" -> producers.getOrDefault(value, value);
			case "theme", "licence", "keyword" -> catalog.label(dimension, value, locale);
			case "regime" -> regime(value) == null ? value : messages.getMessage("regime." + value, null, value, locale);
			default -> value;
		};
	}

	private static AccessRegime regime(String code) {
		if (code == null) {
			return null;
		}
		for (AccessRegime regime : AccessRegime.values()) {
			if (regime.code().equals(code)) {
				return regime;
			}
		}
		return null;
	}
}
