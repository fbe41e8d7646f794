package org.kerys.identity.internal;

import java.io.IOException;

import jakarta.servlet.http.HttpServletResponse;
import org.kerys.identity.TokenScope;
import org.kerys.platform.Problems;
import org.springframework.security.authorization.AuthorityAuthorizationManager;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationManagers;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Who may call what, decided here for every endpoint: reading the catalogue is open to everyone; writing
 * to the API needs an authenticated account (HTTP Basic for now), and administration ({@code /api/admin/**},
 * any method) the {@code administrator} role (and, with a token, its {@code admin} scope).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication
class SecurityConfiguration {

	@Bean
	SecurityFilterChain api(HttpSecurity http, ApiTokens tokens) throws Exception {
		RequestMatcher writes = request -> !HttpMethod.GET.matches(request.getMethod())
				&& !HttpMethod.HEAD.matches(request.getMethod()) && !HttpMethod.OPTIONS.matches(request.getMethod());
		http.securityMatcher("/api/**")
				.csrf(csrf -> csrf.disable())
				.sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
				.httpBasic(basic -> basic.authenticationEntryPoint((request, response, e) -> problem(response, 401,
						"KRS-401", "Authentication is required.")))
				.exceptionHandling(ex -> ex.accessDeniedHandler((request, response, e) -> problem(response, 403,
						"ERR-403", "You may not do this.")))
				.addFilterBefore(new BearerTokenFilter(tokens), BasicAuthenticationFilter.class)
				.authorizeHttpRequests(auth -> auth
						.requestMatchers("/api/admin/**").access(administratorWith(TokenScope.ADMIN))
						.requestMatchers("/api/auth/**").authenticated()
						.requestMatchers(PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.PUT, "/api/v1/media/**"))
						.access(administratorWith(TokenScope.MEDIA_WRITE))
						.requestMatchers(writes).access(administratorWith(TokenScope.CATALOG_WRITE))
						.anyRequest().permitAll());
		return http.build();
	}

	@Bean
	SecurityFilterChain portal(HttpSecurity http) throws Exception {
		http.authorizeHttpRequests(auth -> auth.anyRequest().permitAll())
				.httpBasic(Customizer.withDefaults());
		return http.build();
	}

	/** The administrator role, and — when the caller came with a token — the token's scope for this. */
	private static AuthorizationManager<RequestAuthorizationContext> administratorWith(TokenScope scope) {
		return AuthorizationManagers.allOf(AuthorityAuthorizationManager.hasRole("administrator"),
				AuthorityAuthorizationManager.hasAuthority(scope.authority()));
	}

	private static void problem(HttpServletResponse response, int status, String code, String detail)
			throws IOException {
		if (status == 401) {
			response.setHeader("WWW-Authenticate", "Basic realm=\"Kerys\"");
		}
		Problems.write(response, HttpStatus.valueOf(status), code, detail);
	}
}
