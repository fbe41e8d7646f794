package org.kerys.access.internal;

import java.util.Optional;
import java.util.UUID;

import org.kerys.identity.AccessPolicy;
import org.kerys.identity.AccountReferences;
import org.kerys.identity.OrganizationRole;
import org.kerys.platform.ProblemException;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;

/**
 * Who may do what with projects, access requests and agreements: the access module's decisions, built on
 * {@link AccessPolicy} (roles, organisations, the project of a project client) and checked by
 * {@code AccessModuleMatrixTests}. A project's members are its creator and the members of its owner organisation;
 * a project client acts for its own project only, and only reads (people decide, machines download).
 */
@Component
class AccessRules {

	static final String NOT_A_MEMBER = "KRS-403-PROJECT";
	static final String NOT_THE_PRODUCER = "KRS-403-PRODUCER";

	private final AccessPolicy policy;
	private final AccountReferences accounts;

	AccessRules(AccessPolicy policy, AccountReferences accounts) {
		this.policy = policy;
		this.accounts = accounts;
	}

	/** The caller's account id: a person signed in or with a personal token; empty for machines and anonymous. */
	Optional<UUID> account(Authentication caller) {
		return policy.isAccount(caller) ? accounts.idOf(caller.getName()) : Optional.empty();
	}

	/** The account of a caller the security chain let through as a person; 403 for a machine. */
	UUID requireAccount(Authentication caller) {
		return account(caller).orElseThrow(() -> new ProblemException(HttpStatus.FORBIDDEN, "ERR-403",
				"Only a person (signed in, or with a personal token) may do this."));
	}

	/** The project a project client acts for. */
	Optional<UUID> clientProject(Authentication caller) {
		return policy.projectOf(caller);
	}

	/** The organisations the calling account belongs to. */
	java.util.Set<UUID> organizationsOf(Authentication caller) {
		return policy.organizationsOfAccount(account(caller).orElse(null));
	}

	/** A member of the project, or its own client. */
	boolean actsFor(Authentication caller, Project project) {
		if (policy.isProjectClient(caller)) {
			return policy.projectOf(caller).map(project.id()::equals).orElse(false);
		}
		Optional<UUID> account = account(caller);
		if (account.isEmpty()) {
			return false;
		}
		return account.get().equals(project.createdBy()) || (project.ownerOrganizationId() != null
				&& policy.roleIn(caller, project.ownerOrganizationId()).isPresent());
	}

	/** A person who is a member of the project: edits it, links datasets, asks for access, manages its clients. */
	boolean isMember(Authentication caller, Project project) {
		return policy.isAccount(caller) && actsFor(caller, project);
	}

	/** Who reads a project: its members and clients, moderators and administrators. */
	boolean mayRead(Authentication caller, Project project) {
		return actsFor(caller, project) || policy.isModerator(caller);
	}

	void checkRead(Authentication caller, Project project) {
		check(mayRead(caller, project), NOT_A_MEMBER, "The caller is not a member of this project.");
	}

	void checkMember(Authentication caller, Project project) {
		if (policy.isProjectClient(caller) && actsFor(caller, project)) {
			throw new ProblemException(HttpStatus.FORBIDDEN, "ERR-403",
					"A project client reads; a member of the project does this.");
		}
		check(isMember(caller, project), NOT_A_MEMBER, "The caller is not a member of this project.");
	}

	/** Who answers access requests and revokes agreements: the producer organisation's editors and admins. */
	boolean decidesFor(Authentication caller, UUID producerId) {
		return policy.roleIn(caller, producerId).map(role -> role.includes(OrganizationRole.EDITOR)).orElse(false);
	}

	void checkDecides(Authentication caller, UUID producerId) {
		check(decidesFor(caller, producerId), NOT_THE_PRODUCER,
				"Only an editor or admin of the dataset's producer organisation may do this.");
	}

	/** Who reads a request or an agreement: the project's side, the producer's members, administrators. */
	boolean maySee(Authentication caller, Project project, UUID producerId) {
		return actsFor(caller, project) || policy.roleIn(caller, producerId).isPresent()
				|| policy.isAdministrator(caller);
	}

	/** Whether the caller may name this organisation as a project's owner: it is a member of it. */
	boolean belongsTo(Authentication caller, UUID organizationId) {
		return policy.roleIn(caller, organizationId).isPresent();
	}

	boolean isAdministrator(Authentication caller) {
		return policy.isAdministrator(caller);
	}

	boolean isModerator(Authentication caller) {
		return policy.isModerator(caller);
	}

	static void check(boolean allowed, String code, String reason) {
		if (!allowed) {
			throw new ProblemException(HttpStatus.FORBIDDEN, code, reason);
		}
	}
}
