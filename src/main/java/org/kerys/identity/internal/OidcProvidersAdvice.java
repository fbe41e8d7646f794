package org.kerys.identity.internal;

import java.util.List;

import org.kerys.platform.PortalPage;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * The OpenID Connect providers for the sign-in page's buttons: model attribute {@code oidcProviders}, a list
 * (empty without providers) of {@code name} (what the button says) and {@code url}
 * ({@code /oauth2/authorization/<id>}). Nothing is asked of the providers to draw the page.
 */
@ControllerAdvice(annotations = PortalPage.class) // pages only: not on every API request
public class OidcProvidersAdvice {

	/** One sign-in button. */
	public record OidcProvider(String name, String url) {

		public String getName() {
			return name;
		}

		public String getUrl() {
			return url;
		}
	}

	private final List<OidcProvider> providers;

	OidcProvidersAdvice(OidcProperties properties) {
		this.providers = properties.usable().entrySet().stream()
				.map(e -> new OidcProvider(e.getValue().displayName(e.getKey()), "/oauth2/authorization/" + e.getKey()))
				.toList();
	}

	@ModelAttribute("oidcProviders")
	List<OidcProvider> oidcProviders() {
		return providers;
	}
}
