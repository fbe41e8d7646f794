package org.kerys.federation.internal.nodes;

import java.net.URI;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.kerys.federation.internal.harvest.HarvestJob;
import org.kerys.federation.internal.harvest.HarvestJobs;
import org.kerys.platform.ProblemException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** Administrators register, list, inspect and revoke producer nodes (the access rule is in {@code SecurityConfiguration}). */
@RestController
@RequestMapping(path = "/api/admin/nodes", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Producer nodes", description = "RUDI producer nodes that push to Kerys")
class NodesController {

	/** How many of a node's latest integration requests its page shows. */
	static final int RECENT = 50;

	/** How many of a node's latest harvest jobs and problems its page and its API answer show. */
	static final int RECENT_JOBS = 20;
	static final int LAST_ERRORS = 10;

	private final NodeRegistry registry;
	private final IntegrationRequests requests;
	private final NodeActivity activity;
	private final HarvestJobs jobs;

	NodesController(NodeRegistry registry, IntegrationRequests requests, NodeActivity activity, HarvestJobs jobs) {
		this.registry = registry;
		this.requests = requests;
		this.activity = activity;
		this.jobs = jobs;
	}

	record Registered(UUID id, @JsonProperty("client_id") String clientId,
			@JsonProperty("client_secret") String clientSecret) {
	}

	/** A request with the tries to deliver its report. */
	record RequestView(@com.fasterxml.jackson.annotation.JsonUnwrapped IntegrationRequests.Summary request,
			@JsonProperty("report_delivery") List<IntegrationRequests.Attempt> attempts) {
	}

	record NodeView(@com.fasterxml.jackson.annotation.JsonUnwrapped Node node,
			@JsonProperty("integration_requests") List<RequestView> requests,
			@JsonProperty("harvest_jobs") List<HarvestJob> harvestJobs,
			@JsonProperty("last_errors") List<NodeActivity.LastError> lastErrors) {
	}

	@PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Register a RUDI producer node", description = """
			Administrators only. Body {"name", "url" (the node's API, e.g. https://node.example.org/api/v1), \
			"organization_ids": [...] (organisations of the catalogue), "harvest_schedule" (cron or null), \
			"allow_private_network" (default false)}. Answers 201 {"id", "client_id", "client_secret"}: the node's \
			OAuth2 client credentials, the secret shown this once. 400 with every problem and its code otherwise.""")
	ResponseEntity<Registered> register(@RequestBody(required = false) JsonNode body, Authentication caller) {
		NodeRegistry.Registered registered = registry.register(body, caller.getName());
		return ResponseEntity.created(URI.create("/api/admin/nodes/" + registered.node().id()))
				.body(new Registered(registered.node().id(), registered.node().clientId(), registered.clientSecret()));
	}

	@GetMapping
	@Operation(summary = "The registered nodes", description = "Administrators only; newest first, never a secret.")
	List<Node> list() {
		return registry.list();
	}

	@GetMapping("/{id}")
	@Operation(summary = "One node, with its latest integration requests, harvest jobs and errors", description = """
			Administrators only. The node; integration_requests: its 50 latest integration requests (status, errors, \
			report state and each try to deliver the report); harvest_jobs: its 20 latest harvest jobs, newest first, \
			as GET /api/admin/jobs lists them ({"job_id", "status": "running"|"succeeded"|"failed", "counts", \
			"error_count", "reason", "started_at", "finished_at", …}; the errors themselves at GET \
			/api/admin/jobs/{job_id}); last_errors: its 10 latest problems, newest first, each {"at", "kind": \
			"integration" (a refused request: request_id, target_id, code = its first RUDI code, message) | "report" \
			(a report that could not be delivered: request_id, target_id, message) | "harvest" (a failed harvest: \
			job_id, code KRS-HARVEST-FAILED, message = the reason)}, from its latest 1000 requests and 20 jobs. \
			404 KRS-404-NODE.""")
	NodeView get(@PathVariable String id) {
		Node node = registry.get(uuid(id));
		List<RequestView> recent = requests.recent(node.id(), RECENT).stream()
				.map(r -> new RequestView(r, requests.attempts(r.id()))).toList();
		List<HarvestJob> harvests = jobs.recent(node.id(), RECENT_JOBS);
		return new NodeView(node, recent, harvests, activity.lastErrors(node.id(), harvests, LAST_ERRORS));
	}

	@PostMapping("/{id}/secret")
	@Operation(summary = "Renew a node's credentials", description = """
			Administrators only. Issues a new OAuth2 client for the node (same organisations) and revokes the old one at \
			once: its tokens are refused from the next request. Answers 200 {"id", "client_id", "client_secret"}, the \
			secret shown this once; the node must be configured with both new values. 404 KRS-404-NODE; 409 \
			KRS-409-NODE-REVOKED.""")
	Registered renew(@PathVariable String id, Authentication caller) {
		NodeRegistry.Registered renewed = registry.renew(uuid(id), caller.getName());
		return new Registered(renewed.node().id(), renewed.node().clientId(), renewed.clientSecret());
	}

	@DeleteMapping("/{id}")
	@Operation(summary = "Revoke a node", description = """
			Administrators only. Its OAuth2 client is revoked (its tokens are refused from the next request) and it \
			can push no more; its history stays. Again is fine (204).""")
	ResponseEntity<Void> revoke(@PathVariable String id, Authentication caller) {
		registry.revoke(uuid(id), caller.getName());
		return ResponseEntity.noContent().build();
	}

	static UUID uuid(String value) {
		try {
			return UUID.fromString(value);
		}
		catch (IllegalArgumentException e) {
			throw ProblemException.notFound("KRS-404-NODE", "No node " + value + ".");
		}
	}
}
