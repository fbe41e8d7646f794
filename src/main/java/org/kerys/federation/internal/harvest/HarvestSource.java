package org.kerys.federation.internal.harvest;

import java.net.URI;
import java.time.OffsetDateTime;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.kerys.federation.internal.harvest.rudi.RudiNodeCatalogue;

/** A catalogue an administrator asked Kerys to harvest; it runs once approved ({@code state}). */
public record HarvestSource(UUID id, String type, String url, @JsonProperty("organization_id") UUID organizationId,
		String schedule, @JsonProperty("allow_private_network") boolean allowPrivateNetwork, String state,
		@JsonProperty("created_by") String createdBy, @JsonProperty("created_at") OffsetDateTime createdAt,
		@JsonProperty("approved_by") String approvedBy, @JsonProperty("approved_at") OffsetDateTime approvedAt) {

	public static final String PENDING = "pending";
	public static final String APPROVED = "approved";

	public boolean approved() {
		return APPROVED.equals(state);
	}

	Origin origin() {
		URI start = "rudi".equals(type) ? RudiNodeCatalogue.apiOf(url, null) : URI.create(url);
		return new Origin(id, Origin.SOURCE, type, url, start, allowPrivateNetwork, Set.of(organizationId),
				organizationId, schedule, approved());
	}
}
