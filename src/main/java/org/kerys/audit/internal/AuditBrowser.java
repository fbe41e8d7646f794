package org.kerys.audit.internal;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.function.UnaryOperator;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.kerys.audit.AuditLedger;
import org.kerys.audit.AuditLedger.Verification;
import org.kerys.identity.AccountReferences;
import org.kerys.platform.ProblemException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;

/**
 * Reading the ledger, for the API ({@link AuditController}, {@link MyActivityController}) and the pages
 * ({@link AuditPages}): the same filters, the same limits, the same items. The ledger names accounts by their id;
 * a login given as a filter is looked up, and each item carries the current login of the accounts it names.
 */
@Service
class AuditBrowser {

	static final int DEFAULT_LIMIT = 50;
	static final int MAX_LIMIT = 500;

	private final AuditEntries entries;
	private final AuditLedger ledger;
	private final AccountReferences accounts;

	AuditBrowser(AuditEntries entries, AuditLedger ledger, AccountReferences accounts) {
		this.entries = entries;
		this.ledger = ledger;
		this.accounts = accounts;
	}

	/**
	 * What an administrator looks for; null or blank means any. {@code actor}: a login, an account id, a node client
	 * id or {@code system}; {@code target}: a type, or {@code type:id} (an account may be named by its login);
	 * {@code from} inclusive, {@code to} exclusive.
	 */
	record Query(String actor, String action, String target, Instant from, Instant to) {

		static Query any() {
			return new Query(null, null, null, null, null);
		}
	}

	/** A page of the ledger. */
	record Listing(long total, List<Item> items) {
	}

	/** An entry as the API and the pages show it. */
	record Item(long sequence, Instant time, String actor, @JsonProperty("actor_login") String actorLogin,
			String action, Target target, String outcome, JsonNode details,
			@JsonProperty("previous_hash") String previousHash, String hash) {

		static Item of(AuditEntry e, UnaryOperator<String> logins) {
			Target target = e.targetType() == null && e.targetId() == null ? null
					: new Target(e.targetType(), e.targetId(),
							AuditLedger.ACCOUNT.equals(e.targetType()) ? logins.apply(e.targetId()) : null);
			return new Item(e.sequence(), e.time(), e.actor(), logins.apply(e.actor()), e.action(), target, e.outcome(),
					e.details(), e.previousHash(), e.hash());
		}
	}

	/** What an entry is about; {@code login}: the current login, when it is an account. */
	record Target(String type, String id, String login) {
	}

	/** Newest first. 400 {@code ERR-201} when limit &lt; 1 or offset &lt; 0; a limit above 500 counts as 500. */
	@Transactional(readOnly = true)
	Listing list(Query query, int limit, int offset) {
		check(limit, offset);
		String targetType = blankToNull(query.target());
		String targetId = null;
		if (targetType != null && targetType.indexOf(':') > 0) {
			targetId = blankToNull(targetType.substring(targetType.indexOf(':') + 1));
			targetType = targetType.substring(0, targetType.indexOf(':'));
		}
		if (AuditLedger.ACCOUNT.equals(targetType) && targetId != null) {
			targetId = reference(targetId);
		}
		AuditEntries.Listing listing = entries.list(new AuditEntries.Filter(reference(blankToNull(query.actor())),
				blankToNull(query.action()), targetType, targetId, query.from(), query.to()),
				Math.min(limit, MAX_LIMIT), offset);
		return items(listing);
	}

	/**
	 * The entries about the account with this login, newest first: what it did, and what was done to it (its
	 * logins, failed ones included, its tokens, its roles and memberships). Empty when there is no such account.
	 */
	@Transactional(readOnly = true)
	Listing about(String login, int limit, int offset) {
		check(limit, offset);
		return accounts.idOf(login).map(id -> items(entries.about(id.toString(), Math.min(limit, MAX_LIMIT), offset)))
				.orElseGet(() -> new Listing(0, List.of()));
	}

	/** Recomputes the whole chain. */
	Verification verify() {
		return ledger.verify();
	}

	private Listing items(AuditEntries.Listing listing) {
		return new Listing(listing.total(), listing.items().stream().map(e -> Item.of(e, this::loginOf)).toList());
	}

	private static void check(int limit, int offset) {
		if (limit < 1 || offset < 0) {
			throw ProblemException.badRequest("ERR-201", "limit must be at least 1 and offset at least 0.");
		}
	}

	/** The ledger names accounts by id: a login given as a filter is looked up. */
	private String reference(String loginOrId) {
		if (loginOrId == null) {
			return null;
		}
		// logins are stored lower-case
		return accounts.idOf(loginOrId).or(() -> accounts.idOf(loginOrId.toLowerCase(Locale.ROOT)))
				.map(UUID::toString).orElse(loginOrId);
	}

	/** The current login of an account named by id in the ledger (null for anything else, or a deleted account). */
	String loginOf(String reference) {
		if (reference == null) {
			return null;
		}
		try {
			return accounts.loginOf(UUID.fromString(reference)).orElse(null);
		}
		catch (IllegalArgumentException e) {
			return null;
		}
	}

	private static String blankToNull(String value) {
		return value == null || value.isBlank() ? null : value.strip();
	}
}
