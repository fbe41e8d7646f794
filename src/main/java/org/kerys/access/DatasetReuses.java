package org.kerys.access;

import java.util.List;
import java.util.UUID;

/**
 * The public reuses of a dataset (public projects shown in the showcase that use it), for the dataset's page: the
 * web module lists them without knowing how projects are stored.
 */
public interface DatasetReuses {

	/**
	 * A reuse as a dataset's page lists it: {@code type} is a project type code (application, service, study,
	 * visualisation, other), {@code owner} the owner organisation's name, or its author's login for a personal
	 * project.
	 */
	record Reuse(UUID id, String title, String type, String owner) {
	}

	/** The newest {@code limit} public reuses of the dataset. */
	List<Reuse> of(UUID datasetId, int limit);
}
