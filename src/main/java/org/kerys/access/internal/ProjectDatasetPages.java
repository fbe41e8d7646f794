package org.kerys.access.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletResponse;
import org.kerys.platform.PageWords;
import org.kerys.platform.PageWords.FieldsSaid;
import org.kerys.platform.PortalPage;
import org.kerys.platform.ProblemException;
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
 * A project member's page of the data the project uses: link a dataset by hand (by its id or the address of its
 * page), unlink one, and ask the moderators for data that does not exist yet. The rules and checks are
 * {@link ProjectsController}'s, called in process; a form with invalid fields comes back with each error next to its
 * field.
 */
@Controller
@PortalPage
class ProjectDatasetPages {

	/** The id in a dataset's page address ({@code https://…/datasets/<id>}), or the id alone. */
	private static final Pattern DATASET_ADDRESS = Pattern.compile("(?:^|/datasets/)([0-9a-fA-F-]{36})/?(?:[?#].*)?$");

	private final ProjectsController projectsApi;
	private final Projects projects;
	private final AccessRules rules;
	private final ProjectPages projectPages;
	private final PageWords messages;

	ProjectDatasetPages(ProjectsController projectsApi, Projects projects, AccessRules rules,
			ProjectPages projectPages, MessageSource messageSource) {
		this.projectsApi = projectsApi;
		this.projects = projects;
		this.rules = rules;
		this.projectPages = projectPages;
		this.messages = new PageWords(messageSource, "access", PageWords.LIST_ITEM_AS_LIST, FieldsSaid.LABELLED);
	}

	@GetMapping("/projects/{id}/datasets")
	String page(@PathVariable String id, @RequestParam(required = false) String dataset, Authentication caller,
			Model model) {
		Project project = member(id, caller);
		return page(project, dataset, Map.of(), new DataRequestForm(null, null), Map.of(), model);
	}

	@PostMapping("/projects/{id}/datasets")
	String link(@PathVariable String id, @RequestParam(name = "dataset_id", required = false) String dataset,
			Authentication caller, Model model, RedirectAttributes redirect, Locale locale,
			HttpServletResponse response) {
		Project project = member(id, caller);
		try {
			projectsApi.link(id, new ProjectsController.DatasetLink(datasetId(dataset)), caller);
			UUID added = UUID.fromString(datasetId(dataset).strip()); // the API took it: an id
			messages.notice(redirect, "access.notice.linked", locale,
					projectPages.titles(List.of(added)).getOrDefault(added, added.toString()));
			return "redirect:/projects/" + project.id() + "/datasets";
		}
		catch (ProblemException e) {
			Map<String, String> errors = errors(e, "dataset_id", locale);
			response.setStatus(e.status().value());
			return page(project, dataset, errors, new DataRequestForm(null, null), Map.of(), model);
		}
	}

	@PostMapping("/projects/{id}/datasets/{datasetId}/unlink")
	String unlink(@PathVariable String id, @PathVariable String datasetId, Authentication caller,
			RedirectAttributes redirect, Locale locale) {
		Project project = member(id, caller);
		projectsApi.unlink(id, datasetId, caller);
		messages.notice(redirect, "access.notice.unlinked", locale);
		return "redirect:/projects/" + project.id() + "/datasets";
	}

	/** The data request form as sent, shown again when it is invalid. */
	record DataRequestForm(String title, String description) {
	}

	@PostMapping("/projects/{id}/data-requests")
	String dataRequest(@PathVariable String id, @RequestParam(required = false) String title,
			@RequestParam(required = false) String description, Authentication caller, Model model,
			RedirectAttributes redirect, Locale locale, HttpServletResponse response) {
		Project project = member(id, caller);
		try {
			projectsApi.dataRequest(id, new ProjectsController.DataRequestBody(title == null ? "" : title,
					description), caller);
			messages.notice(redirect, "access.notice.dataRequested", locale, title.strip());
			return "redirect:/projects/" + project.id() + "/datasets#data-requests-heading";
		}
		catch (ProblemException e) {
			Map<String, String> errors = errors(e, "title", locale);
			response.setStatus(e.status().value());
			return page(project, null, Map.of(), new DataRequestForm(title, description), errors, model);
		}
	}

	/**
	 * A refusal's words, by field; one about no field in particular (the dataset does not exist) is said next to
	 * {@code field}. A refusal of the caller's right is the 403 page.
	 */
	private Map<String, String> errors(ProblemException e, String field, Locale locale) {
		if (e.status() == HttpStatus.FORBIDDEN) {
			throw e;
		}
		Map<String, String> errors = new LinkedHashMap<>(messages.fieldErrors(e, locale));
		if (errors.isEmpty()) {
			errors.put(field, messages.text("access.error." + field + "." + e.code(), locale));
		}
		return errors;
	}

	private String page(Project project, String dataset, Map<String, String> linkErrors, DataRequestForm request,
			Map<String, String> requestErrors, Model model) {
		model.addAttribute("project", project);
		Map<UUID, String> titles = projectPages.titles(project.datasetIds());
		model.addAttribute("datasets", project.datasetIds().stream()
				.map(d -> Map.entry(d, titles.getOrDefault(d, d.toString()))).toList());
		model.addAttribute("dataset", dataset);
		model.addAttribute("linkErrors", linkErrors);
		model.addAttribute("requestForm", request);
		model.addAttribute("requestErrors", requestErrors);
		model.addAttribute("dataRequests", projects.dataRequestsOf(project.id(), 200));
		model.addAttribute("section", "projects");
		return "access/project-datasets";
	}

	/** The dataset field: an id, or the address of the dataset's page; anything else goes as is, for the API to refuse. */
	private static String datasetId(String value) {
		if (value == null) {
			return null;
		}
		Matcher address = DATASET_ADDRESS.matcher(value.strip());
		return address.find() ? address.group(1) : value;
	}

	private Project member(String id, Authentication caller) {
		Project project = projectsApi.find(id);
		rules.checkMember(caller, project);
		return project;
	}
}
