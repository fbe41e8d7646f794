package org.kerys.federation.internal.upstream;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.kerys.platform.ProblemException;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * Node mode, over HTTP: the upstream portal delivers its integration reports here, at the addresses a RUDI node
 * offers ({@code PUT /api/v1/resources/{id}/report}, {@code /api/v1/organizations/{id}/report}; only the upstream, with
 * a token it signed: the rule is in {@code SecurityConfiguration}); administrators see what was pushed.
 */
@RestController
// a command (import, reindex…) runs without the web application, and without the backfill it offers
@ConditionalOnWebApplication
@Tag(name = "Node mode", description = "Kerys as a producer node of an upstream RUDI portal")
class UpstreamController {

	/** How many pushed datasets the admin views list. */
	static final int LIMIT = 500;

	private final UpstreamReports reports;
	private final UpstreamDatasets datasets;
	private final UpstreamSettings settings;
	private final UpstreamBackfill backfill;
	private final UpstreamSyncs syncs;

	UpstreamController(UpstreamReports reports, UpstreamDatasets datasets, UpstreamSettings settings,
			UpstreamBackfill backfill, UpstreamSyncs syncs) {
		this.reports = reports;
		this.datasets = datasets;
		this.settings = settings;
		this.backfill = backfill;
		this.syncs = syncs;
	}

	@PutMapping(path = "/api/v1/resources/{globalId}/report", consumes = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Receive the upstream portal's integration report on a pushed dataset", description = """
			The upstream portal only, with a JWT it signed (checked against its JWKS, with this Kerys' client id in \
			aud; 401 KRS-401-TOKEN otherwise). Body: RUDI ResourceIntegrationReport (report_id, resource_id, \
			integration_status OK|KO, …). 202 when stored; 400 with the field's RUDI code when malformed; 404 ERR-104 \
			for a dataset this Kerys never pushed.""")
	ResponseEntity<Void> resourceReport(@PathVariable String globalId, @RequestBody(required = false) JsonNode body) {
		reports.resource(uuid(globalId), body);
		return ResponseEntity.status(HttpStatus.ACCEPTED).build();
	}

	@PutMapping(path = "/api/v1/organizations/{organizationId}/report", consumes = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Receive the upstream portal's integration report on a pushed organisation", description = """
			As for datasets, with organization_id; 404 KRS-404-UPSTREAM-ORGANIZATION for an organisation this Kerys \
			never pushed.""")
	ResponseEntity<Void> organizationReport(@PathVariable String organizationId,
			@RequestBody(required = false) JsonNode body) {
		reports.organization(uuid(organizationId), body);
		return ResponseEntity.status(HttpStatus.ACCEPTED).build();
	}

	/** Node mode's settings (never the secret), the last backfill, the pushed datasets per state, and the latest. */
	record Overview(@JsonProperty("upstream_url") String url, @JsonProperty("client_id") String clientId,
			@JsonProperty("organization_ids") List<UUID> organizationIds, boolean enabled, UpstreamSyncs.Sync sync,
			Map<String, Long> states, List<UpstreamDatasets.Pushed> datasets) {
	}

	@GetMapping(path = "/api/admin/upstream", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "What this Kerys pushed to its upstream portal", description = """
			Administrators only. The node-mode settings (never the secret); sync: the last backfill ("push \
			everything", null if none ran) {"status": "running"|"succeeded"|"failed", "trigger": "startup"|"manual", \
			"requested_by", "total" (datasets in the catalogue), "scanned", "queued", "unchanged", "deletions", \
			"reason", "started_at", "updated_at", "finished_at"}; states: how many pushed datasets are in each state; \
			datasets: the pushed datasets, most recently changed first (500 at most): what the upstream must end up \
			with (action save|delete), state (pending, sent, ok, ko, failed), tries, last error, the last send \
			(method, request_id the upstream answered, sent_at) and the upstream's latest report, whole.""")
	Overview overview() {
		return new Overview(settings.url(), settings.clientId(), settings.organizationIds(), settings.enabled(),
				syncs.last().orElse(null), datasets.countsByState(), datasets.list(LIMIT));
	}

	@PostMapping(path = "/api/admin/upstream/sync", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Push everything to the upstream portal again", description = """
			Administrators only. Starts a backfill in the background: every dataset of the configured organisations \
			that the upstream does not have as it is (never sent, changed since, or refused by it: ko, failed) is \
			queued and sent; a dataset sent before and unchanged is not sent again; the pushed datasets deleted or \
			moved to another producer meanwhile are deleted upstream. Kerys runs it by itself at start-up when node \
			mode's configuration is new. Answers 202 with the run as in GET /api/admin/upstream (sync); follow it there. \
			409 KRS-409-UPSTREAM-OFF (node mode is not configured), KRS-409-UPSTREAM-SYNC-RUNNING (one is running).""")
	ResponseEntity<UpstreamSyncs.Sync> sync(Authentication caller) {
		if (!backfill.start(UpstreamBackfill.MANUAL, caller.getName())) {
			throw new ProblemException(HttpStatus.CONFLICT, "KRS-409-UPSTREAM-SYNC-RUNNING",
					"A backfill is running already; follow it at GET /api/admin/upstream.");
		}
		return ResponseEntity.status(HttpStatus.ACCEPTED).location(URI.create("/api/admin/upstream"))
				.body(syncs.last().orElse(null));
	}

	private static UUID uuid(String value) {
		try {
			UUID id = UUID.fromString(value);
			if (id.toString().equalsIgnoreCase(value)) {
				return id;
			}
		}
		catch (IllegalArgumentException e) {
			// below
		}
		throw new ProblemException(HttpStatus.BAD_REQUEST, "ERR-201", "The id must be a UUID.",
				List.of(new ProblemException.FieldError("ERR-201", "id", "Expected a UUID.")));
	}
}
