package org.kerys.catalog;

import java.util.UUID;

/**
 * A dataset was created ({@code created}) or replaced; its record is committed.
 *
 * @param actor the login of who saved it, or {@code "system"} for imports run by a command or the demo loader
 */
public record DatasetSaved(UUID globalId, boolean created, String actor) {
}
