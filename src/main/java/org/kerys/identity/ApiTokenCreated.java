package org.kerys.identity;

import java.util.List;
import java.util.UUID;

/** An account created a personal API token (never the token itself). */
public record ApiTokenCreated(String login, UUID tokenId, String name, List<String> scopes) {
}
