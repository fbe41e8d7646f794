package org.kerys.identity;

import java.util.Map;
import java.util.UUID;

/**
 * Something about an account changed: {@code change} is {@code email_verified}, {@code password_changed},
 * {@code password_reset_requested}, {@code roles_changed}, {@code oidc_linked} or {@code deleted}. {@code actor}
 * is the login of who did it (null when nobody is signed in, e.g. a reset by emailed code); {@code details} never
 * holds a secret nor, for {@code deleted}, anything personal.
 */
public record AccountChanged(String actor, UUID accountId, String change, Map<String, Object> details) {
}
