package org.kerys.identity.internal;

import java.io.IOException;
import java.util.List;
import java.util.function.Predicate;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.kerys.identity.AccessPolicy;
import org.kerys.identity.TokenScope;
import org.kerys.identity.UpstreamPortalTokens;
import org.kerys.platform.Problems;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.StrictHttpFirewall;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Who may call what. Each request rule asks {@link AccessPolicy}; controllers and services ask it again about the
 * resource (a dataset's producer, an organisation). Chains, in order:
 * <ol>
 * <li>the authorisation server ({@link AuthorizationServerConfiguration});</li>
 * <li>{@code POST /api/auth/token}: HTTP Basic (login and password), the only API endpoint that takes a
 * password;</li>
 * <li>the API ({@code /api/**}, and the RUDI node intake {@code /kalim/**}, {@code /konsult/**},
 * {@code /strukture/**}, and the gateway {@code /gateway/**}): stateless, bearer tokens only — personal tokens ({@code krs_…},
 * {@link BearerTokenFilter}) and the JWT access tokens of producer nodes and reuse projects (the resource server, against the Kerys
 * signing key); no session cookie is read, so no CSRF token is needed. The integration reports of the upstream
 * portal (node mode: {@code PUT /api/v1/resources/{id}/report}, {@code /api/v1/organizations/{id}/report}) take
 * instead a JWT signed by that portal, checked by {@link UpstreamPortalTokens};</li>
 * <li>the portal: a session cookie after form login (or OpenID Connect, see {@link PortalSecurityCustomizer}), CSRF
 * protection on every form.</li>
 * </ol>
 * The rules are in {@code docs/security.md}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication
class SecurityConfiguration {

	/** Where the portal's form login answers (the page is the accounts module's). */
	static final String LOGIN_PAGE = "/login";

	/**
	 * Spring Security's strict firewall, with its header-value rule ({@code [\p{IsAssigned}&&[^\p{IsControl}]]*})
	 * checked without a regular expression: the regex ran over the whole bearer token at every read of the header,
	 * about 15 % of a node push's request CPU.
	 */
	@Bean
	HttpFirewall httpFirewall() {
		StrictHttpFirewall firewall = new StrictHttpFirewall();
		firewall.setAllowedHeaderValues(SecurityConfiguration::assignedAndNotControl);
		return firewall;
	}

	/** {@code \p{IsAssigned}} is {@link Character#isDefined}; {@code \p{IsControl}}, {@link Character#isISOControl}. */
	static boolean assignedAndNotControl(String value) {
		for (int i = 0; i < value.length();) {
			int c = value.codePointAt(i);
			if (!Character.isDefined(c) || Character.isISOControl(c)) {
				return false;
			}
			i += Character.charCount(c);
		}
		return true;
	}

	/**
	 * Spring Security's observations (a timer and events around every security filter of every request) follow
	 * {@code management.observations.enable.spring.security} (off in application.properties): off, the filters are not
	 * even wrapped — the property alone left the wrapping, which still cost every request (JFR profile of the push
	 * intake). The auth benchmark turns them on to time the security filters.
	 */
	@Bean
	SecurityObservationSettings securityObservations(
			@Value("${management.observations.enable.spring.security:true}") boolean observed) {
		// requests too: without this bean Spring Security observes all three, and the auth benchmark reads the requests'
		return observed ? SecurityObservationSettings.withDefaults().shouldObserveRequests(true).build()
				: SecurityObservationSettings.noObservations();
	}

	@Bean
	@Order(2)
	SecurityFilterChain tokenRequest(HttpSecurity http, AccessPolicy policy) throws Exception {
		http.securityMatcher(PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.POST, "/api/auth/token"))
				.csrf(csrf -> csrf.disable())
				.sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
				.httpBasic(basic -> basic.authenticationEntryPoint((request, response, e) -> passwordRequired(response)))
				.exceptionHandling(ex -> ex.authenticationEntryPoint((request, response, e) -> passwordRequired(response)))
				.authorizeHttpRequests(auth -> auth.anyRequest().access(when(policy::isAccount)));
		return http.build();
	}

	@Bean
	@Order(3)
	SecurityFilterChain api(HttpSecurity http, ApiTokens tokens, AccessPolicy policy, JwtDecoder jwtDecoder,
			NodeClients nodeClients, ProjectClients projectClients, ObjectProvider<UpstreamPortalTokens> upstream)
			throws Exception {
		RequestMatcher writes = request -> !HttpMethod.GET.matches(request.getMethod())
				&& !HttpMethod.HEAD.matches(request.getMethod()) && !HttpMethod.OPTIONS.matches(request.getMethod());
		var paths = PathPatternRequestMatcher.withDefaults();
		// integration reports of the upstream portal (node mode) carry its token, not ours
		RequestMatcher reports = new OrRequestMatcher(paths.matcher(HttpMethod.PUT, "/api/v1/resources/{id}/report"),
				paths.matcher(HttpMethod.PUT, "/api/v1/organizations/{id}/report"));
		AuthenticationManager nodeTokens = accessTokens(jwtDecoder, nodeClients, projectClients);
		AuthenticationManager upstreamTokens = upstreamTokens(upstream);
		// the push intake of RUDI producer nodes lives at RUDI's addresses, outside /api, with the same rules
		// the gateway serves API clients (project clients, personal tokens, anonymous callers of open data)
		http.securityMatcher("/api/**", "/kalim/**", "/konsult/**", "/strukture/**", "/gateway/**")
				.csrf(csrf -> csrf.disable())
				.sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
				.oauth2ResourceServer(server -> server.bearerTokenResolver(SecurityConfiguration::jwtOnly)
						.authenticationEntryPoint((request, response, e) -> invalidToken(response))
						.authenticationManagerResolver(
								request -> reports.matches(request) ? upstreamTokens : nodeTokens))
				.exceptionHandling(ex -> ex
						.authenticationEntryPoint((request, response, e) -> {
							response.setHeader("WWW-Authenticate", "Bearer realm=\"Kerys\"");
							Problems.write(response, HttpStatus.UNAUTHORIZED, "KRS-401",
									"Authentication is required: send 'Authorization: Bearer <token>'.");
						})
						.accessDeniedHandler((request, response, e) -> Problems.write(response, HttpStatus.FORBIDDEN,
								"ERR-403", "You may not do this.")))
				.addFilterBefore(new BearerTokenFilter(tokens), BearerTokenAuthenticationFilter.class)
				.authorizeHttpRequests(auth -> auth
						.requestMatchers(reports).access(when(policy::isUpstreamPortal))
						// moderation of reuse projects and data requests (access): moderators and administrators
						.requestMatchers("/api/admin/data-requests", "/api/admin/projects", "/api/admin/projects/**")
						.access(when(policy::isModerator))
						.requestMatchers("/api/admin/**").access(when(a -> policy.administers(a, TokenScope.ADMIN)))
						// only producer nodes push (federation then asks which registered node the client is)
						.requestMatchers("/kalim/**", "/strukture/**").access(when(policy::isNodeClient))
						// projects, access requests, agreements: accounts, and project clients (for their own project);
						// the access module then decides per project, request or agreement
						.requestMatchers("/api/projects/**", "/api/access-requests/**", "/api/agreements/**")
						.access(when(a -> policy.isAccount(a) || policy.isProjectClient(a)))
						.requestMatchers("/api/auth/**", "/api/me", "/api/me/**", "/api/organizations/**",
								"/api/invitations/**")
						.access(when(policy::isAccount))
						// accounts and node clients pass here; storage and the catalogue then ask the policy about
						// the producer of the media or dataset
						.requestMatchers(paths.matcher(HttpMethod.PUT, "/api/v1/media/**"),
								paths.matcher(HttpMethod.POST, "/api/v1/resources"),
								paths.matcher(HttpMethod.PUT, "/api/v1/resources/{id}"),
								paths.matcher(HttpMethod.DELETE, "/api/v1/resources/{id}"))
						.access(when(a -> policy.isAccount(a) || policy.isNodeClient(a)))
						// self-data: accounts only (citizens, producer members); the selfdata module decides per dataset and request
						.requestMatchers("/api/selfdata/**").access(when(policy::isAccount))
						// consent: anyone reads published treatments and checks a receipt; people write treatments
						// (the consent module asks the organisation's roles), consent, withdraw, read requests
						.requestMatchers(paths.matcher(HttpMethod.GET, "/api/treatments"),
								paths.matcher(HttpMethod.GET, "/api/treatments/**"),
								paths.matcher(HttpMethod.POST, "/api/consents/verify"))
						.permitAll()
						.requestMatchers("/api/treatments", "/api/treatments/**", "/api/consents", "/api/consents/**",
								"/api/consent-requests/**")
						.access(when(policy::isAccount))
						// the gateway decides on every call itself (agreement, limits); a SERVICE media takes any method
						.requestMatchers("/gateway/**").permitAll()
						.requestMatchers(writes).access(when(a -> policy.administers(a, TokenScope.CATALOG_WRITE)))
						.anyRequest().permitAll());
		return http.build();
	}

	@Bean
	@Order(4)
	SecurityFilterChain portal(HttpSecurity http, AccessPolicy policy, ObjectProvider<PortalSecurityCustomizer> customizers)
			throws Exception {
		http.authorizeHttpRequests(auth -> auth
						.requestMatchers("/admin", "/admin/**").access(when(policy::isAdministrator))
						.requestMatchers("/account", "/account/**", "/projects", "/projects/**", "/access/**", "/selfdata",
								"/selfdata/**", "/treatments", "/treatments/**", "/consents", "/consents/**",
								"/consent-requests/**")
						.access(when(policy::isAccount))
						.anyRequest().permitAll())
				.formLogin(form -> form.loginPage(LOGIN_PAGE).loginProcessingUrl(LOGIN_PAGE)
						.defaultSuccessUrl("/account", false).failureUrl(LOGIN_PAGE + "?error").permitAll())
				.logout(logout -> logout.logoutUrl("/logout").logoutSuccessUrl("/?signed-out"))
				.headers(headers -> headers.frameOptions(frame -> frame.deny()));
		for (PortalSecurityCustomizer customizer : customizers.orderedStream().toList()) {
			customizer.customize(http);
		}
		return http.build();
	}

	private static AuthorizationManager<RequestAuthorizationContext> when(Predicate<Authentication> rule) {
		return (authentication, context) -> new AuthorizationDecision(rule.test(authentication.get()));
	}

	/**
	 * Access tokens are checked by their signature, on every request: that is no login, and a refused token must not
	 * reach the audit ledger (a login failure records the credential's name, which for a bearer token is the token
	 * itself). So this manager publishes no authentication events; the node's login is its token request. A token of
	 * a node or project client revoked since it was issued is refused at once, not when it expires.
	 */
	private static AuthenticationManager accessTokens(JwtDecoder decoder, NodeClients nodeClients,
			ProjectClients projectClients) {
		JwtAuthenticationProvider provider = new JwtAuthenticationProvider(decoder);
		provider.setJwtAuthenticationConverter(SecurityConfiguration::machineClient);
		return authentication -> {
			Authentication authenticated = provider.authenticate(authentication);
			String clientId = authenticated == null ? null : authenticated.getName();
			boolean active = ProjectClients.isProjectClient(clientId) ? projectClients.isActive(clientId)
					: nodeClients.isActive(clientId);
			if (authenticated != null && !active) {
				throw new InvalidBearerTokenException("This client has been revoked.");
			}
			return authenticated;
		};
	}

	/**
	 * Tokens of the upstream portal (node mode), checked against its keys by federation: a caller with no other
	 * right than delivering reports. With no upstream configured, every token is refused.
	 */
	private static AuthenticationManager upstreamTokens(ObjectProvider<UpstreamPortalTokens> upstream) {
		JwtAuthenticationProvider provider = new JwtAuthenticationProvider(token -> {
			UpstreamPortalTokens tokens = upstream.getIfAvailable();
			if (tokens == null) {
				throw new BadJwtException("No upstream portal is configured.");
			}
			return tokens.decode(token);
		});
		provider.setJwtAuthenticationConverter(jwt -> new JwtAuthenticationToken(jwt,
				List.of(new SimpleGrantedAuthority(AccessPolicy.UPSTREAM_PORTAL)), jwt.getSubject()));
		return provider::authenticate;
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

	/**
	 * A token with organisations is a producer node's, one with a project a reuse project's; its name is the client
	 * id. Scope claims grant nothing.
	 */
	private static JwtAuthenticationToken machineClient(Jwt jwt) {
		List<SimpleGrantedAuthority> authorities = jwt.hasClaim(AccessPolicy.ORGANIZATIONS_CLAIM)
				? List.of(new SimpleGrantedAuthority(AccessPolicy.NODE_CLIENT))
				: jwt.hasClaim(AccessPolicy.PROJECT_CLAIM) ? List.of(new SimpleGrantedAuthority(AccessPolicy.PROJECT_CLIENT))
				: List.of();
		return new JwtAuthenticationToken(jwt, authorities, jwt.getSubject());
	}

	private static void invalidToken(HttpServletResponse response) throws IOException {
		response.setHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"");
		Problems.write(response, HttpStatus.UNAUTHORIZED, "KRS-401-TOKEN",
				"The token is invalid, expired, revoked or not signed by Kerys.");
	}

	private static void passwordRequired(HttpServletResponse response) throws IOException {
		response.setHeader("WWW-Authenticate", "Basic realm=\"Kerys\"");
		Problems.write(response, HttpStatus.UNAUTHORIZED, "KRS-401",
				"Tokens are created with the account's login and password (HTTP Basic).");
	}
}
