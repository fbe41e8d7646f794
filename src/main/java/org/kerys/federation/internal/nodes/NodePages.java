package org.kerys.federation.internal.nodes;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.kerys.federation.internal.harvest.HarvestJobs;
import org.kerys.federation.internal.harvest.JobRows;
import org.kerys.identity.OrganizationNames;
import org.kerys.platform.PortalPage;
import org.kerys.platform.ProblemException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The administration pages of producer nodes ({@code /admin/nodes}, administrators signed in; the rule is in
 * {@code SecurityConfiguration}): the registered nodes, and one node with its latest harvest jobs and integration
 * requests, their errors and the tries to deliver their reports. Nodes are registered and revoked with the API
 * ({@code /api/admin/nodes}), whose answer carries the secret.
 */
@Controller
@PortalPage
class NodePages {

	private final NodeRegistry registry;
	private final IntegrationRequests requests;
	private final OrganizationNames organizationNames;
	private final JsonMapper json;
	private final HarvestJobs jobs;

	NodePages(NodeRegistry registry, IntegrationRequests requests, OrganizationNames organizationNames,
			JsonMapper json, HarvestJobs jobs) {
		this.registry = registry;
		this.requests = requests;
		this.organizationNames = organizationNames;
		this.json = json;
		this.jobs = jobs;
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

	@GetMapping("/admin/nodes")
	String nodes(Model model, Locale locale) {
		List<Node> nodes = registry.list();
		Map<UUID, String> names = names(nodes);
		model.addAttribute("section", "admin");
		model.addAttribute("nodes", nodes.stream().map(n -> row(n, names, locale)).toList());
		return "admin/nodes";
	}

	@GetMapping("/admin/nodes/{id}")
	String node(@PathVariable String id, Model model, Locale locale) {
		Node node;
		try {
			node = registry.get(UUID.fromString(id));
		}
		catch (IllegalArgumentException e) {
			throw ProblemException.notFound("KRS-404-NODE", "No node " + id + ".");
		}
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
		model.addAttribute("jobs", JobRows.of(jobs.recent(node.id(), 20), locale));
		return "admin/node";
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
