package org.kerys.platform;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The current page in French and in English, its parameters kept: the layout's language switch
 * ({@code languageLinks.fr}, {@code languageLinks.en}), for every module's pages.
 */
public record LanguageLinks(String fr, String en) {

	public static LanguageLinks of(HttpServletRequest request) {
		String query = request.getQueryString();
		try {
			UriComponentsBuilder here = UriComponentsBuilder
					.fromUriString(request.getRequestURI() + (query == null ? "" : "?" + query));
			return new LanguageLinks(here.cloneBuilder().replaceQueryParam("lang", "fr").build().toUriString(),
					here.cloneBuilder().replaceQueryParam("lang", "en").build().toUriString());
		}
		catch (IllegalArgumentException oddAddress) {
			// an address Spring cannot parse back must still get its page (or its error page)
			return new LanguageLinks("?lang=fr", "?lang=en");
		}
	}
}
