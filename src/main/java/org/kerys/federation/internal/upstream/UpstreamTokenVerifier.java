package org.kerys.federation.internal.upstream;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import org.kerys.federation.internal.outbound.OutboundHttp;
import org.kerys.federation.internal.outbound.OutboundRefused;
import org.kerys.identity.UpstreamPortalTokens;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.stereotype.Component;

/**
 * Checks the tokens the upstream portal signs its integration reports with: an RS256 or ES256 JWT signed by a key of
 * the portal's JWKS ({@link UpstreamSettings#jwksUrl()}, fetched through {@link OutboundHttp} and kept five minutes,
 * fetched again sooner for a key it does not hold), not expired, and naming this Kerys' client id in {@code aud}
 * (a Kerys upstream signs its reports so). Refuses everything when no upstream is configured.
 */
@Component
class UpstreamTokenVerifier implements UpstreamPortalTokens {

	private static final Duration KEEP = Duration.ofMinutes(5);
	private static final Duration REFETCH_AFTER = Duration.ofSeconds(30);

	private final UpstreamSettings settings;
	private final OutboundHttp http;
	private final NimbusJwtDecoder decoder;
	private volatile Keys keys;

	private record Keys(JWKSet set, Instant fetchedAt) {
	}

	UpstreamTokenVerifier(UpstreamSettings settings, OutboundHttp http) {
		this.settings = settings;
		this.http = http;
		DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
		processor.setJWSKeySelector(new JWSVerificationKeySelector<>(Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256),
				new UpstreamKeys()));
		processor.setJWTClaimsSetVerifier((claims, context) -> {
			// checked by the validators below
		});
		this.decoder = new NimbusJwtDecoder(processor);
		String audience = settings.clientId();
		decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(new JwtTimestampValidator(),
				new JwtClaimValidator<Object>("exp", exp -> exp != null),
				new JwtClaimValidator<List<String>>("aud", aud -> aud != null && audience != null && aud.contains(audience))));
	}

	@Override
	public Jwt decode(String token) throws JwtException {
		if (settings.url() == null || settings.jwksUrl() == null) {
			throw new BadJwtException("No upstream portal is configured.");
		}
		try {
			return decoder.decode(token);
		}
		catch (BadJwtException e) {
			throw e;
		}
		catch (JwtException e) {
			throw new BadJwtException(e.getMessage(), e);
		}
	}

	/** The upstream's public keys, fetched when first needed and again after a while or for an unknown key. */
	private final class UpstreamKeys implements JWKSource<SecurityContext> {

		@Override
		public List<JWK> get(JWKSelector selector, SecurityContext context) throws KeySourceException {
			Keys current = keys;
			if (current == null || current.fetchedAt().plus(KEEP).isBefore(Instant.now())) {
				current = fetch();
			}
			List<JWK> found = selector.select(current.set());
			if (found.isEmpty() && current.fetchedAt().plus(REFETCH_AFTER).isBefore(Instant.now())) {
				found = selector.select(fetch().set());
			}
			return found;
		}

		private Keys fetch() throws KeySourceException {
			try {
				OutboundHttp.Response answer = http.get(URI.create(settings.jwksUrl()),
						Map.of("Accept", "application/json"), settings.allowPrivateNetwork());
				if (!answer.successful()) {
					throw new KeySourceException("The upstream's JWKS answered " + answer.status());
				}
				Keys fetched = new Keys(JWKSet.parse(new String(answer.body(), StandardCharsets.UTF_8)), Instant.now());
				keys = fetched;
				return fetched;
			}
			catch (OutboundRefused | ParseException | IllegalArgumentException e) {
				throw new KeySourceException("The upstream's JWKS could not be read: " + e.getMessage(), e);
			}
		}
	}
}
