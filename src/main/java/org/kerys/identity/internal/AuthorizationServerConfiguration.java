package org.kerys.identity.internal;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import org.kerys.identity.AccessPolicy;
import org.kerys.platform.KerysProperties;
import org.kerys.platform.Problems;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The embedded OAuth2 authorisation server: producer nodes and reuse projects get signed JWT access tokens with the
 * client-credentials grant at {@code /oauth/token} (the address a RUDI node calls), HTTP Basic client
 * authentication. Tokens are signed with the key of {@link SigningKey} and are self-contained: nothing is stored
 * per token, so any instance sharing the key validates them.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication
class AuthorizationServerConfiguration {

	static final String TOKEN_ENDPOINT = "/oauth/token";

	@Bean
	RSAKey signingKey(KerysProperties properties) {
		return SigningKey.loadOrCreate(properties.dataDir());
	}

	@Bean
	JWKSource<SecurityContext> jwkSource(RSAKey signingKey) {
		return new ImmutableJWKSet<>(new JWKSet(signingKey));
	}

	/** Tokens carry this issuer, and the API accepts no other. */
	@Bean
	AuthorizationServerSettings authorizationServerSettings(KerysProperties properties) {
		return AuthorizationServerSettings.builder().issuer(issuer(properties)).tokenEndpoint(TOKEN_ENDPOINT).build();
	}

	/**
	 * Signature by a platform key named by the token's {@code kid} — the signing key, or one retired by a rotation
	 * (tokens it signed stay valid until they expire) — RS256 only (so never {@code alg: none}), expiry, issuer.
	 */
	@Bean
	JwtDecoder jwtDecoder(PlatformKeySet keys, KerysProperties properties) {
		NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSource((selector, context) -> {
			String kid = selector.getMatcher().getKeyIDs() == null || selector.getMatcher().getKeyIDs().size() != 1 ? null
					: selector.getMatcher().getKeyIDs().iterator().next();
			return keys.verifying(kid).<List<JWK>>map(key -> selector.select(new JWKSet(key))).orElse(List.of());
		}).jwsAlgorithm(SignatureAlgorithm.RS256).build();
		OAuth2TokenValidator<Jwt> validator = JwtValidators.createDefaultWithIssuer(issuer(properties));
		decoder.setJwtValidator(validator);
		// The RSA check was a third of a node push's CPU: a token verified once is reused (its signature cannot
		// change), while the validators (expiry, issuer) run again at each use. Revocation of node and project clients
		// is asked after the decoder, at every request (SecurityConfiguration).
		Map<String, Jwt> verified = new ConcurrentHashMap<>();
		return token -> {
			Jwt jwt = verified.get(token);
			if (jwt != null && !validator.validate(jwt).hasErrors()) {
				return jwt;
			}
			verified.remove(token);
			jwt = decoder.decode(token);
			if (verified.size() >= 10_000) {
				verified.clear();
			}
			verified.put(token, jwt);
			return jwt;
		};
	}

	/**
	 * A node client's token names the client and the organisations it publishes for; a project client's, the client
	 * and its project.
	 */
	@Bean
	OAuth2TokenCustomizer<JwtEncodingContext> nodeClientClaims() {
		return context -> {
			if (!AuthorizationGrantType.CLIENT_CREDENTIALS.equals(context.getAuthorizationGrantType())
					|| !OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())) {
				return;
			}
			List<String> organizations = context.getRegisteredClient().getClientSettings()
					.getSetting(NodeClients.ORGANIZATIONS_SETTING);
			context.getClaims().claim("client_id", context.getRegisteredClient().getClientId());
			if (organizations != null) {
				context.getClaims().claim(AccessPolicy.ORGANIZATIONS_CLAIM, organizations);
			}
			String project = context.getRegisteredClient().getClientSettings().getSetting(ProjectClients.PROJECT_SETTING);
			if (project != null) {
				context.getClaims().claim(AccessPolicy.PROJECT_CLAIM, project);
			}
		};
	}

	/**
	 * Client-credentials tokens are self-contained JWTs, so there is nothing to keep (the default keeps every
	 * token issued in memory, forever).
	 */
	@Bean
	OAuth2AuthorizationService authorizations() {
		return new OAuth2AuthorizationService() {
			@Override
			public void save(OAuth2Authorization authorization) {
			}

			@Override
			public void remove(OAuth2Authorization authorization) {
			}

			@Override
			public OAuth2Authorization findById(String id) {
				return null;
			}

			@Override
			public OAuth2Authorization findByToken(String token, OAuth2TokenType tokenType) {
				return null;
			}
		};
	}

	@Bean
	@Order(1)
	SecurityFilterChain authorizationServer(HttpSecurity http, NodeClients nodeClients, ProjectClients projectClients)
			throws Exception {
		http.oauth2AuthorizationServer(server -> {
					server.registeredClientRepository(clients(nodeClients, projectClients));
					http.securityMatcher(server.getEndpointsMatcher());
				})
				.authorizeHttpRequests(auth -> auth.anyRequest().authenticated())
				.sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
				.exceptionHandling(ex -> ex.authenticationEntryPoint((request, response, e) -> Problems.write(response,
						HttpStatus.UNAUTHORIZED, "KRS-401", "Authentication is required.")));
		return http.build();
	}

	/**
	 * The clients the token endpoint knows: producer nodes' and reuse projects', told apart by the prefix of their
	 * id. Given to the server here rather than as a second repository bean, which it would refuse as ambiguous.
	 */
	static RegisteredClientRepository clients(NodeClients nodeClients, ProjectClients projectClients) {
		return new RegisteredClientRepository() {
			@Override
			public void save(RegisteredClient registeredClient) {
				nodeClients.save(registeredClient);
			}

			@Override
			public RegisteredClient findById(String id) {
				return findByClientId(id);
			}

			@Override
			public RegisteredClient findByClientId(String clientId) {
				return ProjectClients.isProjectClient(clientId) ? projectClients.find(clientId)
						: nodeClients.findByClientId(clientId);
			}
		};
	}

	static String issuer(KerysProperties properties) {
		String url = properties.publicUrl() == null || properties.publicUrl().isBlank() ? "http://localhost:8080"
				: properties.publicUrl().strip();
		return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
	}
}
