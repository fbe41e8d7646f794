package org.kerys.access.internal;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import org.kerys.access.DatasetReuses;
import org.kerys.identity.OrganizationNames;
import org.kerys.identity.Recipients;
import org.springframework.stereotype.Component;

/** The showcase of reuses, one dataset at a time, as {@link DatasetReuses} gives it to the dataset's page. */
@Component
class ShowcaseReuses implements DatasetReuses {

	private final Projects projects;
	private final OrganizationNames organizations;
	private final Recipients accounts;

	ShowcaseReuses(Projects projects, OrganizationNames organizations, Recipients accounts) {
		this.projects = projects;
		this.organizations = organizations;
		this.accounts = accounts;
	}

	@Override
	public List<Reuse> of(UUID datasetId, int limit) {
		List<Project> shown = projects.shown(datasetId, Math.max(0, limit), 0);
		Map<UUID, String> names = organizations.names(
				shown.stream().map(Project::ownerOrganizationId).filter(Objects::nonNull).distinct().toList());
		return shown.stream().map(p -> new Reuse(p.id(), p.title(), p.type(), owner(p, names))).toList();
	}

	/** Who a reuse is by, as shown: its owner organisation's name, or the login of the person who declared it. */
	String ownerOf(Project project) {
		return owner(project, project.ownerOrganizationId() == null ? Map.of()
				: organizations.names(List.of(project.ownerOrganizationId())));
	}

	private String owner(Project project, Map<UUID, String> names) {
		if (project.ownerOrganizationId() != null && names.containsKey(project.ownerOrganizationId())) {
			return names.get(project.ownerOrganizationId());
		}
		return accounts.account(project.createdBy()).map(Recipients.Recipient::login).orElse(null);
	}
}
