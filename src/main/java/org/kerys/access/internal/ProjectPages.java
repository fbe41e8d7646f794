package org.kerys.access.internal;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.kerys.access.internal.AccessRequests.AccessRequest;
import org.kerys.access.internal.Agreements.Agreement;
import org.kerys.catalog.AccessRegime;
import org.kerys.catalog.Catalog;
import org.kerys.catalog.DatasetRecord;
import org.kerys.catalog.VocabularyTerm;
import org.kerys.platform.PageWords;
import org.kerys.platform.PageWords.FieldsSaid;
import org.kerys.platform.PortalPage;
import org.kerys.platform.ProblemException;
import org.kerys.platform.ProblemException.FieldError;
import org.springframework.context.MessageSource;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The reuser's pages: "My projects", a project's form and page (datasets, requests with their history, agreements
 * with their usage, credentials) and the "Request access" path from a restricted dataset's page. Every rule and
 * check is the API's (the same controllers and {@link AccessDecisions}, called in process): a page only turns a
 * form into their bodies and their problems into messages. Forms post, then redirect (post-redirect-get), except a
 * form with invalid fields, shown again with the errors next to them.
 */
@Controller
@PortalPage
class ProjectPages {

	private final ProjectsController projectsApi;
	private final ProjectClientsController clientsApi;
	private final AccessDecisions decisions;
	private final Projects projects;
	private final AccessRequests requests;
	private final Agreements agreements;
	private final AgreementUsage usage;
	private final Transitions transitions;
	private final AccessRules rules;
	private final Catalog catalog;
	private final PageWords messages;

	ProjectPages(ProjectsController projectsApi, ProjectClientsController clientsApi, AccessDecisions decisions,
			Projects projects, AccessRequests requests, Agreements agreements, AgreementUsage usage,
			Transitions transitions, AccessRules rules, Catalog catalog, MessageSource messageSource) {
		this.projectsApi = projectsApi;
		this.clientsApi = clientsApi;
		this.decisions = decisions;
		this.projects = projects;
		this.requests = requests;
		this.agreements = agreements;
		this.usage = usage;
		this.transitions = transitions;
		this.rules = rules;
		this.catalog = catalog;
		this.messages = new PageWords(messageSource, "access", PageWords.LIST_ITEM_AS_LIST, FieldsSaid.LABELLED);
	}

	// ---------------------------------------------------------------- my projects, the project form

	@GetMapping("/projects")
	String mine(Authentication caller, Model model) {
		UUID account = rules.requireAccount(caller);
		model.addAttribute("projects", projects.of(account, rules.organizationsOf(caller)));
		model.addAttribute("section", "projects");
		return "access/projects";
	}

	@GetMapping("/projects/new")
	String newForm(@RequestParam(required = false) String dataset, Authentication caller, Model model) {
		rules.requireAccount(caller);
		return form(null, new ProjectsController.ProjectBody(null, null, "application", List.of(), null, null, null,
				false, null), dataset, Map.of(), caller, model);
	}

	@PostMapping("/projects/new")
	String create(@RequestParam Map<String, String> form, @RequestParam(required = false) List<String> themes,
			Authentication caller, Model model, RedirectAttributes redirect, Locale locale,
			HttpServletResponse response) {
		ProjectsController.ProjectBody body = body(form, themes);
		try {
			Project created = projectsApi.create(body, caller).getBody();
			messages.notice(redirect, "access.notice.projectCreated", locale, created.title());
			String dataset = form.get("dataset");
			if (dataset != null && !dataset.isBlank()) {
				return "redirect:/projects/request?dataset=" + UUID.fromString(dataset.strip()) + "&project="
						+ created.id();
			}
			return "redirect:/projects/" + created.id();
		}
		catch (ProblemException e) {
			return invalid(e, null, body, form.get("dataset"), caller, model, locale, response);
		}
		catch (IllegalArgumentException e) {
			return "redirect:/projects";
		}
	}

	@GetMapping("/projects/{id}/edit")
	String editForm(@PathVariable String id, Authentication caller, Model model) {
		Project project = member(id, caller);
		return form(project, new ProjectsController.ProjectBody(project.title(), project.description(), project.type(),
				project.themes(), text(project.expectedStart()), text(project.expectedEnd()), project.contact(),
				project.isPublic(), project.ownerOrganizationId() == null ? null : project.ownerOrganizationId().toString()),
				null, Map.of(), caller, model);
	}

	@PostMapping("/projects/{id}/edit")
	String update(@PathVariable String id, @RequestParam Map<String, String> form,
			@RequestParam(required = false) List<String> themes, Authentication caller, Model model,
			RedirectAttributes redirect, Locale locale, HttpServletRequest request, HttpServletResponse response) {
		Project project = member(id, caller);
		ProjectsController.ProjectBody body = body(form, themes);
		try {
			// the form holds every field: a whole replacement, as PUT
			projectsApi.update(id, body, new HttpServletRequestWrapper(request) {
				@Override
				public String getMethod() {
					return "PUT";
				}
			}, caller);
			messages.notice(redirect, "access.notice.projectSaved", locale, body.title());
			return "redirect:/projects/" + project.id();
		}
		catch (ProblemException e) {
			return invalid(e, project, body, null, caller, model, locale, response);
		}
	}

	private String invalid(ProblemException e, Project project, ProjectsController.ProjectBody body, String dataset,
			Authentication caller, Model model, Locale locale, HttpServletResponse response) {
		if (e.errors().isEmpty() && e.status() != HttpStatus.FORBIDDEN) {
			model.addAttribute("problem", messages.problem(e, locale));
		}
		else if (e.errors().isEmpty()) {
			if (!"KRS-403-ORGANIZATION".equals(e.code())) {
				throw e;
			}
			model.addAttribute("problem", messages.problem(e, locale));
		}
		response.setStatus(e.status().value());
		return form(project, body, dataset, messages.fieldErrors(e, locale), caller, model);
	}

	private String form(Project project, ProjectsController.ProjectBody body, String dataset,
			Map<String, String> errors, Authentication caller, Model model) {
		model.addAttribute("project", project);
		model.addAttribute("form", body);
		model.addAttribute("dataset", dataset);
		model.addAttribute("errors", errors);
		model.addAttribute("types", Project.TYPES);
		model.addAttribute("themes", catalog.vocabulary("theme"));
		model.addAttribute("organizations", organizations(caller));
		model.addAttribute("section", "projects");
		return "access/project-form";
	}

	/** The organisations the caller belongs to, by name, for the owner field. */
	private Map<UUID, String> organizations(Authentication caller) {
		Set<UUID> mine = rules.organizationsOf(caller);
		Map<UUID, String> names = new LinkedHashMap<>();
		catalog.producers().stream().filter(p -> mine.contains(p.organizationId()))
				.forEach(p -> names.put(p.organizationId(), p.name()));
		mine.forEach(id -> names.putIfAbsent(id, id.toString()));
		return names;
	}

	private static ProjectsController.ProjectBody body(Map<String, String> form, List<String> themes) {
		String owner = form.get("owner_organization_id");
		return new ProjectsController.ProjectBody(form.getOrDefault("title", ""), form.getOrDefault("description", ""),
				form.get("type"), themes == null ? List.of() : themes, form.getOrDefault("expected_start", ""),
				form.getOrDefault("expected_end", ""), form.getOrDefault("contact", ""),
				"true".equals(form.get("public")), owner == null || owner.isBlank() ? null : owner);
	}

	// ---------------------------------------------------------------- the project's page

	/** A request as the page shows it, with its dataset's title and its history. */
	record RequestRow(AccessRequest request, String datasetTitle, List<Transitions.Transition> history) {
	}

	/** An agreement as the page shows it, with its dataset's title, its usage and its history. */
	record AgreementRow(Agreement agreement, String state, String datasetTitle, AgreementUsage.Usage usage,
			List<Transitions.Transition> history) {
	}

	@GetMapping("/projects/{id}")
	String project(@PathVariable String id, Authentication caller, Model model, HttpServletRequest request) {
		Project project = projectsApi.find(id);
		rules.checkRead(caller, project);
		boolean member = rules.isMember(caller, project);
		List<AccessRequest> asked = requests.list(project.id(), null, null, 200, 0);
		List<Agreement> granted = agreements.list(project.id(), null, 200, 0);
		Map<UUID, String> titles = titles(project.datasetIds());
		model.addAttribute("project", project);
		model.addAttribute("member", member);
		model.addAttribute("datasets", project.datasetIds().stream()
				.map(d -> Map.entry(d, titles.getOrDefault(d, d.toString()))).toList());
		model.addAttribute("requests", asked.stream().map(r -> new RequestRow(r,
				titles.getOrDefault(r.datasetId(), r.datasetId().toString()), transitions.of(r.id()))).toList());
		model.addAttribute("agreements", granted.stream().map(a -> new AgreementRow(a, a.state(),
				titles.getOrDefault(a.datasetId(), a.datasetId().toString()), usage.of(a.id()), transitions.of(a.id())))
				.toList());
		model.addAttribute("clients", member ? clientsApi.list(id, caller) : List.of());
		model.addAttribute("themeLabels", catalog.vocabulary("theme").stream()
				.collect(Collectors.toMap(VocabularyTerm::code, t -> t, (a, b) -> a)));
		model.addAttribute("baseUrl", request.getScheme() + "://" + request.getServerName()
				+ (request.getServerPort() == 80 || request.getServerPort() == 443 ? "" : ":" + request.getServerPort()));
		Agreement example = granted.stream().filter(Agreement::active).findFirst().orElse(null);
		model.addAttribute("exampleAgreement", example);
		model.addAttribute("section", "projects");
		return "access/project";
	}

	@PostMapping("/projects/{id}/clients")
	String createClient(@PathVariable String id, @RequestParam(required = false) String name, Authentication caller,
			RedirectAttributes redirect, Locale locale) {
		try {
			ProjectClientsController.NewClient client = clientsApi
					.create(id, new ProjectClientsController.ClientBody(name == null || name.isBlank() ? null : name),
							caller)
					.getBody();
			secret(redirect, client);
		}
		catch (ProblemException e) {
			messages.problem(redirect, e, locale);
		}
		return "redirect:/projects/" + projectsApi.find(id).id() + "#credentials";
	}

	@PostMapping("/projects/{id}/clients/{clientId}/rotate")
	String rotate(@PathVariable String id, @PathVariable String clientId, Authentication caller,
			RedirectAttributes redirect, Locale locale) {
		try {
			secret(redirect, clientsApi.rotate(id, clientId, caller));
		}
		catch (ProblemException e) {
			messages.problem(redirect, e, locale);
		}
		return "redirect:/projects/" + projectsApi.find(id).id() + "#credentials";
	}

	@PostMapping("/projects/{id}/clients/{clientId}/revoke")
	String revoke(@PathVariable String id, @PathVariable String clientId, Authentication caller,
			RedirectAttributes redirect, Locale locale) {
		try {
			clientsApi.revoke(id, clientId, caller);
			messages.notice(redirect, "access.notice.clientRevoked", locale, clientId);
		}
		catch (ProblemException e) {
			messages.problem(redirect, e, locale);
		}
		return "redirect:/projects/" + projectsApi.find(id).id() + "#credentials";
	}

	/** The secret travels once, in the flash attributes of the next page, never in an address. */
	private static void secret(RedirectAttributes redirect, ProjectClientsController.NewClient client) {
		redirect.addFlashAttribute("newClientId", client.clientId());
		redirect.addFlashAttribute("newClientSecret", client.clientSecret());
	}

	@PostMapping("/projects/{id}/requests/{requestId}/withdraw")
	String withdraw(@PathVariable String id, @PathVariable String requestId,
			@RequestParam(required = false) String message, Authentication caller, RedirectAttributes redirect,
			Locale locale) {
		Project project = projectsApi.find(id);
		return onProject(project, "access.notice.withdrawn", redirect, locale, () -> {
			AccessRequest request = decisions.request(Fields.pathId(requestId, AccessDecisions.NO_REQUEST, "No such access request."));
			if (!request.projectId().equals(project.id())) {
				throw ProblemException.notFound(AccessDecisions.NO_REQUEST, "No such access request.");
			}
			decisions.withdraw(request.id(), new AccessDecisions.MessageBody(message), caller);
		});
	}

	@PostMapping("/projects/{id}/agreements/{agreementId}/end")
	String end(@PathVariable String id, @PathVariable String agreementId,
			@RequestParam(required = false) String message, Authentication caller, RedirectAttributes redirect,
			Locale locale) {
		Project project = projectsApi.find(id);
		return onProject(project, "access.notice.ended", redirect, locale, () -> {
			Agreement agreement = decisions.agreement(Fields.pathId(agreementId, AccessDecisions.NO_AGREEMENT, "No such agreement."));
			if (!agreement.projectId().equals(project.id())) {
				throw ProblemException.notFound(AccessDecisions.NO_AGREEMENT, "No such agreement.");
			}
			decisions.end(agreement.id(), new AccessDecisions.MessageBody(message), caller);
		});
	}

	/** Does a change on the project's page: its notice when done, the refusal in words otherwise, back to the page. */
	private String onProject(Project project, String notice, RedirectAttributes redirect, Locale locale,
			Runnable change) {
		try {
			change.run();
			messages.notice(redirect, notice, locale);
		}
		catch (ProblemException e) {
			messages.problem(redirect, e, locale);
		}
		return "redirect:/projects/" + project.id();
	}

	// ---------------------------------------------------------------- "Request access" from a dataset's page

	@GetMapping("/projects/request")
	String requestForm(@RequestParam(required = false) String dataset, @RequestParam(required = false) String project,
			Authentication caller, Model model) {
		UUID account = rules.requireAccount(caller);
		DatasetRecord record = restricted(dataset);
		return requestPage(record, account, caller, project, null, LocalDate.now().plusYears(1).toString(), null,
				Map.of(), model);
	}

	@PostMapping("/projects/request")
	String submit(@RequestParam(required = false) String dataset, @RequestParam(required = false) String project,
			@RequestParam(required = false) String purpose,
			@RequestParam(name = "requested_end_date", required = false) String until,
			@RequestParam(required = false) String message, Authentication caller, Model model,
			RedirectAttributes redirect, Locale locale, HttpServletResponse response) {
		UUID account = rules.requireAccount(caller);
		DatasetRecord record = restricted(dataset);
		Map<String, String> errors = new LinkedHashMap<>();
		Project chosen = null;
		try {
			chosen = projectsApi.find(project == null ? "" : project);
		}
		catch (ProblemException e) {
			errors.put("project", messages.text("access.error.project", locale));
		}
		if (chosen != null) {
			try {
				decisions.submit(chosen, new AccessDecisions.RequestBody(record.globalId().toString(), null, purpose,
						until, message), caller);
				messages.notice(redirect, "access.notice.requested", locale, AccessDecisions.title(record));
				return "redirect:/projects/" + chosen.id();
			}
			catch (ProblemException e) {
				if (e.status() == HttpStatus.FORBIDDEN) {
					throw e;
				}
				errors.putAll(messages.fieldErrors(e, locale));
				if (e.errors().isEmpty()) {
					model.addAttribute("problem", messages.problem(e, locale));
				}
				response.setStatus(e.status().value());
			}
		}
		else {
			response.setStatus(HttpStatus.BAD_REQUEST.value());
		}
		return requestPage(record, account, caller, project, purpose, until, message, errors, model);
	}

	private String requestPage(DatasetRecord dataset, UUID account, Authentication caller, String project,
			String purpose, String until, String message, Map<String, String> errors, Model model) {
		model.addAttribute("datasetId", dataset.globalId());
		model.addAttribute("datasetTitle", AccessDecisions.title(dataset));
		model.addAttribute("projects", projects.of(account, rules.organizationsOf(caller)).stream()
				.filter(p -> rules.isMember(caller, p)).toList());
		model.addAttribute("chosen", project);
		model.addAttribute("purpose", purpose);
		model.addAttribute("until", until);
		model.addAttribute("message", message);
		model.addAttribute("errors", errors);
		model.addAttribute("section", "projects");
		return "access/request";
	}

	/** The dataset of a request: it exists and is restricted (404 otherwise, the page has nothing to offer). */
	private DatasetRecord restricted(String dataset) {
		DatasetRecord record = catalog.dataset(Fields.pathId(dataset == null ? "" : dataset, "ERR-104",
				"The dataset does not exist."))
				.orElseThrow(() -> ProblemException.notFound("ERR-104", "The dataset does not exist."));
		if (record.regime() != AccessRegime.RESTRICTED) {
			throw ProblemException.notFound("ERR-104", "No access request for this dataset.");
		}
		return record;
	}

	private Project member(String id, Authentication caller) {
		Project project = projectsApi.find(id);
		rules.checkMember(caller, project);
		return project;
	}

	Map<UUID, String> titles(java.util.Collection<UUID> ids) {
		Map<UUID, String> titles = new LinkedHashMap<>();
		catalog.datasets(new ArrayList<>(ids)).forEach(d -> titles.put(d.globalId(), AccessDecisions.title(d)));
		return titles;
	}

	private static String text(LocalDate date) {
		return date == null ? null : date.toString();
	}
}
