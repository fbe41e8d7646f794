package org.kerys.search.internal;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.kerys.platform.ProblemException;
import org.kerys.search.Search;
import org.kerys.search.SearchRequest;
import org.kerys.search.SearchResult;
import org.springframework.util.MultiValueMap;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The search API: {@code /api/search} and {@code /api/search/suggest}, public. */
@RestController
@Tag(name = "Search")
class SearchController {

	private final Search search;

	SearchController(Search search) {
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
			@RequestParam(required = false) String size,
			@Parameter(hidden = true) @RequestParam MultiValueMap<String, String> parameters, Locale locale) {
		// The named parameters above document the API; the values are read from all of them at once, as the
		// portal's search page reads them, so that both parse a search the same way.
		return search.search(SearchRequest.of(parameters), locale);
	}

	@GetMapping(path = "/api/search/suggest", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Suggest dataset titles", description = "Up to 10 titles whose words start with what was typed: {\"suggestions\":[{\"title\",\"global_id\"}]}.")
	Map<String, List<Search.Suggestion>> suggest(@RequestParam(required = false) String q) {
		if (q != null && q.length() > 200) {
			throw ProblemException.badRequest("KRS-400-QUERY", "q is longer than 200 characters.");
		}
		return Map.of("suggestions", q == null ? List.of() : search.suggest(q));
	}
}
