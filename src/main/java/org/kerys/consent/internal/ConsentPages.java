package org.kerys.consent.internal;

import static org.kerys.consent.internal.TreatmentPages.id;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.UnaryOperator;

import jakarta.servlet.http.HttpServletResponse;
import org.kerys.access.ProjectDirectory;
import org.kerys.access.ProjectDirectory.ProjectInfo;
import org.kerys.consent.internal.ConsentRequests.ConsentRequest;
import org.kerys.consent.internal.ConsentService.ConsentView;
import org.kerys.consent.internal.ConsentService.RequestView;
import org.kerys.consent.internal.TreatmentPages.Option;
import org.kerys.platform.KerysProperties;
import org.kerys.platform.PageWords;
import org.kerys.platform.PageWords.FieldsSaid;
import org.kerys.platform.PortalPage;
import org.kerys.platform.ProblemException;
import org.springframework.context.MessageSource;
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
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The consent pages, without JavaScript: the consent request screen a citizen answers (who asks, why, for how long,
 * which data, then "I consent" or "No thanks"), "My consents" (live, renewal asked, history, withdraw, export), a
 * receipt for people, and a project's side (its requests, their share links, ask and close). Every rule is
 * {@link ConsentService}'s and {@link ConsentRules}': a page turns a form into its JSON body and a problem into
 * words.
 */
@Controller
@PortalPage
class ConsentPages {

	private final ConsentService consents;
	private final TreatmentService treatments;
	private final ConsentRules rules;
	private final ProjectDirectory projects;
	private final String baseUrl;
	private final PageWords words;

	ConsentPages(ConsentService consents, TreatmentService treatments, ConsentRules rules, ProjectDirectory projects,
			KerysProperties properties, MessageSource messages) {
		this.consents = consents;
		this.treatments = treatments;
		this.rules = rules;
		this.projects = projects;
		this.baseUrl = properties.baseUrl();
		this.words = new PageWords(messages, "consent", UnaryOperator.identity(), FieldsSaid.NONE);
	}

	// ---------------------------------------------------------------- the consent request screen

	@GetMapping("/consent-requests/{id}")
	String request(@PathVariable String id, Authentication caller, Model model, Locale locale) {
		rules.requirePerson(caller);
		RequestView view = consents.request(id(id, "KRS-404-CONSENT-REQUEST"), caller);
		model.addAttribute("view", view);
		if (view.treatment() != null) {
			TreatmentText text = TreatmentText.of(view.treatment().content(), locale);
			model.addAttribute("text", text);
			model.addAttribute("duration", RetentionWords.duration(words, text.retentionDuration(), locale));
			model.addAttribute("until", TreatmentText.until(text.retentionDuration(), locale));
		}
		model.addAttribute("renewal", view.myConsent() != null && Consents.INVALIDATED.equals(view.myConsent().status())
				&& Boolean.TRUE.equals(view.canConsent()));
		model.addAttribute("shareLink", baseUrl + "/consent-requests/" + view.id());
		model.addAttribute("section", "account");
		return "consent/request";
	}

	@PostMapping("/consent-requests/{id}/consent")
	String consent(@PathVariable String id, @RequestParam(required = false) String version, Authentication caller,
			Locale locale, RedirectAttributes redirect) {
		rules.requirePerson(caller);
		RequestView view = consents.request(id(id, "KRS-404-CONSENT-REQUEST"), caller);
		ObjectNode body = JsonNodeFactory.instance.objectNode();
		body.put("treatment_id", view.treatmentId().toString());
		try {
			// the version the citizen read: if another was published since, the service refuses it (409)
			body.put("version", Integer.parseInt(version == null ? "" : version.strip()));
		}
		catch (NumberFormatException e) {
			body.putNull("version");
		}
		body.putObject("scope").put("dataset_id", view.datasetId().toString()).put("project_id",
				view.project().id().toString());
		try {
			ConsentView given = consents.give(body, caller);
			words.notice(redirect, "consent.notice.given", locale, view.project().title());
			redirect.addFlashAttribute("givenId", given.id());
			return "redirect:/consents";
		}
		catch (ProblemException e) {
			words.problem(redirect, e, locale);
			return "redirect:/consent-requests/" + view.id();
		}
	}

	// ---------------------------------------------------------------- my consents

	@GetMapping("/consents")
	String mine(Authentication caller, Model model, Locale locale) {
		List<ConsentView> all = consents.mine(caller, locale);
		model.addAttribute("live", all.stream().filter(ConsentPages::live).toList());
		model.addAttribute("renewal", all.stream().filter(ConsentView::renewalAsked).toList());
		model.addAttribute("history", all.stream().filter(c -> !live(c) && !c.renewalAsked()).toList());
		model.addAttribute("section", "account");
		return "consent/consents";
	}

	private static boolean live(ConsentView c) {
		return Consents.GIVEN.equals(c.status()) || Consents.RENEWED.equals(c.status());
	}

	@PostMapping("/consents/{id}/withdraw")
	String withdraw(@PathVariable String id, Authentication caller, Locale locale, RedirectAttributes redirect) {
		UUID consent = id(id, "KRS-404-CONSENT");
		try {
			ConsentView withdrawn = consents.withdraw(consent, caller);
			words.notice(redirect, "consent.notice.withdrawn", locale, withdrawn.projectTitle());
		}
		catch (ProblemException e) {
			if (e.status().value() == 404) {
				throw e;
			}
			words.problem(redirect, e, locale);
		}
		return "redirect:/consents";
	}

	@GetMapping(path = "/consents/export.json", produces = MediaType.APPLICATION_JSON_VALUE)
	ResponseEntity<Map<String, Object>> export(Authentication caller) {
		return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON)
				.header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"my-consents.json\"")
				.body(new LinkedHashMap<>(consents.export(caller)));
	}

	// ---------------------------------------------------------------- a receipt, for people

	/** A line of a receipt's table: the field's words and its value written out. */
	record Line(String field, String label, String value) {
	}

	private static final List<String> KANTARA = List.of("version", "consentReceiptID", "jurisdiction",
			"consentTimestamp", "collectionMethod", "piiPrincipalId", "piiControllers", "policyUrl", "services",
			"sensitive", "publicKey", "language");

	@GetMapping("/consents/{id}/receipt")
	String receipt(@PathVariable String id, @RequestParam(required = false) String event, Authentication caller,
			Model model, Locale locale) {
		UUID consent = id(id, "KRS-404-CONSENT");
		Map<String, Object> receipt = consents.receipt(consent,
				event == null || event.isBlank() ? null : id(event, "KRS-404-CONSENT-EVENT"), caller);
		ConsentView view = consents.mine(consent, caller, locale);
		List<Line> record = new ArrayList<>();
		JsonNode consentRecord = (JsonNode) receipt.get("consent_record");
		consentRecord.propertyNames().forEach(name -> record.add(new Line(name,
				words.text("consent.record." + name, locale), readable(consentRecord.path(name), locale))));
		List<Line> kantara = new ArrayList<>();
		JsonNode kantaraReceipt = (JsonNode) receipt.get("kantara_receipt");
		for (String name : KANTARA) {
			if (kantaraReceipt.has(name)) {
				kantara.add(new Line(name, name, readable(kantaraReceipt.path(name), locale)));
			}
		}
		model.addAttribute("consent", view);
		model.addAttribute("receipt", receipt);
		model.addAttribute("record", record);
		model.addAttribute("kantara", kantara);
		model.addAttribute("verifyUrl", baseUrl + "/api/consents/verify");
		model.addAttribute("jwksUrl", baseUrl + "/.well-known/jwks.json");
		model.addAttribute("section", "account");
		return "consent/receipt";
	}

	/** A JSON value written for people: a text in the page's language, lists and objects spelt out. */
	static String readable(JsonNode node, Locale locale) {
		if (node == null || node.isMissingNode() || node.isNull()) {
			return "";
		}
		if (node.isValueNode()) {
			return node.asString("");
		}
		if (node.isArray()) {
			List<String> items = new ArrayList<>();
			node.values().forEach(item -> items.add(readable(item, locale)));
			return String.join(" ; ", items);
		}
		if (!node.isEmpty() && Set.of("fr", "en").containsAll(node.propertyNames())) {
			return TreatmentContent.in(node, locale);
		}
		List<String> parts = new ArrayList<>();
		node.propertyNames().forEach(name -> parts.add(name + " : " + readable(node.path(name), locale)));
		return String.join(", ", parts);
	}

	// ---------------------------------------------------------------- a project's requests

	/** A project's request as its members see it: the treatment and dataset by name, the share link. */
	record ProjectRequestRow(ConsentRequest request, String treatmentTitle, Integer version, String datasetTitle,
			String shareLink) {
	}

	@GetMapping("/projects/{id}/consent-requests")
	String projectRequests(@PathVariable String id, Authentication caller, Model model, Locale locale) {
		ProjectInfo project = member(id, caller);
		return projectPage(project, Map.of("treatment_id", "", "dataset_id", "", "message", ""), Map.of(), null,
				caller, model, locale);
	}

	@PostMapping("/projects/{id}/consent-requests")
	String ask(@PathVariable String id, @RequestParam Map<String, String> posted, Authentication caller, Model model,
			Locale locale, RedirectAttributes redirect, HttpServletResponse response) {
		ProjectInfo project = member(id, caller);
		Map<String, String> values = new LinkedHashMap<>();
		ObjectNode body = JsonNodeFactory.instance.objectNode();
		for (String field : List.of("treatment_id", "dataset_id", "message")) {
			String value = posted.getOrDefault(field, "").strip();
			values.put(field, value);
			if (!value.isEmpty()) {
				body.put(field, value);
			}
		}
		try {
			consents.ask(project.id(), body, caller);
			words.notice(redirect, "consent.notice.asked", locale);
			return "redirect:/projects/" + project.id() + "/consent-requests";
		}
		catch (ProblemException e) {
			PageWords.rethrowRefusal(e);
			response.setStatus(e.status().value());
			Map<String, String> errors = new LinkedHashMap<>(words.fieldErrors(e, locale));
			String field = switch (e.code()) {
				case "ERR-404", "KRS-422-CONSENT-DATASET" -> "dataset_id";
				case "KRS-404-TREATMENT", "KRS-422-CONSENT-CONTROLLER", "KRS-409-TREATMENT-UNPUBLISHED" -> "treatment_id";
				default -> null;
			};
			if (field != null) {
				errors.putIfAbsent(field, words.problem(e, locale));
			}
			return projectPage(project, values, errors, words.problem(e, locale), caller, model, locale);
		}
	}

	@PostMapping("/projects/{id}/consent-requests/{requestId}/close")
	String close(@PathVariable String id, @PathVariable String requestId, Authentication caller, Locale locale,
			RedirectAttributes redirect) {
		ProjectInfo project = member(id, caller);
		UUID request = id(requestId, "KRS-404-CONSENT-REQUEST");
		if (consents.requestsOf(project.id(), caller).stream().noneMatch(r -> r.id().equals(request))) {
			throw ProblemException.notFound("KRS-404-CONSENT-REQUEST", "No such request of this project.");
		}
		consents.close(request, caller);
		words.notice(redirect, "consent.notice.closed", locale);
		return "redirect:/projects/" + project.id() + "/consent-requests";
	}

	/** The project, for one of its members (404 when there is none, 403 for anyone else). */
	private ProjectInfo member(String id, Authentication caller) {
		rules.requirePerson(caller);
		UUID projectId = id(id, "KRS-404-PROJECT");
		ProjectInfo project = projects.project(projectId)
				.orElseThrow(() -> ProblemException.notFound("KRS-404-PROJECT", "No project " + projectId + "."));
		ConsentRules.check(rules.isProjectMember(caller, projectId), "KRS-403-PROJECT",
				"Only a member of the project asks citizens for their data.");
		return project;
	}

	private String projectPage(ProjectInfo project, Map<String, String> values, Map<String, String> errors,
			String problem, Authentication caller, Model model, Locale locale) {
		List<ProjectRequestRow> rows = new ArrayList<>();
		for (ConsentRequest r : consents.requestsOf(project.id(), caller)) {
			RequestView view = consents.request(r.id(), caller);
			rows.add(new ProjectRequestRow(r,
					view.treatment() == null ? "" : TreatmentContent.in(view.treatment().content().path("title"), locale),
					view.treatment() == null ? null : view.treatment().version(), view.datasetTitle(),
					baseUrl + "/consent-requests/" + r.id()));
		}
		List<Option> published = project.ownerOrganizationId() == null ? List.of()
				: treatments.list(project.ownerOrganizationId(), 200, 0, caller).stream()
						.filter(t -> t.published() != null)
						.map(t -> new Option(t.id().toString(),
								words.text("consent.project.treatmentOption", locale,
										TreatmentContent.in(t.published().content().path("title"), locale),
										t.published().version())))
						.toList();
		model.addAttribute("project", project);
		model.addAttribute("requests", rows);
		model.addAttribute("published", published);
		model.addAttribute("values", values);
		model.addAttribute("errors", errors);
		if (problem != null) {
			model.addAttribute("problem", problem);
		}
		model.addAttribute("section", "projects");
		return "consent/project-requests";
	}
}
