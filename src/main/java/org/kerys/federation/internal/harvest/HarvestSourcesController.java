package org.kerys.federation.internal.harvest;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** Administrators create, approve, run, inspect and delete harvest sources (the rule is in {@code SecurityConfiguration}). */
@RestController
@RequestMapping(path = "/api/admin/harvest-sources", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Harvesting", description = "Harvest RUDI nodes and other catalogues; harvest jobs")
class HarvestSourcesController {

	private final SourceRegistry registry;
	private final Harvester harvester;
	private final HarvestJobs jobs;

	HarvestSourcesController(SourceRegistry registry, Harvester harvester, HarvestJobs jobs) {
		this.registry = registry;
		this.harvester = harvester;
		this.jobs = jobs;
	}

	/** A source with its latest jobs. */
	record SourceView(@JsonUnwrapped HarvestSource source, List<HarvestJob> jobs) {
	}

	@PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Create a harvest source", description = """
			Administrators only. Body {"type": "ckan"|"dcat"|"opendatasoft"|"rudi", "url", "organization_id" (the \
			producer of its datasets, an organisation of the catalogue), "schedule" (cron or null), \
			"allow_private_network" (default false)}. Answers 201 with the source, state "pending": an administrator \
			approves it before it runs. 400 with every problem and its code (ERR-101 not an object, ERR-102 unknown \
			field, ERR-202 missing, ERR-201 bad URL, UUID or cron, ERR-302 unknown type, ERR-303 unknown \
			organisation); 409 KRS-409-HARVEST-SOURCE when a source of that type and URL exists.""")
	ResponseEntity<HarvestSource> create(@RequestBody(required = false) JsonNode body, Authentication caller) {
		HarvestSource source = registry.create(body, caller.getName());
		return ResponseEntity.created(URI.create("/api/admin/harvest-sources/" + source.id())).body(source);
	}

	@GetMapping
	@Operation(summary = "The harvest sources", description = "Administrators only; newest first.")
	List<HarvestSource> list() {
		return registry.list();
	}

	@GetMapping("/{id}")
	@Operation(summary = "A harvest source and its latest jobs", description = """
			Administrators only. The source and its 20 latest jobs (without their errors: GET /api/admin/jobs/{job_id}). \
			404 KRS-404-HARVEST-SOURCE.""")
	SourceView get(@PathVariable String id) {
		HarvestSource source = registry.get(uuid(id));
		return new SourceView(source, jobs.recent(source.id(), HarvestController.RECENT));
	}

	@PostMapping("/{id}/approve")
	@Operation(summary = "Approve a harvest source", description = """
			Administrators only. The source may run from now on (by hand and on its schedule). Again is fine. \
			404 KRS-404-HARVEST-SOURCE.""")
	HarvestSource approve(@PathVariable String id, Authentication caller) {
		return registry.approve(uuid(id), caller.getName());
	}

	@PostMapping("/{id}/run")
	@Operation(summary = "Harvest a source now", description = """
			Administrators only. Answers 202 {"job_id"}; follow it at GET /api/admin/jobs/{job_id}. An incremental \
			harvest unless full=true (see POST /api/admin/nodes/{id}/harvest). 404 KRS-404-HARVEST-SOURCE; 409 \
			KRS-409-SOURCE-PENDING (not approved), KRS-409-HARVEST-RUNNING.""")
	ResponseEntity<HarvestController.Started> run(@PathVariable String id,
			@Parameter(description = "harvest the whole catalogue (and remove what it no longer lists)")
			@RequestParam(defaultValue = "false") boolean full, Authentication caller, Locale locale) {
		HarvestSource source = registry.get(uuid(id));
		return HarvestController.accepted(harvester.start(source.origin(), full, "manual", caller.getName(), locale));
	}

	@DeleteMapping("/{id}")
	@Operation(summary = "Delete a harvest source", description = """
			Administrators only. The source and its jobs are deleted; the datasets it harvested stay in the catalogue. \
			204; 404 KRS-404-HARVEST-SOURCE; 409 KRS-409-HARVEST-RUNNING while it runs.""")
	ResponseEntity<Void> delete(@PathVariable String id) {
		registry.delete(uuid(id));
		return ResponseEntity.noContent().build();
	}

	private static UUID uuid(String id) {
		return HarvestController.uuid(id, "KRS-404-HARVEST-SOURCE", "harvest source");
	}
}
