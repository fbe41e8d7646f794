package org.kerys.identity;

import java.util.Collection;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.kerys.identity.internal.Memberships;
import org.kerys.platform.ProblemException;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.stereotype.Component;

/**
 * The one place that decides who may do what. The request rules of the security filter chains ask here; so do
 * controllers and services for decisions that depend on a resource (a dataset's producer, an organisation). The
 * decisions are listed in {@code docs/security.md} and checked request by request by {@code AccessMatrixTests}.
 *
 * <p>Subjects: anonymous; an account (a citizen), which may have roles in organisations ({@link OrganizationRole})
 * and on the platform ({@link PlatformRole}), signed in with its password (a portal session, or HTTP Basic on
 * {@code POST /api/auth/token} only: every scope) or calling with one of its personal tokens (only the token's
 * scopes); a producer node's OAuth2 client (a JWT naming its organisations); a reuse project's OAuth2 client (a JWT
 * naming its project, {@link #PROJECT_CLAIM}). Decisions about projects, requests and agreements are the access
 * module's ({@code org.kerys.access.internal.AccessRules}), built on the answers here.
 */
@Component
public class AccessPolicy {

	/** The JWT claim of a producer-node client that lists the organisations it publishes for. */
	public static final String ORGANIZATIONS_CLAIM = "org_ids";

	/** The authority of a producer-node client (an access token with {@link #ORGANIZATIONS_CLAIM}). */
	public static final String NODE_CLIENT = "ROLE_node_client";

	/** The authority of the upstream portal (node mode) calling with a token it signed ({@link UpstreamPortalTokens}). */
	public static final String UPSTREAM_PORTAL = "ROLE_upstream_portal";

	/** The JWT claim of a reuse project's client that names its project. */
	public static final String PROJECT_CLAIM = "project_id";

	/** The authority of a reuse project's client (an access token with {@link #PROJECT_CLAIM}). */
	public static final String PROJECT_CLIENT = "ROLE_project_client";

	private final Memberships memberships;

	AccessPolicy(Memberships memberships) {
		this.memberships = memberships;
	}

	/** The caller of the current request. */
	public static Authentication caller() {
		return SecurityContextHolder.getContext().getAuthentication();
	}

	/** A person's account, signed in with its password or one of its personal tokens: not a machine client. */
	public boolean isAccount(Authentication caller) {
		return authenticated(caller) && !(caller instanceof JwtAuthenticationToken);
	}

	public boolean hasRole(Authentication caller, PlatformRole role) {
		return isAccount(caller) && has(caller, role.authority());
	}

	/** An administrator, whatever the scopes of the token used. */
	public boolean isAdministrator(Authentication caller) {
		return hasRole(caller, PlatformRole.ADMINISTRATOR);
	}

	/** A moderator; administrators moderate too. */
	public boolean isModerator(Authentication caller) {
		return hasRole(caller, PlatformRole.MODERATOR) || isAdministrator(caller);
	}

	/** Whether the caller holds this scope: always, signed in with a password; a token only if it was given it. */
	public boolean hasScope(Authentication caller, TokenScope scope) {
		return isAccount(caller) && has(caller, scope.authority());
	}

	/** The administrator role and this scope. */
	public boolean administers(Authentication caller, TokenScope scope) {
		return isAdministrator(caller) && hasScope(caller, scope);
	}

	public boolean isNodeClient(Authentication caller) {
		return authenticated(caller) && caller instanceof JwtAuthenticationToken && has(caller, NODE_CLIENT);
	}

	public boolean isProjectClient(Authentication caller) {
		return authenticated(caller) && caller instanceof JwtAuthenticationToken && has(caller, PROJECT_CLIENT);
	}

	/** The project a project client acts for; empty for anyone else. */
	public Optional<UUID> projectOf(Authentication caller) {
		if (!isProjectClient(caller)) {
			return Optional.empty();
		}
		return Optional.ofNullable(uuid(((JwtAuthenticationToken) caller).getToken().getClaimAsString(PROJECT_CLAIM)));
	}

	/**
	 * The portal this Kerys pushes its datasets to, with a token it signed (verified against its keys): the only
	 * caller that may deliver integration reports.
	 */
	public boolean isUpstreamPortal(Authentication caller) {
		return authenticated(caller) && caller instanceof JwtAuthenticationToken && has(caller, UPSTREAM_PORTAL);
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

	/** The caller's role in an organisation: accounts only (a node client has none). */
	public Optional<OrganizationRole> roleIn(Authentication caller, UUID organizationId) {
		if (!isAccount(caller) || organizationId == null) {
			return Optional.empty();
		}
		return memberships.roleOf(caller.getName(), organizationId);
	}

	/** The organisations an account belongs to (whatever its role). */
	public Set<UUID> organizationsOfAccount(UUID accountId) {
		return accountId == null ? Set.of() : Set.copyOf(memberships.of(accountId).keySet());
	}

	private boolean hasRoleIn(Authentication caller, UUID organizationId, OrganizationRole atLeast) {
		return roleIn(caller, organizationId).map(role -> role.includes(atLeast)).orElse(false);
	}

	/**
	 * Whether the caller may create, replace or delete a dataset whose producer is this organisation: an
	 * administrator, or an editor or admin of the organisation, with {@code catalog.write}; or a producer-node client
	 * of that organisation.
	 */
	public boolean mayWriteDatasetsOf(Authentication caller, UUID producerId) {
		if (administers(caller, TokenScope.CATALOG_WRITE)) {
			return true;
		}
		if (producerId == null) {
			return false;
		}
		if (organizationsOf(caller).contains(producerId)) {
			return true;
		}
		return hasScope(caller, TokenScope.CATALOG_WRITE) && hasRoleIn(caller, producerId, OrganizationRole.EDITOR);
	}

	/** The same for uploading the files of the organisation's media, with {@code media.write}. */
	public boolean mayWriteMediaOf(Authentication caller, UUID producerId) {
		if (administers(caller, TokenScope.MEDIA_WRITE)) {
			return true;
		}
		if (producerId == null) {
			return false;
		}
		if (organizationsOf(caller).contains(producerId)) {
			return true;
		}
		return hasScope(caller, TokenScope.MEDIA_WRITE) && hasRoleIn(caller, producerId, OrganizationRole.EDITOR);
	}

	/**
	 * Whether the caller may download a restricted dataset's file directly (others go through the gateway): an
	 * administrator, or a member of the producer organisation.
	 */
	public boolean mayReadRestrictedFilesOf(Authentication caller, UUID producerId) {
		return isAdministrator(caller) || hasRoleIn(caller, producerId, OrganizationRole.MEMBER);
	}

	/** Who sees an organisation's members: its members, moderators and administrators. */
	public boolean maySeeMembersOf(Authentication caller, UUID organizationId) {
		return isModerator(caller) || hasRoleIn(caller, organizationId, OrganizationRole.MEMBER);
	}

	/**
	 * Who adds and removes an organisation's members, changes their roles and invites: its admins and the
	 * administrators, with {@code organizations.write}.
	 */
	public boolean mayManageMembersOf(Authentication caller, UUID organizationId) {
		if (!hasScope(caller, TokenScope.ORGANIZATIONS_WRITE)) {
			return false;
		}
		return isAdministrator(caller) || hasRoleIn(caller, organizationId, OrganizationRole.ADMIN);
	}

	/** {@link #mayWriteDatasetsOf} for the current caller; refuses with 403 {@code ERR-403} otherwise. */
	public void checkDatasetWrite(UUID producerId) {
		check(mayWriteDatasetsOf(caller(), producerId), "The caller is not an editor of this dataset's producer.");
	}

	/** {@link #mayWriteMediaOf} for the current caller; refuses with 403 {@code ERR-403} otherwise. */
	public void checkMediaWrite(UUID producerId) {
		check(mayWriteMediaOf(caller(), producerId), "The caller is not an editor of this media's producer.");
	}

	/** Refuses with 403 {@code ERR-403} and this reason unless {@code allowed}. */
	public static void check(boolean allowed, String reason) {
		if (!allowed) {
			throw new ProblemException(HttpStatus.FORBIDDEN, "ERR-403", reason);
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
		if (value == null) {
			return null;
		}
		try {
			return UUID.fromString(value);
		}
		catch (IllegalArgumentException e) {
			return null;
		}
	}
}
