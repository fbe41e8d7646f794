package org.kerys.federation;

import java.util.List;
import java.util.UUID;

/**
 * An administrator registered a RUDI producer node (never its secret): where Kerys will call it, whether it may
 * reach the private network, and the organisations its client publishes for.
 */
public record NodeRegistered(String actor, UUID nodeId, String name, String url, List<UUID> organizationIds,
		boolean allowPrivateNetwork, String clientId) {
}
