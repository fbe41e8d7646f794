package org.kerys.catalog;

import java.util.UUID;

/** A dataset was deleted. */
public record DatasetDeleted(UUID globalId) {
}
