package org.kerys.access.internal;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A reuse project as stored and as its members read it. */
record Project(UUID id, String title, String description, String type, List<String> themes,
		@JsonProperty("expected_start") LocalDate expectedStart, @JsonProperty("expected_end") LocalDate expectedEnd,
		String contact, @JsonProperty("public") boolean isPublic,
		@JsonProperty("owner_organization_id") UUID ownerOrganizationId,
		@JsonProperty("created_by") UUID createdBy, String moderation,
		@JsonProperty("created_at") OffsetDateTime createdAt, @JsonProperty("updated_at") OffsetDateTime updatedAt,
		@JsonProperty("dataset_ids") List<UUID> datasetIds) {

	static final List<String> TYPES = List.of("application", "service", "study", "visualisation", "other");

	/** Shown in the showcase of reuses: public, and not waiting for or refused by a moderator. */
	boolean shown() {
		return isPublic && "approved".equals(moderation);
	}
}
