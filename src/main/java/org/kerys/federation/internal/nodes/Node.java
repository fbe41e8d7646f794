package org.kerys.federation.internal.nodes;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A registered RUDI producer node, as administrators see it (never its client secret). */
record Node(UUID id, String name, String url, @JsonProperty("client_id") String clientId,
		@JsonProperty("organization_ids") List<UUID> organizationIds,
		@JsonProperty("harvest_schedule") String harvestSchedule, @JsonProperty("api_prefix") String apiPrefix,
		@JsonProperty("allow_private_network") boolean allowPrivateNetwork,
		@JsonProperty("created_by") String createdBy, @JsonProperty("created_at") OffsetDateTime createdAt,
		@JsonProperty("revoked_at") OffsetDateTime revokedAt) {

	boolean active() {
		return revokedAt == null;
	}
}
