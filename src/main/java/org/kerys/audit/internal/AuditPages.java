package org.kerys.audit.internal;

import org.kerys.platform.PortalPage;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.FormatStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.kerys.audit.AuditLedger;
import org.kerys.identity.AccountReferences;
import org.kerys.platform.Pager;
import org.springframework.context.MessageSource;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The ledger's pages: administrators browse and filter it and verify its chain ({@code /admin/audit}); every
 * account reads the entries about itself ({@code /account/activity}). Same queries as the API ({@link AuditBrowser}).
 * Times are shown in UTC, as the filters take them.
 */
@Controller
@PortalPage
class AuditPages {

	static final int PAGE_SIZE = 50;
	/** Beyond this, an offset would overflow: nobody pages that far. */
	static final int MAX_PAGE = 10_000_000;

	private final AuditBrowser browser;
	private final AccountReferences accounts;
	private final MessageSource messages;

	AuditPages(AuditBrowser browser, AccountReferences accounts, MessageSource messages) {
		this.browser = browser;
		this.accounts = accounts;
		this.messages = messages;
	}


	/** An entry as a page shows it: readable labels, and the raw values for those who search. */
	record Row(long sequence, String iso, String time, String action, String actionLabel, String actor,
			String target, String outcome, String outcomeLabel, boolean failed, String details) {
	}

	@GetMapping("/admin/audit")
	String audit(@RequestParam(required = false) String actor, @RequestParam(required = false) String action,
			@RequestParam(required = false) String target, @RequestParam(required = false) String from,
			@RequestParam(required = false) String to, @RequestParam(required = false) String page, Model model,
			Locale locale, HttpServletRequest request, HttpServletResponse response) {
		List<String> problems = new ArrayList<>();
		Instant since = instant(from, "from", problems, locale);
		Instant until = instant(to, "to", problems, locale);
		model.addAttribute("section", "admin");
		model.addAttribute("filters", new Filters(actor, action, target, from, to));
		model.addAttribute("problems", problems);
		if (!problems.isEmpty()) {
			response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
			model.addAttribute("entries", List.of());
			model.addAttribute("total", 0L);
			model.addAttribute("pager", Pager.of(1, 0, PAGE_SIZE, request));
			return "admin/audit";
		}
		AuditBrowser.Query query = new AuditBrowser.Query(actor, action, target, since, until);
		int asked = Pager.number(page, MAX_PAGE);
		AuditBrowser.Listing listing = browser.list(query, PAGE_SIZE, (asked - 1) * PAGE_SIZE);
		Pager pager = Pager.of(asked, listing.total(), PAGE_SIZE, request);
		if (pager.page() != asked) {
			// past the last page: show the last one
			listing = browser.list(query, PAGE_SIZE, (pager.page() - 1) * PAGE_SIZE);
		}
		model.addAttribute("total", listing.total());
		model.addAttribute("pager", pager);
		model.addAttribute("entries", listing.items().stream().map(item -> row(item, null, locale)).toList());
		model.addAttribute("filtered", actor != null && !actor.isBlank() || action != null && !action.isBlank()
				|| target != null && !target.isBlank() || since != null || until != null);
		return "admin/audit";
	}

	/** What the filter form shows again, as typed. */
	record Filters(String actor, String action, String target, String from, String to) {
	}

	@GetMapping("/admin/audit/verify")
	String verify(Model model) {
		AuditLedger.Verification verification = browser.verify();
		model.addAttribute("section", "admin");
		model.addAttribute("verification", verification);
		return "admin/audit-verify";
	}

	@GetMapping("/account/activity")
	String activity(@RequestParam(required = false) String page, Authentication caller, Model model, Locale locale,
			HttpServletRequest request) {
		String me = accounts.idOf(caller.getName()).map(Object::toString).orElse(null);
		int asked = Pager.number(page, MAX_PAGE);
		AuditBrowser.Listing listing = browser.about(caller.getName(), PAGE_SIZE, (asked - 1) * PAGE_SIZE);
		Pager pager = Pager.of(asked, listing.total(), PAGE_SIZE, request);
		if (pager.page() != asked) {
			listing = browser.about(caller.getName(), PAGE_SIZE, (pager.page() - 1) * PAGE_SIZE);
		}
		model.addAttribute("section", "account");
		model.addAttribute("total", listing.total());
		model.addAttribute("pager", pager);
		model.addAttribute("entries", listing.items().stream().map(item -> row(item, me, locale)).toList());
		return "account/activity";
	}

	private Row row(AuditBrowser.Item item, String me, Locale locale) {
		String actionLabel = messages.getMessage("audit.action." + item.action(), null, item.action(), locale);
		String actor;
		if (me != null && me.equals(item.actor())) {
			actor = messages.getMessage("audit.actor.you", null, locale);
		}
		else if (item.actor() == null) {
			actor = messages.getMessage("audit.actor.unknown", null, locale);
		}
		else if (AuditLedger.SYSTEM.equals(item.actor())) {
			actor = messages.getMessage("audit.actor.system", null, locale);
		}
		else {
			actor = item.actorLogin() != null ? item.actorLogin() : item.actor();
		}
		String target = null;
		if (item.target() != null) {
			String type = item.target().type() == null ? null
					: messages.getMessage("audit.target." + item.target().type(), null, item.target().type(), locale);
			String id = item.target().login() != null ? item.target().login() : item.target().id();
			if (me != null && me.equals(item.target().id()) && AuditLedger.ACCOUNT.equals(item.target().type())) {
				id = messages.getMessage("audit.target.yourAccount", null, locale);
				type = null;
			}
			target = type == null ? id : id == null ? type : type + " " + id;
		}
		String outcomeLabel = item.outcome() == null ? null
				: messages.getMessage("audit.outcome." + item.outcome(), null, item.outcome(), locale);
		String details = item.details() == null || item.details().isEmpty() ? null : item.details().toString();
		return new Row(item.sequence(), item.time().toString(),
				DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM).withLocale(locale)
						.format(item.time().atZone(ZoneOffset.UTC)) + " UTC",
				item.action(), actionLabel, actor, target, item.outcome(), outcomeLabel,
				AuditLedger.FAILURE.equals(item.outcome()), details);
	}

	/**
	 * A time typed in a filter: an ISO-8601 instant ({@code 2026-11-29T10:00:00Z}), a date and time without offset
	 * (what a {@code datetime-local} input sends) or a date, both taken as UTC.
	 */
	private Instant instant(String value, String field, List<String> problems, Locale locale) {
		if (value == null || value.isBlank()) {
			return null;
		}
		String text = value.strip();
		try {
			return OffsetDateTime.parse(text).toInstant();
		}
		catch (DateTimeParseException notWithOffset) {
			// try the shorter forms
		}
		try {
			return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
		}
		catch (DateTimeParseException notLocal) {
			// try a date
		}
		try {
			return LocalDate.parse(text).atStartOfDay().toInstant(ZoneOffset.UTC);
		}
		catch (DateTimeParseException notADate) {
			problems.add(messages.getMessage("audit.filter.invalidTime",
					new Object[] { messages.getMessage("audit.filter." + field, null, locale), text }, locale));
			return null;
		}
	}
}
