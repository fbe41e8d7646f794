package org.kerys.identity;

import java.util.UUID;

/** A pending invitation was revoked: by an admin of the organisation, or replaced by a new one to the same address. */
public record InvitationRevoked(String actor, UUID invitationId, UUID organizationId) {
}
