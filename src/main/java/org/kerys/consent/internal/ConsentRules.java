package org.kerys.consent.internal;

import java.util.Optional;
import java.util.UUID;

import org.kerys.access.ProjectDirectory;
import org.kerys.identity.AccessPolicy;
import org.kerys.identity.AccountReferences;
import org.kerys.identity.OrganizationRole;
import org.kerys.platform.ProblemException;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;

/**
 * Who may do what with treatments, consents and projects' requests: the consent module's decisions, built on
 * {@link AccessPolicy} and the access module's {@link ProjectDirectory}, and checked by the matrix tests. A
 * treatment is written by its organisation's editors and admins; a consent is given and withdrawn by the citizen
 * themself only (a person, never a machine, never on behalf of someone); a project asks and fetches through its
 * members and its client.
 */
@Component
class ConsentRules {

	private final AccessPolicy policy;
	private final AccountReferences accounts;
	private final ProjectDirectory projects;

	ConsentRules(AccessPolicy policy, AccountReferences accounts, ProjectDirectory projects) {
		this.policy = policy;
		this.accounts = accounts;
		this.projects = projects;
	}

	Optional<UUID> account(Authentication caller) {
		return policy.isAccount(caller) ? accounts.idOf(caller.getName()) : Optional.empty();
	}

	/** The calling person's account; 403 for a machine or anonymous. */
	UUID requirePerson(Authentication caller) {
		return account(caller).orElseThrow(() -> new ProblemException(HttpStatus.FORBIDDEN, "ERR-403",
				"Only a person (signed in, or with a personal token) may do this."));
	}

	/** Editors and admins of the organisation write its treatments. */
	boolean writesTreatmentsOf(Authentication caller, UUID organizationId) {
		return policy.roleIn(caller, organizationId).map(r -> r.includes(OrganizationRole.EDITOR)).orElse(false);
	}

	void checkWrites(Authentication caller, UUID organizationId) {
		check(writesTreatmentsOf(caller, organizationId), "KRS-403-TREATMENT",
				"Only an editor or admin of the treatment's organisation may do this.");
	}

	/** Members of the organisation, moderators and administrators see its drafts and its consent counts. */
	boolean seesInsideOf(Authentication caller, UUID organizationId) {
		return policy.roleIn(caller, organizationId).isPresent() || policy.isModerator(caller);
	}

	boolean isProjectMember(Authentication caller, UUID projectId) {
		return projects.isMember(caller, projectId);
	}

	boolean actsForProject(Authentication caller, UUID projectId) {
		return projects.actsFor(caller, projectId);
	}

	Optional<UUID> clientProject(Authentication caller) {
		return projects.clientProject(caller);
	}

	static void check(boolean allowed, String code, String reason) {
		if (!allowed) {
			throw new ProblemException(HttpStatus.FORBIDDEN, code, reason);
		}
	}
}
