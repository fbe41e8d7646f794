package org.kerys.access.internal;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.servlet.http.HttpServletResponse;
import org.kerys.access.internal.AccessRequests.AccessRequest;
import org.kerys.access.internal.Agreements.Agreement;
import org.kerys.catalog.Catalog;
import org.kerys.catalog.DatasetRecord;
import org.kerys.platform.PageWords;
import org.kerys.platform.PageWords.FieldsSaid;
import org.kerys.platform.PortalPage;
import org.kerys.platform.ProblemException;
import org.springframework.context.MessageSource;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The producer's and the moderators' pages of restricted data, the showcase of reuses and the account's
 * notifications: the inbox of access requests of the organisations the caller decides for (accept with conditions,
 * reject), their agreements with usage (revoke), the moderators' queue and data requests. Rules are
 * {@link AccessRules}' and {@link AccessDecisions}', as for the API.
 */
@Controller
@PortalPage
class AccessPages {

	private final AccessDecisions decisions;
	private final ProjectsController projectsApi;
	private final Projects projects;
	private final AccessRequests requests;
	private final Agreements agreements;
	private final AgreementUsage usage;
	private final Transitions transitions;
	private final Notifications notifications;
	private final AccessRules rules;
	private final Catalog catalog;
	private final AccessSettings settings;
	private final PageWords messages;

	AccessPages(AccessDecisions decisions, ProjectsController projectsApi, Projects projects, AccessRequests requests,
			Agreements agreements, AgreementUsage usage, Transitions transitions, Notifications notifications,
			AccessRules rules, Catalog catalog, AccessSettings settings, MessageSource messageSource) {
		this.decisions = decisions;
		this.projectsApi = projectsApi;
		this.projects = projects;
		this.requests = requests;
		this.agreements = agreements;
		this.usage = usage;
		this.transitions = transitions;
		this.notifications = notifications;
		this.rules = rules;
		this.catalog = catalog;
		this.settings = settings;
		this.messages = new PageWords(messageSource, "access", PageWords.LIST_ITEM_AS_LIST, FieldsSaid.LABELLED);
	}

	// ---------------------------------------------------------------- the producer's inbox

	/** A request waiting or decided, as the inbox shows it. */
	record InboxRow(AccessRequest request, String projectTitle, String datasetTitle, List<MediaChoice> media,
			List<Transitions.Transition> history) {
	}

	record MediaChoice(UUID id, String name, boolean asked) {
	}

	/** An agreement as the producer sees it. */
	record AgreementRow(Agreement agreement, String state, String projectTitle, String datasetTitle, AgreementUsage.Usage usage) {
	}

	@GetMapping("/access/inbox")
	String inbox(@RequestParam(required = false) String organization, Authentication caller, Model model) {
		rules.requireAccount(caller);
		Map<UUID, String> names = new LinkedHashMap<>();
		Set<UUID> mine = rules.organizationsOf(caller);
		catalog.producers().stream().filter(p -> mine.contains(p.organizationId()) && rules.decidesFor(caller,
				p.organizationId())).forEach(p -> names.put(p.organizationId(), p.name()));
		mine.stream().filter(o -> rules.decidesFor(caller, o)).forEach(o -> names.putIfAbsent(o, o.toString()));
		List<UUID> shown = new ArrayList<>(names.keySet());
		if (organization != null && !organization.isBlank()) {
			UUID asked = Fields.pathId(organization, "KRS-404-ORGANIZATION", "No such organisation.");
			rules.checkDecides(caller, asked);
			shown = List.of(asked);
		}
		List<InboxRow> waiting = new ArrayList<>();
		List<InboxRow> decided = new ArrayList<>();
		List<AgreementRow> granted = new ArrayList<>();
		Map<UUID, DatasetRecord> datasets = new LinkedHashMap<>();
		Map<UUID, String> projectTitles = new LinkedHashMap<>();
		for (UUID producer : shown) {
			for (AccessRequest r : requests.list(null, producer, null, 200, 0)) {
				DatasetRecord d = datasets.computeIfAbsent(r.datasetId(), id -> catalog.dataset(id).orElse(null));
				List<MediaChoice> media = d == null ? List.of() : mediaOf(d, r.mediaIds());
				InboxRow row = new InboxRow(r, projectTitle(r.projectId(), projectTitles),
						d == null ? r.datasetId().toString() : AccessDecisions.title(d), media, transitions.of(r.id()));
				("SUBMITTED".equals(r.state()) ? waiting : decided).add(row);
			}
			for (Agreement a : agreements.list(null, producer, 200, 0)) {
				DatasetRecord d = datasets.computeIfAbsent(a.datasetId(), id -> catalog.dataset(id).orElse(null));
				granted.add(new AgreementRow(a, a.state(), projectTitle(a.projectId(), projectTitles),
						d == null ? a.datasetId().toString() : AccessDecisions.title(d), usage.of(a.id())));
			}
		}
		model.addAttribute("organizations", names);
		model.addAttribute("organization", organization);
		model.addAttribute("waiting", waiting);
		model.addAttribute("decided", decided);
		model.addAttribute("agreements", granted);
		model.addAttribute("defaultEnd", LocalDate.now().plusYears(1).toString());
		model.addAttribute("section", "inbox");
		return "access/inbox";
	}

	private String projectTitle(UUID id, Map<UUID, String> cache) {
		return cache.computeIfAbsent(id, p -> projects.find(p).map(Project::title).orElse(p.toString()));
	}

	private static List<MediaChoice> mediaOf(DatasetRecord dataset, List<UUID> asked) {
		List<MediaChoice> media = new ArrayList<>();
		dataset.metadata().path("available_formats").forEach(format -> {
			try {
				UUID id = UUID.fromString(format.path("media_id").asString(""));
				media.add(new MediaChoice(id, format.path("media_name").asString(id.toString()),
						asked.isEmpty() || asked.contains(id)));
			}
			catch (IllegalArgumentException e) {
				// not a media Kerys can serve
			}
		});
		return media;
	}

	@PostMapping("/access/requests/{id}/accept")
	String accept(@PathVariable String id, @RequestParam(name = "end_date", required = false) String endDate,
			@RequestParam(name = "media_ids", required = false) List<String> media,
			@RequestParam(required = false) String purpose,
			@RequestParam(name = "rate_limit_per_minute", required = false) String rate,
			@RequestParam(name = "bytes_per_day", required = false) String bytes,
			@RequestParam(required = false) String message, Authentication caller, Model model,
			RedirectAttributes redirect, Locale locale, HttpServletResponse response) {
		UUID request = Fields.pathId(id, AccessDecisions.NO_REQUEST, "No such access request.");
		try {
			Agreement agreement = decisions.accept(request, new AccessDecisions.AcceptBody(endDate, media,
					purpose == null || purpose.isBlank() ? null : purpose, number(rate, "rate_limit_per_minute"),
					number(bytes, "bytes_per_day"), message), caller);
			messages.notice(redirect, "access.notice.accepted", locale, agreement.endDate().toLocalDate());
		}
		catch (ProblemException e) {
			Map<String, Object> sent = new LinkedHashMap<>();
			sent.put("end_date", endDate);
			sent.put("media_ids", media == null ? List.of() : media);
			sent.put("purpose", purpose);
			sent.put("rate_limit_per_minute", rate);
			sent.put("bytes_per_day", bytes);
			sent.put("message", message);
			return refused(e, request, "accept", sent, caller, model, redirect, locale, response);
		}
		return "redirect:/access/inbox";
	}

	/**
	 * A refused answer: a form with invalid fields comes back (with the status of the refusal) with each error next
	 * to its field and what was typed; a refusal about the request itself (already answered) is said above the
	 * inbox.
	 */
	private String refused(ProblemException e, UUID request, String form, Map<String, Object> sent,
			Authentication caller, Model model, RedirectAttributes redirect, Locale locale,
			HttpServletResponse response) {
		if (e.errors().isEmpty()) {
			messages.problem(redirect, e, locale);
			return "redirect:/access/inbox";
		}
		// a field the page read before the API decided (a number) says nothing to who may not answer
		AccessRequest asked = decisions.request(request);
		rules.checkDecides(caller, asked.producerId());
		if (!"SUBMITTED".equals(asked.state())) { // its form is gone from the inbox: what stands is its state
			redirect.addFlashAttribute("problem", messages.text("access.problem." + AccessDecisions.REQUEST_STATE, locale));
			return "redirect:/access/inbox";
		}
		model.addAttribute("failed", request);
		model.addAttribute("failedForm", form);
		model.addAttribute("errors", messages.fieldErrors(e, locale));
		model.addAttribute("sent", sent);
		response.setStatus(e.status().value());
		return inbox(null, caller, model);
	}

	/** A number field of a form: blank for none; anything else that is not a whole number is the API's ERR-201. */
	private static Long number(String value, String field) {
		if (value == null || value.isBlank()) {
			return null;
		}
		try {
			return Long.valueOf(value.strip());
		}
		catch (NumberFormatException e) {
			throw new ProblemException(org.springframework.http.HttpStatus.BAD_REQUEST, "ERR-201", "Not a number.",
					List.of(new ProblemException.FieldError("ERR-201", field, "A whole number.")));
		}
	}

	@PostMapping("/access/requests/{id}/reject")
	String reject(@PathVariable String id, @RequestParam(required = false) String message, Authentication caller,
			Model model, RedirectAttributes redirect, Locale locale, HttpServletResponse response) {
		UUID request = Fields.pathId(id, AccessDecisions.NO_REQUEST, "No such access request.");
		try {
			decisions.reject(request, new AccessDecisions.MessageBody(message == null ? "" : message), caller);
			messages.notice(redirect, "access.notice.rejected", locale);
		}
		catch (ProblemException e) {
			Map<String, Object> sent = new LinkedHashMap<>();
			sent.put("message", message);
			return refused(e, request, "reject", sent, caller, model, redirect, locale, response);
		}
		return "redirect:/access/inbox";
	}

	@PostMapping("/access/agreements/{id}/revoke")
	String revoke(@PathVariable String id, @RequestParam(required = false) String message, Authentication caller,
			RedirectAttributes redirect, Locale locale) {
		UUID agreement = Fields.pathId(id, AccessDecisions.NO_AGREEMENT, "No such agreement.");
		try {
			decisions.revoke(agreement, new AccessDecisions.MessageBody(message), caller);
			messages.notice(redirect, "access.notice.revoked", locale);
		}
		catch (ProblemException e) {
			messages.problem(redirect, e, locale);
		}
		return "redirect:/access/inbox";
	}

	// ---------------------------------------------------------------- the showcase of reuses

	@GetMapping("/reuses")
	String reuses(@RequestParam(required = false) String dataset, Model model) {
		if (dataset != null && !dataset.isBlank()) {
			model.addAttribute("reuses", projectsApi.reusesOf(dataset, 200, 0));
			model.addAttribute("datasetId", dataset);
			model.addAttribute("datasetTitle", catalog.dataset(UUID.fromString(dataset))
					.map(AccessDecisions::title).orElse(dataset));
		}
		else {
			model.addAttribute("reuses", projectsApi.reuses(200, 0));
		}
		model.addAttribute("section", "reuses");
		return "access/reuses";
	}

	// ---------------------------------------------------------------- moderators

	@GetMapping("/access/moderation")
	String moderation(Authentication caller, Model model) {
		AccessRules.check(rules.isModerator(caller) || rules.isAdministrator(caller), "ERR-403",
				"Moderators only.");
		model.addAttribute("moderationOn", settings.moderation());
		model.addAttribute("pending", projects.moderated("pending", 500));
		model.addAttribute("dataRequests", projects.dataRequests(200, 0));
		model.addAttribute("section", "moderation");
		return "access/moderation";
	}

	@PostMapping("/access/moderation/{id}")
	String moderate(@PathVariable String id, @RequestParam(required = false) String decision, Authentication caller,
			RedirectAttributes redirect, Locale locale) {
		AccessRules.check(rules.isModerator(caller) || rules.isAdministrator(caller), "ERR-403",
				"Moderators only.");
		try {
			projectsApi.moderate(id, new ProjectsController.ModerationBody(decision), caller);
			messages.notice(redirect, "access.notice.moderated", locale);
		}
		catch (ProblemException e) {
			messages.problem(redirect, e, locale);
		}
		return "redirect:/access/moderation";
	}

	// ---------------------------------------------------------------- notifications

	@GetMapping("/account/notifications")
	String notifications(Authentication caller, Model model, Locale locale) {
		model.addAttribute("notifications", notifications.of(rules.requireAccount(caller), 200, false, locale));
		model.addAttribute("section", "account");
		return "access/notifications";
	}

	@PostMapping("/account/notifications/read")
	String read(Authentication caller, RedirectAttributes redirect, Locale locale) {
		notifications.markRead(rules.requireAccount(caller));
		messages.notice(redirect, "access.notice.read", locale);
		return "redirect:/account/notifications";
	}
}
