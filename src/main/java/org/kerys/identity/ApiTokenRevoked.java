package org.kerys.identity;

import java.util.UUID;

/** An account revoked one of its personal API tokens. */
public record ApiTokenRevoked(String login, UUID tokenId) {
}
