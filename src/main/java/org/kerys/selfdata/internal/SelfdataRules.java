package org.kerys.selfdata.internal;

import java.util.UUID;

import org.kerys.identity.AccessPolicy;
import org.kerys.identity.AccountReferences;
import org.kerys.platform.ProblemException;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;

/**
 * Who may do what with self-data, built on {@link AccessPolicy} and checked by {@code SelfdataModuleRows}:
 * <ul>
 * <li>a request, and the data it links to, are its citizen's only: anyone else (another citizen, the producer, an
 * administrator, a machine client) gets 404, so that nobody learns that a request exists;</li>
 * <li>an organisation's tasks are its members' (any role); nobody else sees them (403);</li>
 * <li>machine clients (nodes, projects) and anonymous callers do none of this.</li>
 * </ul>
 */
@Component
class SelfdataRules {

	static final String NOT_FOUND = "KRS-404-SELFDATA-REQUEST";
	static final String NOT_A_MEMBER = "KRS-403-SELFDATA-PRODUCER";

	private final AccessPolicy policy;
	private final AccountReferences accounts;

	SelfdataRules(AccessPolicy policy, AccountReferences accounts) {
		this.policy = policy;
		this.accounts = accounts;
	}

	/** The calling person's account: 401 for anonymous, 403 for a machine client. */
	UUID account(Authentication caller) {
		if (caller == null || !caller.isAuthenticated()
				|| caller instanceof org.springframework.security.authentication.AnonymousAuthenticationToken) {
			throw new ProblemException(HttpStatus.UNAUTHORIZED, "KRS-401", "Sign in to see your personal data.");
		}
		if (!policy.isAccount(caller)) {
			throw new ProblemException(HttpStatus.FORBIDDEN, "ERR-403", "Only a person asks for their own data.");
		}
		return accounts.idOf(caller.getName()).orElseThrow(
				() -> new ProblemException(HttpStatus.FORBIDDEN, "ERR-403", "Only a person asks for their own data."));
	}

	/** The request if the caller is its citizen; 404 otherwise. */
	Requests.SelfdataRequest own(Authentication caller, Requests.SelfdataRequest request) {
		UUID account = account(caller);
		if (request == null || !request.accountId().equals(account)) {
			throw notFound();
		}
		return request;
	}

	static ProblemException notFound() {
		return ProblemException.notFound(NOT_FOUND, "No such self-data request of yours.");
	}

	/** Whether the caller is a member (any role) of the organisation: it treats its self-data tasks. */
	boolean treatsFor(Authentication caller, UUID organizationId) {
		return organizationId != null && policy.roleIn(caller, organizationId).isPresent();
	}

	void checkTreats(Authentication caller, UUID organizationId) {
		account(caller);
		if (!treatsFor(caller, organizationId)) {
			throw new ProblemException(HttpStatus.FORBIDDEN, NOT_A_MEMBER,
					"Only the members of the dataset's producer organisation treat its self-data tasks.");
		}
	}
}
