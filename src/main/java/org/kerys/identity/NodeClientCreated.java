package org.kerys.identity;

import java.util.List;
import java.util.UUID;

/**
 * An administrator created an OAuth2 client for a producer node (never its secret).
 *
 * @param organizationId the first of {@code organizationIds} (a client made with the node-clients API has one)
 * @param organizationIds every organisation the client publishes for
 */
public record NodeClientCreated(String actor, String clientId, UUID organizationId, String name,
		List<UUID> organizationIds) {

	public NodeClientCreated(String actor, String clientId, UUID organizationId, String name) {
		this(actor, clientId, organizationId, name, List.of(organizationId));
	}
}
