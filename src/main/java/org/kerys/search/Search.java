package org.kerys.search;

import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Searching the catalogue: what the search API and the portal's search page both use. */
public interface Search {

	/**
	 * One page of results. Facet labels are in {@code locale}.
	 * @throws org.kerys.platform.ProblemException 400 on a bad cursor, 503 when the index is not available
	 */
	SearchResult search(SearchRequest request, Locale locale);

	/** Up to ten titles whose words start with what was typed. */
	List<Suggestion> suggest(String q);

	/** A title proposed while typing. */
	record Suggestion(String title, @JsonProperty("global_id") String globalId) {
	}
}
