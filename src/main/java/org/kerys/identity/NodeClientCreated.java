package org.kerys.identity;

import java.util.UUID;

/** An administrator created an OAuth2 client for a producer node (never its secret). */
public record NodeClientCreated(String actor, String clientId, UUID organizationId, String name) {
}
