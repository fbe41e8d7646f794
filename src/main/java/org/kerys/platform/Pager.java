package org.kerys.platform;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Where a portal list is: page {@code page} of {@code pages} ({@code total} items), and the links to its neighbours,
 * the current address with another {@code page} (its filters kept).
 */
public record Pager(int page, int pages, long total, String previous, String next) {

	/** The page asked for: 1 when none or not a number, else from 1 to {@code max}. */
	public static int number(String asked, int max) {
		try {
			return asked == null ? 1 : Math.max(1, Math.min(max, Integer.parseInt(asked.strip())));
		}
		catch (NumberFormatException e) {
			return 1;
		}
	}

	/**
	 * Page {@code asked} ({@link #number}), or the last one when past it, of {@code total} items, {@code size} a page.
	 */
	public static Pager of(int asked, long total, int size, HttpServletRequest request) {
		int pages = (int) Math.max(1, (total + size - 1) / size);
		int page = Math.min(asked, pages);
		String query = request.getQueryString();
		UriComponentsBuilder here;
		try {
			here = UriComponentsBuilder.fromUriString(request.getRequestURI() + (query == null ? "" : "?" + query));
		}
		catch (IllegalArgumentException oddAddress) {
			here = UriComponentsBuilder.fromUriString(request.getRequestURI());
		}
		return new Pager(page, pages, total,
				page > 1 ? here.cloneBuilder().replaceQueryParam("page", page - 1).build().toUriString() : null,
				page < pages ? here.cloneBuilder().replaceQueryParam("page", page + 1).build().toUriString() : null);
	}
}
