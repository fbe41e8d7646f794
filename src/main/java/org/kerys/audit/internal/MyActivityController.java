package org.kerys.audit.internal;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/me/audit}: every account reads the ledger's entries about itself. */
@RestController
@Tag(name = "Audit")
class MyActivityController {

	private final AuditBrowser browser;

	MyActivityController(AuditBrowser browser) {
		this.browser = browser;
	}

	@GetMapping(path = "/api/me/audit", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "My activity in the audit ledger", description = """
			Any account, with any of its tokens. The entries about the caller, newest first, as {"total", "items"} \
			(items as in GET /api/admin/audit): what the account did (its logins, its tokens, its changes) and what \
			was done to it (failed logins with its login, its roles and memberships). limit (default 50, at most \
			500) and offset.""")
	AuditBrowser.Listing mine(@RequestParam(defaultValue = "" + AuditBrowser.DEFAULT_LIMIT) int limit,
			@RequestParam(defaultValue = "0") int offset, Authentication caller) {
		return browser.about(caller.getName(), limit, offset);
	}
}
