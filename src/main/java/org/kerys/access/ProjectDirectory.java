package org.kerys.access;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.security.core.Authentication;

/**
 * Reuse projects as other modules need them (consent: a project asks citizens for their data and fetches it with its
 * client): what a project is, who acts for it, with the access module's own rules.
 */
public interface ProjectDirectory {

	/**
	 * A project as shown to a citizen asked for their data: its title, description, contact, owner organisation (id
	 * and name; null for a personal project).
	 */
	record ProjectInfo(UUID id, String title, String description, String contact, UUID ownerOrganizationId,
			String ownerName) {
	}

	Optional<ProjectInfo> project(UUID projectId);

	/** The projects of the calling person (created, or of an organisation they belong to), newest first. */
	List<ProjectInfo> projectsOf(Authentication caller);

	/** A person who is a member of the project (its creator, or a member of its owner organisation). */
	boolean isMember(Authentication caller, UUID projectId);

	/** A member of the project, or the project's own client. */
	boolean actsFor(Authentication caller, UUID projectId);

	/** The project a project client's token acts for; empty for anyone else. */
	Optional<UUID> clientProject(Authentication caller);
}
