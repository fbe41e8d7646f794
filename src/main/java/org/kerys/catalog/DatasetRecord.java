package org.kerys.catalog;

import java.time.OffsetDateTime;
import java.util.UUID;

import tools.jackson.databind.JsonNode;

/**
 * One dataset: its RUDI metadata as stored (what the producer sent, plus Kerys' documented changes such as
 * connector URLs of uploaded media), and the values Kerys derived from it.
 */
public record DatasetRecord(UUID globalId, AccessRegime regime, JsonNode metadata, OffsetDateTime createdAt,
		OffsetDateTime updatedAt) {
}
