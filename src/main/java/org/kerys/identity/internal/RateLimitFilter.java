package org.kerys.identity.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.kerys.platform.Problems;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.HtmlUtils;

/**
 * Applies {@link RateLimits} to {@code POST} on the sign-in, token, registration, reset and verification-email
 * endpoints, before Spring Security (which would otherwise hash a password for each attempt). The client address
 * is the connection's ({@code getRemoteAddr()}): a forwarded-for header is anyone's to write. Behind a reverse
 * proxy, configure the server to take the proxy's header ({@code server.forward-headers-strategy}), which changes
 * the remote address itself. Too many requests: 429 with {@code Retry-After}, a problem for the API and OAuth2
 * endpoints, a short page for the portal's forms.
 */
class RateLimitFilter extends OncePerRequestFilter {

	/** Limited endpoints and their group (requests of different groups are counted apart). */
	private static final Map<String, String> GROUPS = Map.of(
			"/login", "login",
			"/api/auth/token", "token",
			"/register", "register",
			"/password-reset", "reset",
			"/verify/resend", "resend",
			"/oauth/token", "oauth");

	private final RateLimits limits;

	RateLimitFilter(RateLimits limits) {
		this.limits = limits;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !"POST".equals(request.getMethod()) || !limits.enabled() || group(request) == null;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String group = group(request);
		long wait = limits.ipRequest(group, request.getRemoteAddr());
		if (wait > 0) {
			refuse(request, response, wait);
			return;
		}
		String account = switch (group) {
			case "login" -> request.getParameter("username");
			case "token" -> basicLogin(request.getHeader("Authorization"));
			default -> null;
		};
		if (account == null || account.isBlank()) {
			chain.doFilter(request, response);
			return;
		}
		wait = limits.accountAttempt(account);
		if (wait > 0) {
			refuse(request, response, wait);
			return;
		}
		chain.doFilter(request, response);
		if (failed(group, response)) {
			limits.accountFailed(account);
		}
	}

	/** A failed sign-in: the form's redirection back to the login page with an error, or a 401 on the API. */
	private static boolean failed(String group, HttpServletResponse response) {
		if (group.equals("token")) {
			return response.getStatus() == HttpServletResponse.SC_UNAUTHORIZED;
		}
		String location = response.getHeader("Location");
		return location != null && location.contains("/login?error");
	}

	private static String group(HttpServletRequest request) {
		String path = request.getRequestURI().substring(request.getContextPath().length());
		return GROUPS.get(path);
	}

	static String basicLogin(String header) {
		if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
			return null;
		}
		try {
			String decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
			int colon = decoded.indexOf(':');
			return colon < 0 ? null : decoded.substring(0, colon);
		}
		catch (IllegalArgumentException e) {
			return null;
		}
	}

	private static void refuse(HttpServletRequest request, HttpServletResponse response, long seconds)
			throws IOException {
		response.setHeader("Retry-After", Long.toString(seconds));
		String path = request.getRequestURI().substring(request.getContextPath().length());
		if (path.startsWith("/api/") || path.startsWith("/oauth/")) {
			Problems.write(response, HttpStatus.TOO_MANY_REQUESTS, "KRS-429",
					"Too many attempts: try again in " + seconds + " seconds.");
			return;
		}
		response.setStatus(HttpStatus.TOO_MANY_REQUESTS.value());
		response.setContentType("text/html;charset=UTF-8");
		String wait = HtmlUtils.htmlEscape(Long.toString(seconds));
		response.getWriter().write("""
				<!DOCTYPE html>
				<html lang="fr">
				<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
				<title>Trop de tentatives – Kerys</title><link rel="stylesheet" href="/css/kerys.css"></head>
				<body><main id="content" class="wrap narrow">
				<h1>Trop de tentatives</h1>
				<p class="lead">Réessayez dans %1$s secondes.</p>
				<div lang="en"><h2>Too many attempts</h2><p class="lead">Try again in %1$s seconds.</p></div>
				<p><a class="button" href="/">Kerys</a></p>
				</main></body></html>
				""".formatted(wait));
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnWebApplication
	static class Registration {

		/** Before Spring Security's filter chain (order -100). */
		static final int ORDER = -200;

		@Bean
		FilterRegistrationBean<RateLimitFilter> rateLimitFilter(RateLimits limits) {
			FilterRegistrationBean<RateLimitFilter> registration = new FilterRegistrationBean<>(new RateLimitFilter(limits));
			registration.setOrder(ORDER);
			registration.addUrlPatterns("/*");
			return registration;
		}
	}
}
