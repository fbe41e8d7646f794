package org.kerys.identity;

import java.util.Collection;
import java.util.Map;
import java.util.UUID;

/**
 * The organisations accounts can belong to, as identity needs them: implemented by the catalogue, which owns them
 * (identity does not depend on the catalogue).
 */
public interface OrganizationNames {

	/** The names of those of these organisations that exist. */
	Map<UUID, String> names(Collection<UUID> organizationIds);

	/** An organisation's id and name. */
	record Named(UUID id, String name) {
	}

	/** How many organisations there are. */
	long count();

	/** A page of organisations, by name (case-insensitively), then id. */
	java.util.List<Named> list(int limit, int offset);

	default boolean exists(UUID organizationId) {
		return names(java.util.List.of(organizationId)).containsKey(organizationId);
	}
}
