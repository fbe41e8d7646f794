package org.kerys.identity.internal;

import java.util.Map;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.jwt.JwtDecoderFactory;

/**
 * OpenID Connect sign-in, present only when at least one provider is configured ({@link OidcProperties}): without
 * one there is no {@link ClientRegistrationRepository}, so Spring Boot's OAuth2 client auto-configuration stays
 * idle and the portal has no OpenID Connect endpoint.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication
@Conditional(OidcConfiguration.ProvidersConfigured.class)
class OidcConfiguration {

	@Bean
	OidcClientRegistrations oidcClientRegistrations(OidcProperties properties) {
		return new OidcClientRegistrations(properties.usable());
	}

	/** ID tokens signed with RS256, ES256 or another asymmetric algorithm; oauth2Login finds this bean by type. */
	@Bean
	JwtDecoderFactory<ClientRegistration> oidcIdTokens() {
		return new OidcIdTokens();
	}

	/** At least one provider with an issuer and a client id. */
	static class ProvidersConfigured extends SpringBootCondition {

		@Override
		public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
			Map<String, OidcProperties.Provider> providers = Binder.get(context.getEnvironment())
					.bind("kerys.oidc", Bindable.of(OidcProperties.class))
					.map(OidcProperties::usable).orElse(Map.of());
			return providers.isEmpty() ? ConditionOutcome.noMatch("no kerys.oidc.providers.<id>.issuer-uri and client-id")
					: ConditionOutcome.match("OpenID Connect providers " + providers.keySet());
		}
	}
}
