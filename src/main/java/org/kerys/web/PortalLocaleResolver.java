package org.kerys.web;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.util.WebUtils;

/**
 * Decides the language of a request: the one chosen with {@code ?lang=} (remembered in a cookie), else the
 * browser's {@code Accept-Language}, else French. Only French and English are ever answered, so that
 * every page is fully translated whatever a cookie or a header says.
 */
final class PortalLocaleResolver implements LocaleResolver {

	static final String COOKIE = "kerys-lang";

	static final List<Locale> SUPPORTED = List.of(Locale.FRENCH, Locale.ENGLISH);

	// The cookie written during this request is not among the request's cookies yet.
	private static final String CHOSEN = PortalLocaleResolver.class.getName() + ".chosen";

	@Override
	public Locale resolveLocale(HttpServletRequest request) {
		if (request.getAttribute(CHOSEN) instanceof Locale chosen) {
			return chosen;
		}
		Cookie cookie = WebUtils.getCookie(request, COOKIE);
		Locale remembered = cookie == null ? null : supported(cookie.getValue());
		if (remembered != null) {
			return remembered;
		}
		return fromAcceptLanguage(request.getHeader(HttpHeaders.ACCEPT_LANGUAGE));
	}

	@Override
	public void setLocale(HttpServletRequest request, HttpServletResponse response, Locale locale) {
		Locale chosen = locale == null ? null : supported(locale.getLanguage());
		if (chosen == null) {
			return; // an unknown ?lang= keeps the current language rather than half-translated pages
		}
		request.setAttribute(CHOSEN, chosen);
		if (response != null) {
			ResponseCookie cookie = ResponseCookie.from(COOKIE, chosen.getLanguage())
					.path("/")
					.maxAge(Duration.ofDays(365))
					.sameSite("Lax")
					.httpOnly(true)
					.secure(request.isSecure())
					.build();
			response.addHeader(HttpHeaders.SET_COOKIE, cookie.toString());
		}
	}

	static Locale fromAcceptLanguage(String header) {
		if (header != null && !header.isBlank()) {
			try {
				Locale best = Locale.lookup(Locale.LanguageRange.parse(header), SUPPORTED);
				if (best != null) {
					return best;
				}
			}
			catch (IllegalArgumentException malformed) {
				// a malformed header is no reason to fail the page: fall through to French
			}
		}
		return Locale.FRENCH;
	}

	private static Locale supported(String language) {
		return SUPPORTED.stream().filter(l -> l.getLanguage().equalsIgnoreCase(language)).findFirst().orElse(null);
	}
}
