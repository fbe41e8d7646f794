package org.kerys.catalog;

import java.util.UUID;

/**
 * A dataset was deleted.
 *
 * @param actor the login of who deleted it, or {@code "system"}
 */
public record DatasetDeleted(UUID globalId, String actor) {
}
