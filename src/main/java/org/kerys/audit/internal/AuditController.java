package org.kerys.audit.internal;

import java.time.OffsetDateTime;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.kerys.audit.AuditLedger.Verification;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/admin/audit}: administrators browse the ledger and verify its chain. */
@RestController
@RequestMapping(path = "/api/admin/audit", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Audit")
class AuditController {

	private final AuditBrowser browser;

	AuditController(AuditBrowser browser) {
		this.browser = browser;
	}

	@GetMapping
	@Operation(summary = "Browse the audit ledger", description = """
			Administrators only. Newest entries first, as {"total", "items"}. Every filter is optional and they \
			combine: actor (a login, an account id, a node client id, or "system"), action (e.g. dataset.created, login.failed), target ("dataset", \
			or "dataset:<id>"), from (inclusive) and to (exclusive) as ISO-8601 instants such as \
			2026-11-29T10:00:00Z; limit (default 50, at most 500) and offset.""")
	AuditBrowser.Listing list(@RequestParam(required = false) String actor, @RequestParam(required = false) String action,
			@Parameter(description = "type, or type:id") @RequestParam(required = false) String target,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) OffsetDateTime from,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) OffsetDateTime to,
			@RequestParam(defaultValue = "" + AuditBrowser.DEFAULT_LIMIT) int limit,
			@RequestParam(defaultValue = "0") int offset) {
		return browser.list(new AuditBrowser.Query(actor, action, target, from == null ? null : from.toInstant(),
				to == null ? null : to.toInstant()), limit, offset);
	}

	@GetMapping("/verify")
	@Operation(summary = "Verify the audit ledger", description = """
			Administrators only. Recomputes every entry's hash from its fields and the previous entry's hash, and \
			checks that sequence numbers run from 1 without a gap up to the ledger's head. Answers \
			{"intact", "entries", "first_broken_sequence", "reason"}: the first entry that was changed, removed or \
			moved, and why; the last two are null when the chain holds. Same as `java -jar kerys.jar audit verify`.""")
	Verification verify() {
		return browser.verify();
	}
}
