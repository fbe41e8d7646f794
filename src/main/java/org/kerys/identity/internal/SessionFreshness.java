package org.kerys.identity.internal;

import java.io.IOException;
import java.time.Instant;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.kerys.identity.AccessPolicy;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.event.InteractiveAuthenticationSuccessEvent;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.SecurityContextHolderFilter;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Ends the portal sessions of an account that were signed in before its password last changed (a change on the
 * profile, or a reset by emailed code): whoever knew the old password and kept a session open is signed out at
 * their next request. The session that changed the password is kept ({@link #renew}).
 *
 * <p>A session records when it signed in (the sign-in event, or its first request for sessions older than this
 * rule); each portal request of a signed-in session compares it with {@code accounts.credentials_changed_at}.
 */
@Component
class SessionFreshness implements PortalSecurityCustomizer {

	static final String SIGNED_IN_AT = SessionFreshness.class.getName() + ".signedInAt";

	private final Accounts accounts;
	private final AccessPolicy policy;

	SessionFreshness(Accounts accounts, AccessPolicy policy) {
		this.accounts = accounts;
		this.policy = policy;
	}

	@Override
	public void customize(HttpSecurity http) {
		http.addFilterAfter(new Check(), SecurityContextHolderFilter.class);
	}

	/** A sign-in (form or OpenID Connect) starts the clock of its session. */
	@EventListener
	void on(InteractiveAuthenticationSuccessEvent signedIn) {
		if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes) {
			renew(attributes.getRequest());
		}
	}

	/** This session stays signed in after a change of credentials made through it. */
	static void renew(HttpServletRequest request) {
		HttpSession session = request.getSession(false);
		if (session != null) {
			session.setAttribute(SIGNED_IN_AT, Instant.now());
		}
	}

	private final class Check extends OncePerRequestFilter {

		@Override
		protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
				throws ServletException, IOException {
			Authentication caller = SecurityContextHolder.getContext().getAuthentication();
			HttpSession session = request.getSession(false);
			if (session != null && policy.isAccount(caller)) {
				Instant signedInAt = (Instant) session.getAttribute(SIGNED_IN_AT);
				if (signedInAt == null) {
					session.setAttribute(SIGNED_IN_AT, Instant.now());
				}
				else if (accounts.credentialsChangedAt(caller.getName()).map(signedInAt::isBefore).orElse(true)) {
					// signed in before the password changed, or the account is gone: sign this session out
					session.invalidate();
					SecurityContextHolder.clearContext();
				}
			}
			chain.doFilter(request, response);
		}
	}
}
