package org.kerys.identity;

import java.util.Optional;
import java.util.UUID;

/**
 * Logins and their pseudonymous references: the audit ledger names accounts by their id, never by their login,
 * so that deleting an account leaves no personal data behind in the ledger.
 */
public interface AccountReferences {

	/** The id of the account with this login (deleted accounts excluded). */
	Optional<UUID> idOf(String login);

	/** The current login of this account, empty when it does not exist or was deleted. */
	Optional<String> loginOf(UUID accountId);
}
