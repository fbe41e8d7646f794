package org.kerys.federation;

import java.util.UUID;

/** An administrator revoked a RUDI producer node: it pushes no more, its client's tokens are refused. */
public record NodeRevoked(String actor, UUID nodeId, String clientId) {
}
