package org.kerys.access.internal;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import org.kerys.access.ProjectDirectory;
import org.kerys.identity.OrganizationNames;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;

/** {@link ProjectDirectory} over {@link Projects} and {@link AccessRules}. */
@Component
class ProjectDirectoryService implements ProjectDirectory {

	private final Projects projects;
	private final AccessRules rules;
	private final OrganizationNames organizations;

	ProjectDirectoryService(Projects projects, AccessRules rules, OrganizationNames organizations) {
		this.projects = projects;
		this.rules = rules;
		this.organizations = organizations;
	}

	@Override
	public Optional<ProjectInfo> project(UUID projectId) {
		return projects.find(projectId).map(p -> info(p, organizations.names(
				p.ownerOrganizationId() == null ? List.of() : List.of(p.ownerOrganizationId()))));
	}

	@Override
	public List<ProjectInfo> projectsOf(Authentication caller) {
		Optional<UUID> account = rules.account(caller);
		if (account.isEmpty()) {
			return List.of();
		}
		List<Project> mine = projects.of(account.get(), rules.organizationsOf(caller));
		Map<UUID, String> names = organizations.names(
				mine.stream().map(Project::ownerOrganizationId).filter(Objects::nonNull).distinct().toList());
		return mine.stream().map(p -> info(p, names)).toList();
	}

	@Override
	public boolean isMember(Authentication caller, UUID projectId) {
		return projects.find(projectId).map(p -> rules.isMember(caller, p)).orElse(false);
	}

	@Override
	public boolean actsFor(Authentication caller, UUID projectId) {
		return projects.find(projectId).map(p -> rules.actsFor(caller, p)).orElse(false);
	}

	@Override
	public Optional<UUID> clientProject(Authentication caller) {
		return rules.clientProject(caller);
	}

	private static ProjectInfo info(Project p, Map<UUID, String> names) {
		return new ProjectInfo(p.id(), p.title(), p.description(), p.contact(), p.ownerOrganizationId(),
				p.ownerOrganizationId() == null ? null : names.get(p.ownerOrganizationId()));
	}
}
