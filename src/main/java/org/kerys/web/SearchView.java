package org.kerys.web;

import java.util.List;

import org.kerys.catalog.AccessRegime;

/**
 * A search page as shown: the hits of one page, the facets (each value a link toggling its filter), the active
 * filters with their removal links, the sort choices and the paging links. Every link keeps the other parameters.
 */
record SearchView(String q, String sort, long total, List<HitView> hits, List<FacetView> facets,
		List<ActiveFilter> active, String clearHref, String firstHref, String nextHref, List<SortLink> sorts,
		List<Hidden> hidden) {

	/** A dataset found; {@code snippet} is HTML made by the search module (escaped text and {@code <mark>}). */
	record HitView(String globalId, String title, String snippet, String producer, String producerId, String theme,
			AccessRegime regime, When updated) {
	}

	/** One dimension of facets; {@code more} are the values past the first few, folded on the page. */
	record FacetView(String dimension, List<FacetValueView> values, List<FacetValueView> more) {
	}

	record FacetValueView(String dimension, String value, String label, long count, boolean active, String href) {
	}

	/** A filter in force: {@code kind} names it for the page (a facet dimension, bbox, from…). */
	record ActiveFilter(String kind, String label, String href) {
	}

	record SortLink(String code, String href, boolean current) {
	}

	/** A parameter the search form carries along when the words change (filters and sort stay). */
	record Hidden(String name, String value) {
	}

	public boolean paged() { // public: templates call it
		return firstHref != null;
	}
}
