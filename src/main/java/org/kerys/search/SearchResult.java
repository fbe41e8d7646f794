package org.kerys.search;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;

/** One page of a search: the total, the hits, the facet counts and the cursor of the next page (null at the end). */
public record SearchResult(long total, List<Hit> hits, Map<String, List<FacetValue>> facets,
		@JsonProperty("next_cursor") String nextCursor) {

	/** A dataset found; {@code snippet} is HTML: the matched words in {@code <mark>}, everything else escaped. */
	public record Hit(@JsonProperty("global_id") String globalId, String title, String snippet, String producer,
			String theme, String regime, String updated) {
	}

	public record FacetValue(String value, String label, long count) {
	}
}
