package org.kerys.identity.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.kerys.identity.TokenScope;
import org.kerys.platform.Problems;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates {@code Authorization: Bearer krs_…} personal API tokens (any bearer token that is not shaped like a
 * JWT; JWTs are the resource server's). A token that is unknown, revoked or
 * expired is refused at once (401 {@code KRS-401-TOKEN}) rather than treated as anonymous, so a client learns
 * its token is bad instead of getting a misleading 403 or a public answer.
 */
class BearerTokenFilter extends OncePerRequestFilter {

	private final ApiTokens tokens;

	BearerTokenFilter(ApiTokens tokens) {
		this.tokens = tokens;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String header = request.getHeader("Authorization");
		if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
			chain.doFilter(request, response);
			return;
		}
		String secret = header.substring(7).trim();
		if (SecurityConfiguration.looksLikeJwt(secret)) {
			chain.doFilter(request, response); // an access token: the resource server checks it
			return;
		}
		var owner = tokens.authenticate(secret);
		if (owner.isEmpty()) {
			response.setHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"");
			Problems.write(response, HttpStatus.UNAUTHORIZED, "KRS-401-TOKEN",
					"The token is unknown, revoked or expired.");
			return;
		}
		var context = SecurityContextHolder.createEmptyContext();
		context.setAuthentication(new TokenAuthentication(owner.get()));
		SecurityContextHolder.setContext(context);
		try {
			chain.doFilter(request, response);
		}
		finally {
			SecurityContextHolder.clearContext();
		}
	}

	/** An account authenticated by one of its tokens: its roles, and only the token's scopes. */
	static final class TokenAuthentication extends AbstractAuthenticationToken {

		private final ApiTokens.TokenOwner owner;

		TokenAuthentication(ApiTokens.TokenOwner owner) {
			super(authorities(owner));
			this.owner = owner;
			setAuthenticated(true);
		}

		private static List<GrantedAuthority> authorities(ApiTokens.TokenOwner owner) {
			List<GrantedAuthority> authorities = new ArrayList<>();
			owner.roles().forEach(role -> authorities.add(new SimpleGrantedAuthority("ROLE_" + role)));
			owner.scopes().stream().map(TokenScope::of).flatMap(java.util.Optional::stream)
					.forEach(scope -> authorities.add(new SimpleGrantedAuthority(scope.authority())));
			return authorities;
		}

		@Override
		public Object getCredentials() {
			return "";
		}

		@Override
		public Object getPrincipal() {
			return owner.login();
		}

		@Override
		public String getName() {
			return owner.login();
		}
	}
}
