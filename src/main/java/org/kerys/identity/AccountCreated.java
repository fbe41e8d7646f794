package org.kerys.identity;

import java.util.List;
import java.util.UUID;

/**
 * An account was created. {@code actor}: the administrator's login, or the new account's own for a registration
 * or a first OpenID Connect sign-in. {@code how}: {@code registration}, {@code admin} or {@code oidc}.
 */
public record AccountCreated(String actor, UUID accountId, String how, List<String> platformRoles) {
}
