package org.kerys.identity.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.client.registration.ClientRegistration;

/** Providers are read on first use; one that was down is read again later, not at every request. */
class OidcClientRegistrationsTests {

	@Test
	void shouldReadTheProviderLazilyAndRetryAfterAFailure() throws Exception {
		HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		String issuer = "http://127.0.0.1:" + server.getAddress().getPort();
		AtomicBoolean up = new AtomicBoolean(false);
		AtomicInteger requests = new AtomicInteger();
		server.createContext("/", exchange -> {
			requests.incrementAndGet();
			byte[] body = ("""
					{"issuer": "%1$s", "authorization_endpoint": "%1$s/authorize", "token_endpoint": "%1$s/token",
					"jwks_uri": "%1$s/jwks", "userinfo_endpoint": "%1$s/userinfo", "response_types_supported": ["code"],
					"subject_types_supported": ["public"], "id_token_signing_alg_values_supported": ["RS256"]}""")
					.formatted(issuer).getBytes(StandardCharsets.UTF_8);
			boolean answer = up.get() && exchange.getRequestURI().getPath().equals("/.well-known/openid-configuration");
			exchange.getResponseHeaders().set("Content-Type", "application/json");
			exchange.sendResponseHeaders(answer ? 200 : 503, answer ? body.length : -1);
			if (answer) {
				exchange.getResponseBody().write(body);
			}
			exchange.close();
		});
		server.start();
		try {
			OidcClientRegistrations registrations = new OidcClientRegistrations(Map.of("test",
					new OidcProperties.Provider(issuer, "kerys", "secret", "Test", null, null, null, null)));
			assertThat(requests).as("nothing read before first use").hasValue(0);
			assertThat(registrations.findByRegistrationId("other")).isNull();

			assertThat(registrations.findByRegistrationId("test")).as("down").isNull();
			int afterFailure = requests.get();
			assertThat(afterFailure).isPositive();
			up.set(true);
			assertThat(registrations.findByRegistrationId("test")).as("not retried at once").isNull();
			assertThat(requests).hasValue(afterFailure);

			Thread.sleep(OidcClientRegistrations.RETRY_AFTER.toMillis() + 100);
			ClientRegistration registration = registrations.findByRegistrationId("test");
			assertThat(registration).isNotNull();
			assertThat(registration.getClientId()).isEqualTo("kerys");
			assertThat(registration.getClientName()).isEqualTo("Test");
			assertThat(registration.getScopes()).containsExactlyInAnyOrder("openid", "email", "profile");
			assertThat(registration.getRedirectUri()).isEqualTo("{baseUrl}/login/oauth2/code/{registrationId}");
			assertThat(registration.getProviderDetails().getIssuerUri()).isEqualTo(issuer);
			int afterSuccess = requests.get();
			assertThat(registrations.findByRegistrationId("test")).as("kept").isSameAs(registration);
			assertThat(requests).hasValue(afterSuccess);
		}
		finally {
			server.stop(0);
		}
	}

	@Test
	void shouldNormaliseLogins() {
		assertThat(OidcAccounts.baseLogin("Alice")).isEqualTo("alice");
		assertThat(OidcAccounts.baseLogin("Élodie Müller")).isEqualTo("elodie-muller");
		assertThat(OidcAccounts.baseLogin("__jean.dupont")).isEqualTo("jean.dupont");
		assertThat(OidcAccounts.baseLogin("al")).isEqualTo("al-user");
		assertThat(OidcAccounts.baseLogin(null)).isEqualTo("user");
		assertThat(OidcAccounts.baseLogin("李")).isEqualTo("user");
		assertThat(OidcAccounts.baseLogin("deleted-1234")).isEqualTo("user-deleted-1234");
		assertThat(OidcAccounts.baseLogin("x".repeat(60))).hasSize(40);
	}

	@Test
	void shouldListTheProvidersForTheSignInPage() {
		OidcProperties properties = new OidcProperties(Map.of(
				"proconnect", new OidcProperties.Provider("https://pc", "id", null, "ProConnect", null, null, null, null),
				"keycloak", new OidcProperties.Provider("https://kc", "id", null, null, null, null, null, null)));
		assertThat(new OidcProvidersAdvice(properties).oidcProviders()).extracting("name", "url").containsExactly(
				org.assertj.core.groups.Tuple.tuple("keycloak", "/oauth2/authorization/keycloak"),
				org.assertj.core.groups.Tuple.tuple("ProConnect", "/oauth2/authorization/proconnect"));
		assertThat(new OidcProvidersAdvice(new OidcProperties(null)).oidcProviders()).isEmpty();
	}

	@Test
	void shouldDefaultScopesAndAddAcrValues() {
		OidcProperties.Provider provider = new OidcProperties.Provider("https://idp", "id", null, null,
				List.of("email"), null, "eidas1", Map.of("prompt", "login"));
		assertThat(provider.scopes()).containsExactly("openid", "email");
		assertThat(provider.authorizationParameters()).containsEntry("acr_values", "eidas1")
				.containsEntry("prompt", "login");
		assertThat(new OidcProperties(Map.of("a", provider, "b",
				new OidcProperties.Provider(" ", "id", null, null, null, null, null, null))).usable()).containsOnlyKeys("a");
	}
}
