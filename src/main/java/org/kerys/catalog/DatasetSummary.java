package org.kerys.catalog;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * A line of a dataset list: enough to show and link it. {@code synopsis} is in the asked language when available;
 * {@code updated} is when the producer last updated the data ({@code dataset_dates.updated}), else when Kerys
 * last changed the record.
 */
public record DatasetSummary(UUID globalId, String title, String synopsis, UUID producerId, String producerName,
		String theme, AccessRegime regime, OffsetDateTime updated) {
}
