package org.kerys.federation.internal.harvest;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.kerys.platform.ProblemException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Administrators harvest a node now, and follow harvest jobs (the access rule is in {@code SecurityConfiguration}). */
@RestController
@Tag(name = "Harvesting", description = "Harvest RUDI nodes and other catalogues; harvest jobs")
class HarvestController {

	static final int RECENT = 20;

	private final Harvester harvester;
	private final HarvestOrigins origins;
	private final HarvestJobs jobs;

	HarvestController(Harvester harvester, HarvestOrigins origins, HarvestJobs jobs) {
		this.harvester = harvester;
		this.origins = origins;
		this.jobs = jobs;
	}

	record Started(@JsonProperty("job_id") UUID jobId) {
	}

	@PostMapping(path = "/api/admin/nodes/{id}/harvest", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Harvest a RUDI node now", description = """
			Administrators only. Starts a harvest of the node's RUDI producer API (GET {api}/resources, paged): what \
			changed since the last successful harvest, or the whole catalogue when full=true, on the first harvest, or \
			when the last full one is older than kerys.federation.harvest.full-every. Answers 202 {"job_id"}; follow it \
			at GET /api/admin/jobs/{job_id}. 404 KRS-404-NODE; 409 KRS-409-HARVEST-RUNNING (a harvest of this node is \
			running), KRS-409-NODE-REVOKED.""")
	ResponseEntity<Started> harvestNode(@PathVariable String id,
			@Parameter(description = "harvest the whole catalogue (and remove what it no longer lists)")
			@RequestParam(defaultValue = "false") boolean full, Authentication caller, Locale locale) {
		UUID nodeId = uuid(id, "KRS-404-NODE", "node");
		Origin origin = origins.node(nodeId)
				.orElseThrow(() -> ProblemException.notFound("KRS-404-NODE", "No node " + id + "."));
		return accepted(harvester.start(origin, full, "manual", caller.getName(), locale));
	}

	@GetMapping(path = "/api/admin/jobs/{jobId}", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "A harvest job", description = """
			Administrators only. {"job_id", "node_id" or "source_id", "status": "running"|"succeeded"|"failed", "full", \
			"modified_since", "trigger", "requested_by", "counts": {"created", "updated", "deleted", "rejected", \
			"unchanged"}, "pages", "errors": [{"remote_id", "global_id", "code", "field", "message"}] (the first \
			1000; error_count counts them all; the failure itself has no remote_id and code KRS-HARVEST-FAILED), \
			"reason" (why it failed), "started_at", "updated_at" (last progress), "finished_at"}. The counts grow while \
			it runs. 404 KRS-404-JOB.""")
	HarvestJob job(@PathVariable String jobId) {
		return jobs.find(uuid(jobId, "KRS-404-JOB", "job"))
				.orElseThrow(() -> ProblemException.notFound("KRS-404-JOB", "No harvest job " + jobId + "."));
	}

	@GetMapping(path = "/api/admin/jobs", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Recent harvest jobs", description = """
			Administrators only. The latest jobs (newest first, without their errors: see error_count), of one node \
			(node_id) or source (source_id), or of all. limit: 1 to 100 (default 20). 400 KRS-400-JOB-FILTER.""")
	List<HarvestJob> jobs(@RequestParam(name = "node_id", required = false) String nodeId,
			@RequestParam(name = "source_id", required = false) String sourceId,
			@RequestParam(required = false) Integer limit) {
		if (nodeId != null && sourceId != null) {
			throw ProblemException.badRequest("KRS-400-JOB-FILTER", "Either node_id or source_id, not both.");
		}
		if (limit != null && (limit < 1 || limit > 100)) {
			throw ProblemException.badRequest("KRS-400-JOB-FILTER", "limit: 1 to 100.");
		}
		String origin = nodeId != null ? nodeId : sourceId;
		UUID originId = null;
		if (origin != null) {
			try {
				originId = UUID.fromString(origin);
			}
			catch (IllegalArgumentException e) {
				throw ProblemException.badRequest("KRS-400-JOB-FILTER", "node_id and source_id are UUIDs.");
			}
		}
		return jobs.recent(originId, limit == null ? RECENT : limit);
	}

	static ResponseEntity<Started> accepted(UUID jobId) {
		return ResponseEntity.status(HttpStatus.ACCEPTED).location(URI.create("/api/admin/jobs/" + jobId))
				.body(new Started(jobId));
	}

	static UUID uuid(String value, String code, String what) {
		try {
			return UUID.fromString(value);
		}
		catch (IllegalArgumentException e) {
			throw ProblemException.notFound(code, "No " + what + " " + value + ".");
		}
	}
}
