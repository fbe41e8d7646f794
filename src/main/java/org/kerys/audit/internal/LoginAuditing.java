package org.kerys.audit.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.kerys.audit.AuditLedger;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.stereotype.Component;

/**
 * Records logins: portal sign-ins, token requests with a password ({@code POST /api/auth/token}) and node clients'
 * token requests. Every failure is recorded, with the login that was tried (never the password). A script may ask
 * for tokens often, so a success is recorded at most once per login every {@link #QUIET} on each Kerys instance:
 * the ledger says when an account started being used, not each request.
 */
@Component
class LoginAuditing {

	static final Duration QUIET = Duration.ofMinutes(5);
	private static final int MAX_REMEMBERED = 10_000;

	private final AuditLedger ledger;
	private final Map<String, Instant> lastRecorded = new ConcurrentHashMap<>();

	LoginAuditing(AuditLedger ledger) {
		this.ledger = ledger;
	}

	@EventListener
	void on(AuthenticationSuccessEvent success) {
		String login = success.getAuthentication().getName();
		Instant now = Instant.now();
		if (lastRecorded.size() >= MAX_REMEMBERED) {
			lastRecorded.values().removeIf(t -> !t.plus(QUIET).isAfter(now));
		}
		boolean[] due = { false };
		lastRecorded.compute(login, (key, last) -> {
			due[0] = last == null || !last.plus(QUIET).isAfter(now);
			return due[0] ? now : last;
		});
		if (!due[0]) {
			return;
		}
		ledger.record(login, "login.succeeded", "account", login, AuditLedger.SUCCESS,
				details(success.getAuthentication(), null));
	}

	@EventListener
	void on(AbstractAuthenticationFailureEvent failure) {
		String tried = failure.getAuthentication().getName();
		ledger.record(null, "login.failed", "account", tried, AuditLedger.FAILURE,
				details(failure.getAuthentication(), failure.getException().getClass().getSimpleName()));
	}

	/** Where the attempt came from, and why it failed; nothing from the credentials. */
	private static Map<String, Object> details(Authentication authentication, String reason) {
		Map<String, Object> details = new LinkedHashMap<>();
		if (authentication.getDetails() instanceof WebAuthenticationDetails web && web.getRemoteAddress() != null) {
			details.put("remote_address", web.getRemoteAddress());
		}
		if (reason != null) {
			details.put("reason", reason);
		}
		return details;
	}
}
