package org.kerys.identity.internal;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The OpenID Connect providers people may sign in with ({@code kerys.oidc.providers.<id>.*}, or
 * {@code KERYS_OIDC_PROVIDERS_<ID>_ISSUER_URI}, {@code …_CLIENT_ID}, {@code …_CLIENT_SECRET}, {@code …_NAME},
 * {@code …_SCOPES} environment variables; an id set through the environment is lower-case and should be letters
 * and digits only). None by default: Kerys then offers password sign-in only. See {@code docs/oidc.md}.
 *
 * @param providers by registration id, the {@code <id>} of {@code /oauth2/authorization/<id>} and of the redirect
 * URI {@code <public url>/login/oauth2/code/<id>} to register at the provider
 */
@ConfigurationProperties("kerys.oidc")
public record OidcProperties(Map<String, Provider> providers) {

	public OidcProperties {
		providers = providers == null ? Map.of() : new TreeMap<>(providers);
	}

	/**
	 * One provider.
	 *
	 * @param issuerUri its issuer, where {@code /.well-known/openid-configuration} is found (read on first use)
	 * @param clientId the client id Kerys was given by the provider
	 * @param clientSecret its secret
	 * @param name what the sign-in button says (the id when empty)
	 * @param scopes what is asked for: {@code openid,email,profile} by default
	 * @param redirectUri the redirect URI, when the one built from the request ({@code {baseUrl}/login/oauth2/code/
	 * {registrationId}}) is not the one registered at the provider (behind a proxy that hides the public address)
	 * @param acrValues the {@code acr_values} of the authorization request, the authentication level asked for
	 * (FranceConnect: {@code eidas1}); none when empty
	 * @param authorizationParameters more parameters of the authorization request, e.g. {@code acr_values} for
	 * FranceConnect
	 */
	public record Provider(String issuerUri, String clientId, String clientSecret, String name, List<String> scopes,
			String redirectUri, String acrValues, Map<String, String> authorizationParameters) {

		static final List<String> DEFAULT_SCOPES = List.of("openid", "email", "profile");

		public Provider {
			Map<String, String> parameters = new TreeMap<>(
					authorizationParameters == null ? Map.of() : authorizationParameters);
			if (acrValues != null && !acrValues.isBlank()) {
				parameters.put("acr_values", acrValues.strip());
			}
			authorizationParameters = Map.copyOf(parameters);
			scopes = scopes == null || scopes.isEmpty() ? DEFAULT_SCOPES
					: scopes.stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
			if (!scopes.contains("openid")) {
				scopes = new java.util.ArrayList<>(scopes);
				scopes.add(0, "openid");
				scopes = List.copyOf(scopes);
			}
		}

		/** Whether enough is set to use it. */
		boolean usable() {
			return issuerUri != null && !issuerUri.isBlank() && clientId != null && !clientId.isBlank();
		}

		String displayName(String id) {
			return name == null || name.isBlank() ? id : name.strip();
		}
	}

	/** The providers that have at least an issuer and a client id. */
	Map<String, Provider> usable() {
		Map<String, Provider> usable = new TreeMap<>();
		providers.forEach((id, provider) -> {
			if (provider != null && provider.usable()) {
				usable.put(id, provider);
			}
		});
		return usable;
	}
}
