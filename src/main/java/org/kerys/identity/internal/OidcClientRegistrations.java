package org.kerys.identity.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.registration.ClientRegistrations;

/**
 * The configured OpenID Connect providers, each read from its discovery document
 * ({@code <issuer>/.well-known/openid-configuration}) on first use rather than at start-up: Kerys starts, and
 * password sign-in works, while a provider is unreachable. A failed discovery is tried again by a later request,
 * at most once every {@link #RETRY_AFTER}.
 */
class OidcClientRegistrations implements ClientRegistrationRepository {

	static final Duration RETRY_AFTER = Duration.ofSeconds(3);
	static final String REDIRECT_URI = "{baseUrl}/login/oauth2/code/{registrationId}";
	private static final Logger log = LoggerFactory.getLogger(OidcClientRegistrations.class);

	private final Map<String, OidcProperties.Provider> providers;
	private final Map<String, ClientRegistration> discovered = new ConcurrentHashMap<>();
	private final Map<String, Instant> failedAt = new ConcurrentHashMap<>();

	OidcClientRegistrations(Map<String, OidcProperties.Provider> providers) {
		this.providers = Map.copyOf(providers);
	}

	/** The provider's registration; null when no such provider is configured or its discovery failed. */
	@Override
	public ClientRegistration findByRegistrationId(String registrationId) {
		OidcProperties.Provider provider = registrationId == null ? null : providers.get(registrationId);
		if (provider == null) {
			return null;
		}
		ClientRegistration registration = discovered.get(registrationId);
		if (registration != null) {
			return registration;
		}
		synchronized (provider) {
			registration = discovered.get(registrationId);
			if (registration != null) {
				return registration;
			}
			Instant failed = failedAt.get(registrationId);
			if (failed != null && failed.plus(RETRY_AFTER).isAfter(Instant.now())) {
				return null;
			}
			try {
				registration = discover(registrationId, provider);
			}
			catch (RuntimeException e) {
				failedAt.put(registrationId, Instant.now());
				log.warn("OpenID Connect provider '{}' ({}) is unavailable, sign-in with it refused for now: {}",
						registrationId, provider.issuerUri(), brief(e));
				return null;
			}
			failedAt.remove(registrationId);
			discovered.put(registrationId, registration);
			log.info("OpenID Connect provider '{}' read from {}", registrationId, provider.issuerUri());
			return registration;
		}
	}

	/** The reason, without the provider's whole error page. */
	private static String brief(RuntimeException e) {
		String message = e.getClass().getSimpleName() + ": " + e.getMessage();
		return message.length() > 300 ? message.substring(0, 300) + "…" : message;
	}

	static ClientRegistration discover(String registrationId, OidcProperties.Provider provider) {
		String redirectUri = provider.redirectUri() == null || provider.redirectUri().isBlank() ? REDIRECT_URI
				: provider.redirectUri().strip();
		return ClientRegistrations.fromIssuerLocation(provider.issuerUri().strip())
				.registrationId(registrationId)
				.clientId(provider.clientId().strip())
				.clientSecret(provider.clientSecret() == null ? null : provider.clientSecret().strip())
				.clientName(provider.displayName(registrationId))
				.scope(provider.scopes())
				.redirectUri(redirectUri)
				.build();
	}
}
