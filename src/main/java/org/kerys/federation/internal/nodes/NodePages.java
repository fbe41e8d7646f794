package org.kerys.federation.internal.nodes;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.kerys.federation.internal.harvest.HarvestJob;
import org.kerys.federation.internal.harvest.HarvestJobs;
import org.kerys.federation.internal.harvest.JobRows;
import org.kerys.identity.OrganizationNames;
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
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The administration pages of producer nodes ({@code /admin/nodes}, administrators signed in; the rule is in
 * {@code SecurityConfiguration}): the registered nodes and a form to register one, and one node with its latest
 * problems, harvest jobs and integration requests, their errors and the tries to deliver their reports, where it is
 * revoked or given new credentials. Every change is a form posted then redirected (the outcome travels as a flash
 * attribute; a client secret only so, shown once); the rules are those of the API, in {@link NodeRegistry}.
 */
@Controller
@PortalPage
class NodePages {

	/** At most this many organisations are offered in the registration form (by name). */
	static final int CHOICES = 1000;

	private final NodeRegistry registry;
	private final IntegrationRequests requests;
	private final OrganizationNames organizationNames;
	private final JsonMapper json;
	private final HarvestJobs jobs;
	private final NodeActivity activity;
	private final MessageSource messages;

	NodePages(NodeRegistry registry, IntegrationRequests requests, OrganizationNames organizationNames,
			JsonMapper json, HarvestJobs jobs, NodeActivity activity, MessageSource messages) {
		this.registry = registry;
		this.requests = requests;
		this.organizationNames = organizationNames;
		this.json = json;
		this.jobs = jobs;
		this.activity = activity;
		this.messages = messages;
	}

	/** An organisation, named. */
	record OrganizationLink(UUID id, String name) {
	}

	/** A node as the pages show it. */
	record NodeRow(UUID id, String name, String url, String clientId, List<OrganizationLink> organizations,
			String schedule, boolean allowPrivateNetwork, String createdBy, String created, String revoked) {
	}

	/** A problem of a request: RUDI code, field, message. */
	record Problem(String code, String field, String message) {
	}

	/** A try to deliver a report. */
	record Try(int attempt, String at, Integer httpStatus, String error) {
	}

	/** An integration request as the node's page shows it. */
	record RequestRow(UUID id, String kind, String method, UUID targetId, String submitted, String status,
			String treated, String comment, List<Problem> problems, String reportState, int reportAttempts,
			String reportNext, String reportError, List<Try> tries) {
	}

	/** What the registration form keeps when it is shown again after a refusal. */
	record NodeForm(String name, String url, List<String> organizationIds, String harvestSchedule, String apiPrefix,
			boolean allowPrivateNetwork) {

		static final NodeForm EMPTY = new NodeForm(null, null, List.of(), null, null, false);
	}

	/** Credentials just issued (registration or renewal): the secret is shown this once. */
	record Issued(String name, String clientId, String secret, boolean renewed) {
	}

	/** A problem of the node, as its page lists it. */
	record ErrorRow(String at, String kind, UUID requestId, UUID targetId, UUID jobId, String code, String message) {
	}

	@GetMapping("/admin/nodes")
	String nodes(Model model, Locale locale) {
		List<Node> nodes = registry.list();
		Map<UUID, String> names = names(nodes);
		model.addAttribute("section", "admin");
		model.addAttribute("nodes", nodes.stream().map(n -> row(n, names, locale)).toList());
		model.addAttribute("choices", organizationNames.list(CHOICES, 0));
		if (!model.containsAttribute("nodeForm")) {
			model.addAttribute("nodeForm", NodeForm.EMPTY);
		}
		if (!model.containsAttribute("fieldErrors")) {
			model.addAttribute("fieldErrors", Map.of());
		}
		return "admin/nodes";
	}

	@PostMapping("/admin/nodes")
	String register(@RequestParam(required = false) String name, @RequestParam(required = false) String url,
			@RequestParam(name = "organization_ids", required = false) List<String> organizationIds,
			@RequestParam(name = "harvest_schedule", required = false) String schedule,
			@RequestParam(name = "api_prefix", required = false) String apiPrefix,
			@RequestParam(name = "allow_private_network", required = false) String allowPrivateNetwork,
			Authentication caller, Locale locale, RedirectAttributes redirect) {
		List<String> organizations = organizationIds == null ? List.of()
				: organizationIds.stream().filter(o -> o != null && !o.isBlank()).toList();
		boolean allowPrivate = "true".equals(allowPrivateNetwork);
		// the API's body, so that the form follows exactly the API's rules; an empty optional field is left out
		ObjectNode body = json.createObjectNode();
		body.put("name", name == null ? "" : name);
		body.put("url", url == null ? "" : url);
		ArrayNode ids = body.putArray("organization_ids");
		organizations.forEach(ids::add);
		if (schedule != null && !schedule.isBlank()) {
			body.put("harvest_schedule", schedule);
		}
		if (apiPrefix != null && !apiPrefix.isBlank()) {
			body.put("api_prefix", apiPrefix);
		}
		body.put("allow_private_network", allowPrivate);
		try {
			NodeRegistry.Registered registered = registry.register(body, caller.getName());
			redirect.addFlashAttribute("issued", new Issued(registered.node().name(), registered.node().clientId(),
					registered.clientSecret(), false));
			redirect.addFlashAttribute("notice", message("admin.nodes.registered", locale, registered.node().name()));
			return "redirect:/admin/nodes/" + registered.node().id();
		}
		catch (ProblemException e) {
			redirect.addFlashAttribute("nodeForm",
					new NodeForm(name, url, organizations, schedule, apiPrefix, allowPrivate));
			failed(e, locale, redirect);
			return "redirect:/admin/nodes#register-heading";
		}
	}

	@PostMapping("/admin/nodes/{id}/revoke")
	String revoke(@PathVariable String id, Authentication caller, Locale locale, RedirectAttributes redirect) {
		Node node = node(id);
		registry.revoke(node.id(), caller.getName());
		redirect.addFlashAttribute("notice", message("admin.nodes.revoked", locale, node.name()));
		return "redirect:/admin/nodes/" + node.id();
	}

	@PostMapping("/admin/nodes/{id}/secret")
	String renew(@PathVariable String id, Authentication caller, Locale locale, RedirectAttributes redirect) {
		Node node = node(id);
		try {
			NodeRegistry.Registered renewed = registry.renew(node.id(), caller.getName());
			redirect.addFlashAttribute("issued",
					new Issued(node.name(), renewed.node().clientId(), renewed.clientSecret(), true));
		}
		catch (ProblemException e) {
			failed(e, locale, redirect);
		}
		return "redirect:/admin/nodes/" + node.id();
	}

	@GetMapping("/admin/nodes/{id}")
	String node(@PathVariable String id, Model model, Locale locale) {
		Node node = node(id);
		List<RequestRow> rows = new ArrayList<>();
		for (IntegrationRequests.Summary r : requests.recent(node.id(), NodesController.RECENT)) {
			List<Problem> problems = new ArrayList<>();
			for (JsonNode error : json.readTree(r.errors())) {
				problems.add(new Problem(error.path("error_code").asString(), error.path("field_name").asString(),
						error.path("error_message").asString()));
			}
			List<Try> tries = requests.attempts(r.id()).stream()
					.map(a -> new Try(a.attempt(), format(a.triedAt(), locale), a.httpStatus(), a.error())).toList();
			rows.add(new RequestRow(r.id(), r.kind(), r.method(), r.targetId(), format(r.submittedAt(), locale),
					r.status(), format(r.treatedAt(), locale), r.comment(), problems, r.reportState(),
					r.reportAttempts(), format(r.reportNextAt(), locale), r.reportError(), tries));
		}
		model.addAttribute("section", "admin");
		model.addAttribute("node", row(node, names(List.of(node)), locale));
		model.addAttribute("requests", rows);
		List<HarvestJob> harvests = jobs.recent(node.id(), NodesController.RECENT_JOBS);
		model.addAttribute("jobs", JobRows.of(harvests, locale));
		model.addAttribute("lastErrors", activity.lastErrors(node.id(), harvests, NodesController.LAST_ERRORS).stream()
				.map(e -> new ErrorRow(format(e.at(), locale), e.kind(), e.requestId(), e.targetId(), e.jobId(), e.code(),
						e.message()))
				.toList());
		return "admin/node";
	}

	private Node node(String id) {
		try {
			return registry.get(UUID.fromString(id));
		}
		catch (IllegalArgumentException e) {
			throw ProblemException.notFound("KRS-404-NODE", "No node " + id + ".");
		}
	}

	/** A refused change: a readable list for the top of the page, and each field's message for its input. */
	private void failed(ProblemException e, Locale locale, RedirectAttributes redirect) {
		List<String> problems = new ArrayList<>();
		Map<String, String> fieldErrors = new LinkedHashMap<>();
		if (e.errors().isEmpty()) {
			problems.add(messages.getMessage("admin.nodes.error." + e.code(), null, e.getMessage(), locale));
		}
		for (ProblemException.FieldError error : e.errors()) {
			String field = error.field().replaceAll("\\[.*", "");
			String text = messages.getMessage("admin.nodes.error." + error.code() + "." + field, null,
					messages.getMessage("admin.nodes.error." + error.code(), null, error.message(), locale), locale);
			problems.add(message("admin.problem", locale, messages.getMessage("admin.nodes.field." + field, null, field,
					locale), text));
			fieldErrors.putIfAbsent(field, text);
		}
		redirect.addFlashAttribute("problems", problems);
		redirect.addFlashAttribute("fieldErrors", fieldErrors);
	}

	private String message(String key, Locale locale, Object... arguments) {
		return messages.getMessage(key, arguments, locale);
	}

	private Map<UUID, String> names(List<Node> nodes) {
		Set<UUID> ids = new HashSet<>();
		nodes.forEach(n -> ids.addAll(n.organizationIds()));
		return organizationNames.names(ids);
	}

	private static NodeRow row(Node n, Map<UUID, String> names, Locale locale) {
		return new NodeRow(n.id(), n.name(), n.url(), n.clientId(),
				n.organizationIds().stream().map(o -> new OrganizationLink(o, names.getOrDefault(o, o.toString())))
						.toList(),
				n.harvestSchedule(), n.allowPrivateNetwork(), n.createdBy(), format(n.createdAt(), locale),
				format(n.revokedAt(), locale));
	}

	static String format(OffsetDateTime time, Locale locale) {
		return time == null ? null
				: DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM).withLocale(locale)
						.format(time.atZoneSameInstant(ZoneOffset.UTC)) + " UTC";
	}
}
