package org.kerys.identity.internal;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.security.oauth2.client.oidc.authentication.OidcIdTokenDecoderFactory;
import org.springframework.security.oauth2.client.oidc.authentication.OidcIdTokenValidator;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.converter.ClaimTypeConverter;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtDecoderFactory;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * Checks ID tokens as Spring Security's {@link OidcIdTokenDecoderFactory} does (the provider's keys, issuer,
 * audience, expiry, claim types) but accepts every asymmetric signature algorithm, not RS256 only: FranceConnect
 * and ProConnect sign with ES256 or RS256, as chosen when the client was registered. Keys come from the provider's
 * {@code jwks_uri}; shared-secret (HS…) signatures are not accepted.
 */
class OidcIdTokens implements JwtDecoderFactory<ClientRegistration> {

	private static final List<SignatureAlgorithm> ALGORITHMS = List.of(SignatureAlgorithm.RS256,
			SignatureAlgorithm.RS384, SignatureAlgorithm.RS512, SignatureAlgorithm.ES256, SignatureAlgorithm.ES384,
			SignatureAlgorithm.ES512, SignatureAlgorithm.PS256, SignatureAlgorithm.PS384, SignatureAlgorithm.PS512);

	private final Map<String, JwtDecoder> decoders = new ConcurrentHashMap<>();

	@Override
	public JwtDecoder createDecoder(ClientRegistration registration) {
		return decoders.computeIfAbsent(registration.getRegistrationId(), id -> {
			NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(registration.getProviderDetails().getJwkSetUri())
					.jwsAlgorithms(algorithms -> algorithms.addAll(ALGORITHMS)).build();
			decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(new JwtTimestampValidator(),
					new OidcIdTokenValidator(registration)));
			decoder.setClaimSetConverter(new ClaimTypeConverter(OidcIdTokenDecoderFactory.createDefaultClaimTypeConverters()));
			return decoder;
		});
	}
}
