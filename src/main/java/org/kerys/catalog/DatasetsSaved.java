package org.kerys.catalog;

import java.util.List;
import java.util.UUID;

/**
 * Datasets created or replaced by one committed write: a single record, or a chunk of an import. What listeners
 * that work in batches follow (the search index commits once per batch instead of once per dataset); each dataset
 * is also announced on its own by {@link DatasetSaved}.
 */
public record DatasetsSaved(List<UUID> globalIds) {

	public DatasetsSaved {
		globalIds = List.copyOf(globalIds);
	}
}
