package org.kerys.identity.internal;

import java.io.IOException;
import java.util.List;
import java.util.function.Predicate;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.kerys.identity.AccessPolicy;
import org.kerys.identity.TokenScope;
import org.kerys.platform.Problems;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Who may call what: each API request rule asks {@link AccessPolicy}, and the catalogue asks it again about a
 * dataset's producer. Callers of the API: HTTP Basic (login and password), personal tokens ({@code Bearer krs_…},
 * {@link BearerTokenFilter}) and the JWT access tokens of producer nodes ({@code Bearer} with a JWT, checked by
 * the resource server against the Kerys signing key). The rules are in {@code docs/security.md}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication
class SecurityConfiguration {

	@Bean
	@Order(2)
	SecurityFilterChain api(HttpSecurity http, ApiTokens tokens, AccessPolicy policy, JwtDecoder jwtDecoder)
			throws Exception {
		RequestMatcher writes = request -> !HttpMethod.GET.matches(request.getMethod())
				&& !HttpMethod.HEAD.matches(request.getMethod()) && !HttpMethod.OPTIONS.matches(request.getMethod());
		var paths = PathPatternRequestMatcher.withDefaults();
		http.securityMatcher("/api/**")
				.csrf(csrf -> csrf.disable())
				.sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
				.httpBasic(basic -> basic.authenticationEntryPoint((request, response, e) -> problem(response, 401,
						"KRS-401", "Authentication is required.")))
				.oauth2ResourceServer(server -> server.bearerTokenResolver(SecurityConfiguration::jwtOnly)
						.authenticationEntryPoint((request, response, e) -> invalidToken(response))
						.jwt(jwt -> jwt.authenticationManager(accessTokens(jwtDecoder))))
				.exceptionHandling(ex -> ex
						.authenticationEntryPoint((request, response, e) -> problem(response, 401, "KRS-401",
								"Authentication is required."))
						.accessDeniedHandler((request, response, e) -> problem(response, 403, "ERR-403",
								"You may not do this.")))
				.addFilterBefore(new BearerTokenFilter(tokens), BasicAuthenticationFilter.class)
				.authorizeHttpRequests(auth -> auth
						.requestMatchers("/api/admin/**").access(when(a -> policy.administers(a, TokenScope.ADMIN)))
						.requestMatchers("/api/auth/**").access(when(policy::isAccount))
						.requestMatchers(paths.matcher(HttpMethod.PUT, "/api/v1/media/**"))
						.access(when(a -> policy.administers(a, TokenScope.MEDIA_WRITE)))
						// a node client passes here; the catalogue then checks the dataset's producer with the policy
						.requestMatchers(paths.matcher(HttpMethod.POST, "/api/v1/resources"),
								paths.matcher(HttpMethod.PUT, "/api/v1/resources/{id}"),
								paths.matcher(HttpMethod.DELETE, "/api/v1/resources/{id}"))
						.access(when(a -> policy.administers(a, TokenScope.CATALOG_WRITE) || policy.isNodeClient(a)))
						.requestMatchers(writes).access(when(a -> policy.administers(a, TokenScope.CATALOG_WRITE)))
						.anyRequest().permitAll());
		return http.build();
	}

	@Bean
	@Order(3)
	SecurityFilterChain portal(HttpSecurity http) throws Exception {
		http.authorizeHttpRequests(auth -> auth.anyRequest().permitAll())
				.httpBasic(Customizer.withDefaults());
		return http.build();
	}

	private static AuthorizationManager<RequestAuthorizationContext> when(Predicate<Authentication> rule) {
		return (authentication, context) -> new AuthorizationDecision(rule.test(authentication.get()));
	}

	/**
	 * Access tokens are checked by their signature, on every request: that is no login, and a refused token must not
	 * reach the audit ledger (a login failure records the credential's name, which for a bearer token is the token
	 * itself). So this manager publishes no authentication events; the node's login is its token request.
	 */
	private static AuthenticationManager accessTokens(JwtDecoder decoder) {
		JwtAuthenticationProvider provider = new JwtAuthenticationProvider(decoder);
		provider.setJwtAuthenticationConverter(SecurityConfiguration::nodeClient);
		return new ProviderManager(provider);
	}

	/** A bearer token shaped like a JWT (two dots); personal tokens are left to {@link BearerTokenFilter}. */
	static String jwtOnly(HttpServletRequest request) {
		String header = request.getHeader("Authorization");
		if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
			return null;
		}
		String token = header.substring(7).trim();
		return looksLikeJwt(token) ? token : null;
	}

	static boolean looksLikeJwt(String token) {
		return token.chars().filter(c -> c == '.').count() == 2;
	}

	/** A token with organisations is a producer node's; its name is the client id. Scope claims grant nothing. */
	private static JwtAuthenticationToken nodeClient(Jwt jwt) {
		List<SimpleGrantedAuthority> authorities = jwt.hasClaim(AccessPolicy.ORGANIZATIONS_CLAIM)
				? List.of(new SimpleGrantedAuthority(AccessPolicy.NODE_CLIENT)) : List.of();
		return new JwtAuthenticationToken(jwt, authorities, jwt.getSubject());
	}

	private static void invalidToken(HttpServletResponse response) throws IOException {
		response.setHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"");
		Problems.write(response, HttpStatus.UNAUTHORIZED, "KRS-401-TOKEN",
				"The token is invalid, expired or not signed by Kerys.");
	}

	private static void problem(HttpServletResponse response, int status, String code, String detail)
			throws IOException {
		if (status == 401) {
			response.setHeader("WWW-Authenticate", "Basic realm=\"Kerys\"");
		}
		Problems.write(response, HttpStatus.valueOf(status), code, detail);
	}
}
