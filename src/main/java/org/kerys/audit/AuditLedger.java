package org.kerys.audit;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The audit ledger: records security-relevant events, each entry chained to the previous one by its SHA-256, and
 * verifies the chain.
 */
public interface AuditLedger {

	/** The actor of changes made by Kerys itself: commands, demo loading, start-up tasks. */
	String SYSTEM = "system";

	/** The target type of an account; its id in the ledger is the account's id, whatever is passed. */
	String ACCOUNT = "account";

	String SUCCESS = "success";

	String FAILURE = "failure";

	/**
	 * Records an entry. Inside a transaction the entry is appended when that transaction commits (in it, just before
	 * the commit), so a change and its entry are stored together or not at all; outside one, or inside a read-only
	 * one (a read worth recording), it is appended at once in a transaction of its own.
	 *
	 * @param actor the login of who did it (the ledger stores the account's id instead: a pseudonymous reference),
	 * a node client's id, {@link #SYSTEM}, or null when nobody is known (a failed login)
	 * @param action what happened, e.g. {@code dataset.created}, {@code login.failed}
	 * @param targetType the kind of thing acted upon ({@code dataset}, {@code media}, {@code account}), or null
	 * @param targetId its identifier, or null
	 * @param outcome {@code success} or {@code failure}
	 * @param details more facts (JSON values: strings, numbers, booleans, lists, maps); never a secret
	 */
	void record(String actor, String action, String targetType, String targetId, String outcome,
			Map<String, Object> details);

	/** Recomputes the whole chain from the stored entries. */
	Verification verify();

	/**
	 * What a verification found.
	 *
	 * @param intact whether every entry is unchanged, in place, and none is missing
	 * @param entries how many entries the ledger holds
	 * @param firstBrokenSequence the sequence number of the first entry that is changed, missing or out of place;
	 * null when intact
	 * @param reason what is wrong there, readable; null when intact
	 */
	record Verification(boolean intact, long entries,
			@JsonProperty("first_broken_sequence") Long firstBrokenSequence, String reason) {

		public static Verification intact(long entries) {
			return new Verification(true, entries, null, null);
		}

		public static Verification broken(long entries, long sequence, String reason) {
			return new Verification(false, entries, sequence, reason);
		}
	}
}
