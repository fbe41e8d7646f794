package org.kerys.identity;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Who to tell about something (notifications in the portal and by email), for modules that name accounts by id:
 * the addresses and languages stay in identity.
 */
public interface Recipients {

	/** An account that can be told: its id, login and email address (null when it has none). */
	record Recipient(UUID accountId, String login, String email) {
	}

	/** The account with this id, unless deleted. */
	Optional<Recipient> account(UUID accountId);

	/** The members of an organisation whose role includes {@code atLeast}. */
	List<Recipient> members(UUID organizationId, OrganizationRole atLeast);
}
