package org.kerys.search.internal;

import java.util.List;
import java.util.Map;

import org.kerys.platform.ProblemException;

/**
 * A search as asked: free text, filters by facet dimension (several values of one dimension: any of them), sort
 * order, cursor and page size.
 */
record SearchRequest(String q, Map<String, List<String>> filters, Area bbox, Period period, Long updatedAfter,
		String sort, String cursor, int size) {

	/** A rectangle in decimal degrees; a dataset matches when its bounding box intersects it. */
	record Area(double west, double south, double east, double north) {
	}

	/** Epoch milliseconds, either end open ({@code null}); a dataset matches when its temporal spread overlaps. */
	record Period(Long from, Long to) {
	}

	static final int DEFAULT_SIZE = 20;
	static final int MAX_SIZE = 100;
	static final List<String> SORTS = List.of("relevance", "updated", "title");

	SearchRequest {
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
}
