package org.kerys.audit.internal;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.kerys.audit.AuditLedger;
import org.kerys.identity.AccountReferences;
import org.kerys.audit.AuditLedger.Verification;
import org.kerys.platform.ProblemException;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** {@code /api/admin/audit}: administrators browse the ledger and verify its chain. */
@RestController
@RequestMapping(path = "/api/admin/audit", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Audit")
class AuditController {

	static final int DEFAULT_LIMIT = 50;
	static final int MAX_LIMIT = 500;

	private final AuditEntries entries;
	private final AuditLedger ledger;

	private final AccountReferences accounts;

	AuditController(AuditEntries entries, AuditLedger ledger, AccountReferences accounts) {
		this.accounts = accounts;
		this.entries = entries;
		this.ledger = ledger;
	}

	@GetMapping
	@Operation(summary = "Browse the audit ledger", description = """
			Administrators only. Newest entries first, as {"total", "items"}. Every filter is optional and they \
			combine: actor (a login, an account id, a node client id, or "system"), action (e.g. dataset.created, login.failed), target ("dataset", \
			or "dataset:<id>"), from (inclusive) and to (exclusive) as ISO-8601 instants such as \
			2026-11-29T10:00:00Z; limit (default 50, at most 500) and offset.""")
	Listing list(@RequestParam(required = false) String actor, @RequestParam(required = false) String action,
			@Parameter(description = "type, or type:id") @RequestParam(required = false) String target,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) OffsetDateTime from,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) OffsetDateTime to,
			@RequestParam(defaultValue = "" + DEFAULT_LIMIT) int limit,
			@RequestParam(defaultValue = "0") int offset) {
		if (limit < 1 || offset < 0) {
			throw ProblemException.badRequest("ERR-201", "limit must be at least 1 and offset at least 0.");
		}
		String targetType = blankToNull(target);
		String targetId = null;
		if (targetType != null && targetType.indexOf(':') > 0) {
			targetId = blankToNull(targetType.substring(targetType.indexOf(':') + 1));
			targetType = targetType.substring(0, targetType.indexOf(':'));
		}
		if (ACCOUNT_TARGET.equals(targetType) && targetId != null) {
			targetId = reference(targetId);
		}
		AuditEntries.Listing listing = entries.list(new AuditEntries.Filter(reference(blankToNull(actor)), blankToNull(action),
				targetType, targetId, from == null ? null : from.toInstant(), to == null ? null : to.toInstant()),
				Math.min(limit, MAX_LIMIT), offset);
		return new Listing(listing.total(), listing.items().stream().map(e -> Item.of(e, this::loginOf)).toList());
	}

	@GetMapping("/verify")
	@Operation(summary = "Verify the audit ledger", description = """
			Administrators only. Recomputes every entry's hash from its fields and the previous entry's hash, and \
			checks that sequence numbers run from 1 without a gap up to the ledger's head. Answers \
			{"intact", "entries", "first_broken_sequence", "reason"}: the first entry that was changed, removed or \
			moved, and why; the last two are null when the chain holds. Same as `java -jar kerys.jar audit verify`.""")
	Verification verify() {
		return ledger.verify();
	}

	private static final String ACCOUNT_TARGET = "account";

	/** The ledger names accounts by id: a login given as a filter is looked up. */
	private String reference(String loginOrId) {
		return loginOrId == null ? null : accounts.idOf(loginOrId).map(UUID::toString).orElse(loginOrId);
	}

	/** The current login of an account named by id in the ledger (null for anything else, or a deleted account). */
	private String loginOf(String reference) {
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
		return value == null || value.isBlank() ? null : value;
	}

	record Listing(long total, List<Item> items) {
	}

	/** An entry as the API shows it. */
	record Item(long sequence, Instant time, String actor, @JsonProperty("actor_login") String actorLogin,
			String action, Target target, String outcome, JsonNode details,
			@JsonProperty("previous_hash") String previousHash, String hash) {

		static Item of(AuditEntry e, java.util.function.UnaryOperator<String> logins) {
			Target target = e.targetType() == null && e.targetId() == null ? null
					: new Target(e.targetType(), e.targetId(),
							ACCOUNT_TARGET.equals(e.targetType()) ? logins.apply(e.targetId()) : null);
			return new Item(e.sequence(), e.time(), e.actor(), logins.apply(e.actor()), e.action(), target, e.outcome(),
					e.details(), e.previousHash(), e.hash());
		}
	}

	/** What an entry is about; {@code login}: the current login, when it is an account. */
	record Target(String type, String id, String login) {
	}
}
