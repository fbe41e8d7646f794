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

	/** What a history keeps for who acted: the account's id for a login, else the name as given (a client id). */
	default String referenceOf(String actor) {
		return idOf(actor).map(UUID::toString).orElse(actor);
	}

	/** Who a kept reference shows: an account's current login (null once erased), else the reference as kept. */
	default String shownAs(String reference) {
		try {
			return loginOf(UUID.fromString(reference)).orElse(null);
		}
		catch (IllegalArgumentException e) {
			return reference; // not an account: a client id, or "system"
		}
	}
}
