package org.kerys.identity;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * An invitation to join an organisation with a role was sent. The invited address is deliberately not part of the
 * event: the audit ledger is append-only and keeps no personal data it cannot erase.
 */
public record InvitationSent(String actor, UUID invitationId, UUID organizationId, OrganizationRole role,
		OffsetDateTime expiresAt) {
}
