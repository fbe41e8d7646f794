package org.kerys.identity;

import java.util.UUID;

/**
 * An account's role in an organisation was set ({@code role} non-null) or removed ({@code role} null);
 * {@code via} is {@code direct} or {@code invitation}.
 */
public record MembershipChanged(String actor, UUID organizationId, UUID accountId, OrganizationRole role, String via) {
}
