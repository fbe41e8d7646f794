package org.kerys.selfdata.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.UnaryOperator;

import org.kerys.catalog.Catalog;
import org.kerys.identity.AccessPolicy;
import org.kerys.identity.AccountReferences;
import org.kerys.platform.PageWords;
import org.kerys.platform.PageWords.FieldsSaid;
import org.kerys.platform.PortalPage;
import org.kerys.platform.ProblemException;
import org.springframework.context.MessageSource;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The producer's side: the self-data tasks of the organisations the signed-in person belongs to (OUT requests,
 * proofs to check, erasure, rectification) with their due dates; one task (its values and files shown only while an
 * OUT or moderation task is open, each view recorded for the citizen); marking it treated with a message.
 */
@Controller
@PortalPage
class SelfdataTaskPages {

	private final SelfdataTasks tasks;
	private final AccessPolicy policy;
	private final AccountReferences accounts;
	private final Catalog catalog;
	private final SelfdataPages pages;
	private final PageWords words;

	SelfdataTaskPages(SelfdataTasks tasks, AccessPolicy policy, AccountReferences accounts, Catalog catalog,
			SelfdataPages pages, MessageSource messages) {
		this.tasks = tasks;
		this.policy = policy;
		this.accounts = accounts;
		this.catalog = catalog;
		this.pages = pages;
		this.words = new PageWords(messages, "selfdata", UnaryOperator.identity(), FieldsSaid.MESSAGES);
	}

	/** A task as listed: with its dataset's title. */
	record TaskRow(Tasks.Task task, String datasetTitle, boolean late) {
	}

	@GetMapping("/selfdata/tasks")
	String list(@RequestParam(required = false) String organization,
			@RequestParam(defaultValue = "OPEN") String status, Authentication caller, Model model) {
		if (!SelfdataPages.person(caller, policy)) {
			return SelfdataPages.LOGIN;
		}
		Set<UUID> mine = policy.organizationsOfAccount(accounts.idOf(caller.getName()).orElse(null));
		Map<UUID, String> names = new LinkedHashMap<>();
		catalog.producers().stream().filter(p -> mine.contains(p.organizationId()))
				.forEach(p -> names.put(p.organizationId(), p.name()));
		mine.forEach(o -> names.putIfAbsent(o, o.toString()));
		List<UUID> shown = new ArrayList<>(names.keySet());
		if (organization != null && !organization.isBlank()) {
			shown = List.of(SelfdataPages.id(organization, "KRS-404-ORGANIZATION"));
		}
		String wanted = "ALL".equals(status) ? null : status;
		Map<UUID, String> titles = new LinkedHashMap<>();
		List<TaskRow> rows = new ArrayList<>();
		java.time.OffsetDateTime now = java.time.OffsetDateTime.now();
		for (UUID org : shown) {
			for (Tasks.Task task : tasks.list(org, wanted, 200, 0, caller)) {
				rows.add(new TaskRow(task, pages.title(task.datasetId(), titles),
						Tasks.OPEN.equals(task.status()) && task.dueAt() != null && task.dueAt().isBefore(now)));
			}
		}
		rows.sort(java.util.Comparator.comparing((TaskRow r) -> r.task().dueAt(),
				java.util.Comparator.nullsLast(java.util.Comparator.naturalOrder())));
		model.addAttribute("organizations", names);
		model.addAttribute("organization", organization);
		model.addAttribute("status", wanted == null ? "ALL" : wanted);
		model.addAttribute("tasks", rows);
		model.addAttribute("section", "selfdata-tasks");
		return "selfdata/tasks";
	}

	@GetMapping("/selfdata/tasks/{id}")
	String show(@PathVariable String id, Authentication caller, Model model) {
		if (!SelfdataPages.person(caller, policy)) {
			return SelfdataPages.LOGIN;
		}
		SelfdataTasks.TaskView view = tasks.get(SelfdataPages.id(id, "KRS-404-SELFDATA-TASK"), caller);
		model.addAttribute("view", view);
		model.addAttribute("datasetTitle", pages.title(view.task().datasetId(), new LinkedHashMap<>()));
		model.addAttribute("outcomes", SelfdataTasks.OUTCOMES.get(view.task().kind()).stream().sorted().toList());
		model.addAttribute("section", "selfdata-tasks");
		return "selfdata/task";
	}

	@GetMapping("/selfdata/tasks/{id}/attachments/{attachment}")
	ResponseEntity<byte[]> attachment(@PathVariable String id, @PathVariable String attachment,
			Authentication caller) {
		if (!SelfdataPages.person(caller, policy)) {
			return ResponseEntity.status(303).header(HttpHeaders.LOCATION, "/login").build();
		}
		Attachments.Attachment file = tasks.attachment(SelfdataPages.id(id, "KRS-404-SELFDATA-TASK"),
				SelfdataPages.id(attachment, "KRS-404-SELFDATA-ATTACHMENT"), caller);
		return ResponseEntity.ok().contentType(MediaType.APPLICATION_OCTET_STREAM)
				.header(HttpHeaders.CONTENT_DISPOSITION,
						ContentDisposition.attachment().filename(file.name(), java.nio.charset.StandardCharsets.UTF_8)
								.build().toString())
				.header("X-Content-Type-Options", "nosniff").header(HttpHeaders.CACHE_CONTROL, "no-store")
				.body(file.content());
	}

	@PostMapping("/selfdata/tasks/{id}/treat")
	String treat(@PathVariable String id, @RequestParam(required = false) String outcome,
			@RequestParam(required = false) String message, Authentication caller, RedirectAttributes redirect,
			Locale locale) {
		if (!SelfdataPages.person(caller, policy)) {
			return SelfdataPages.LOGIN;
		}
		UUID task = SelfdataPages.id(id, "KRS-404-SELFDATA-TASK");
		try {
			SelfdataTasks.TaskView treated = tasks.treat(task, outcome, message, caller);
			words.notice(redirect, "selfdata.notice.treated", locale);
			return "redirect:/selfdata/tasks?organization=" + treated.task().organizationId();
		}
		catch (ProblemException e) {
			if (e.status().value() == 404) {
				throw e;
			}
			words.problem(redirect, e, locale);
			return "redirect:/selfdata/tasks/" + task;
		}
	}
}
