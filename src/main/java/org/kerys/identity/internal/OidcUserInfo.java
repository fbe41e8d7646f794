package org.kerys.identity.internal;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.userinfo.OAuth2UserRequest;
import org.springframework.security.oauth2.client.userinfo.OAuth2UserService;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.user.DefaultOAuth2User;
import org.springframework.security.oauth2.core.user.OAuth2User;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * The provider's userinfo endpoint, answered either as JSON or — as ProConnect and FranceConnect do — as a signed
 * JWT ({@code application/jwt}, OpenID Connect Core §5.3.2), which Spring Security's default service cannot read.
 * A signed answer is checked against the provider's keys ({@code jwks_uri}), its issuer and its audience (the
 * client id). Encrypted answers (JWE) are not supported.
 */
class OidcUserInfo implements OAuth2UserService<OAuth2UserRequest, OAuth2User> {

	private static final MediaType JWT = MediaType.parseMediaType("application/jwt");
	private static final ParameterizedTypeReference<Map<String, Object>> MAP = new ParameterizedTypeReference<>() {
	};

	private static final tools.jackson.databind.json.JsonMapper JSON = tools.jackson.databind.json.JsonMapper.builder()
			.build();

	private final RestClient rest;
	private final Map<String, JwtDecoder> decoders = new ConcurrentHashMap<>();

	OidcUserInfo() {
		SimpleClientHttpRequestFactory requests = new SimpleClientHttpRequestFactory();
		requests.setConnectTimeout(10_000);
		requests.setReadTimeout(30_000);
		this.rest = RestClient.builder().requestFactory(requests).build();
	}

	@Override
	public OAuth2User loadUser(OAuth2UserRequest request) {
		ClientRegistration registration = request.getClientRegistration();
		String uri = registration.getProviderDetails().getUserInfoEndpoint().getUri();
		ResponseEntity<byte[]> response;
		try {
			response = rest.get().uri(uri)
					.header(HttpHeaders.AUTHORIZATION, "Bearer " + request.getAccessToken().getTokenValue())
					.accept(MediaType.APPLICATION_JSON, JWT).retrieve().toEntity(byte[].class);
		}
		catch (RestClientException e) {
			throw failure("The provider's userinfo endpoint failed: " + e.getMessage(), e);
		}
		byte[] body = response.getBody() == null ? new byte[0] : response.getBody();
		MediaType type = response.getHeaders().getContentType();
		Map<String, Object> claims;
		if (type != null && JWT.isCompatibleWith(type)) {
			claims = signedClaims(registration, new String(body, java.nio.charset.StandardCharsets.US_ASCII).strip());
		}
		else {
			try {
				claims = JSON.readValue(body,
						new tools.jackson.core.type.TypeReference<Map<String, Object>>() {
						});
			}
			catch (RuntimeException e) {
				throw failure("The provider's userinfo answer is neither JSON nor a JWT.", e);
			}
		}
		if (claims != null) {
			claims = new java.util.LinkedHashMap<>(claims);
			claims.values().removeIf(java.util.Objects::isNull);
		}
		if (claims == null || !(claims.get("sub") instanceof String)) {
			throw failure("The provider's userinfo answer has no subject.", null);
		}
		return new DefaultOAuth2User(List.of(new SimpleGrantedAuthority("OAUTH2_USER")), claims, "sub");
	}

	private Map<String, Object> signedClaims(ClientRegistration registration, String token) {
		JwtDecoder decoder = decoders.computeIfAbsent(registration.getRegistrationId(), id -> decoder(registration));
		try {
			Jwt jwt = decoder.decode(token);
			return jwt.getClaims();
		}
		catch (JwtException e) {
			throw failure("The provider's signed userinfo answer is invalid: " + e.getMessage(), e);
		}
	}

	private static JwtDecoder decoder(ClientRegistration registration) {
		NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(registration.getProviderDetails().getJwkSetUri())
				.discoverJwsAlgorithms().validateType(false).build();
		String clientId = registration.getClientId();
		decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(
				new JwtIssuerValidator(registration.getProviderDetails().getIssuerUri()),
				new JwtClaimValidator<Object>("aud", aud -> aud instanceof java.util.Collection<?> list
						? list.contains(clientId) : clientId.equals(aud))));
		return decoder;
	}

	private static OAuth2AuthenticationException failure(String message, Throwable cause) {
		OAuth2Error error = new OAuth2Error("invalid_user_info_response", message, null);
		return cause == null ? new OAuth2AuthenticationException(error) : new OAuth2AuthenticationException(error, cause);
	}
}
