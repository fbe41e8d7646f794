package org.kerys.identity;

import java.util.Collection;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.kerys.platform.ProblemException;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.stereotype.Component;

/**
 * The one place that decides who may do what: the API's request rules ({@code SecurityConfiguration}) and the
 * catalogue's check of a dataset's producer both ask here. The rules are listed in {@code docs/security.md}.
 */
@Component
public class AccessPolicy {

	/** The JWT claim of a producer-node client that lists the organisations it publishes for. */
	public static final String ORGANIZATIONS_CLAIM = "org_ids";

	/** The authority of a producer-node client (an access token with {@link #ORGANIZATIONS_CLAIM}). */
	public static final String NODE_CLIENT = "ROLE_node_client";

	private static final String ADMINISTRATOR = "ROLE_administrator";

	/** The administrator role and — signed in with a password every scope is granted — this scope. */
	public boolean administers(Authentication caller, TokenScope scope) {
		return isAccount(caller) && has(caller, ADMINISTRATOR) && has(caller, scope.authority());
	}

	/** A person's account, signed in with its password or one of its personal tokens: not a machine client. */
	public boolean isAccount(Authentication caller) {
		return authenticated(caller) && !(caller instanceof JwtAuthenticationToken);
	}

	public boolean isNodeClient(Authentication caller) {
		return authenticated(caller) && caller instanceof JwtAuthenticationToken && has(caller, NODE_CLIENT);
	}

	/** The organisations a producer-node client publishes for; empty for anyone else. */
	public Set<UUID> organizationsOf(Authentication caller) {
		if (!isNodeClient(caller)) {
			return Set.of();
		}
		Collection<String> ids = ((JwtAuthenticationToken) caller).getToken().getClaimAsStringList(ORGANIZATIONS_CLAIM);
		return ids == null ? Set.of() : ids.stream().map(AccessPolicy::uuid).filter(id -> id != null)
				.collect(Collectors.toUnmodifiableSet());
	}

	/**
	 * Whether the caller may create, replace or delete a dataset whose producer is this organisation: an
	 * administrator with {@code catalog.write}, or a producer-node client of that organisation.
	 */
	public boolean mayWriteDatasetsOf(Authentication caller, UUID producerId) {
		if (administers(caller, TokenScope.CATALOG_WRITE)) {
			return true;
		}
		return producerId != null && organizationsOf(caller).contains(producerId);
	}

	/** {@link #mayWriteDatasetsOf} for the current caller; refuses with 403 {@code ERR-403} otherwise. */
	public void checkDatasetWrite(UUID producerId) {
		if (!mayWriteDatasetsOf(SecurityContextHolder.getContext().getAuthentication(), producerId)) {
			throw new ProblemException(HttpStatus.FORBIDDEN, "ERR-403",
					"The caller is not this dataset's producer or node.");
		}
	}

	private static boolean authenticated(Authentication caller) {
		return caller != null && caller.isAuthenticated() && !(caller instanceof AnonymousAuthenticationToken);
	}

	private static boolean has(Authentication caller, String authority) {
		for (GrantedAuthority granted : caller.getAuthorities()) {
			if (authority.equals(granted.getAuthority())) {
				return true;
			}
		}
		return false;
	}

	private static UUID uuid(String value) {
		try {
			return UUID.fromString(value);
		}
		catch (IllegalArgumentException e) {
			return null;
		}
	}
}
