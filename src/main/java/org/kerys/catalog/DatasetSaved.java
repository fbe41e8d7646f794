package org.kerys.catalog;

import java.util.UUID;

/** A dataset was created ({@code created}) or replaced; its record is committed. */
public record DatasetSaved(UUID globalId, boolean created) {
}
