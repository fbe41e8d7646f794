package org.kerys.federation.internal.harvest;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

import org.kerys.federation.internal.FieldChecks;
import org.kerys.identity.OrganizationNames;
import org.kerys.platform.ProblemException;
import org.kerys.platform.ProblemException.FieldError;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;

/**
 * What administrators do with harvest sources: create one (checked whole, every problem at once, nothing written when
 * one is found), approve it, delete it.
 */
@Service
class SourceRegistry {

	private static final Set<String> FIELDS = Set.of("type", "url", "organization_id", "schedule",
			"allow_private_network");

	private final HarvestSources sources;
	private final HarvestJobs jobs;
	private final HarvestStates states;
	private final HarvestedDatasets harvested;
	private final OrganizationNames organizations;

	SourceRegistry(HarvestSources sources, HarvestJobs jobs, HarvestStates states, HarvestedDatasets harvested,
			OrganizationNames organizations) {
		this.sources = sources;
		this.jobs = jobs;
		this.states = states;
		this.harvested = harvested;
		this.organizations = organizations;
	}

	/**
	 * 400 with field errors: unknown field (ERR-102); {@code type} missing (ERR-202) or not one of ckan, dcat,
	 * opendatasoft, rudi (ERR-302); {@code url} missing (ERR-202) or not an absolute http(s) URL without credentials
	 * or fragment (ERR-201); {@code organization_id} missing (ERR-202), not a UUID (ERR-201), not an organisation of
	 * the catalogue (ERR-303); {@code schedule} not a cron expression (ERR-201); {@code allow_private_network} not a
	 * boolean (ERR-201). 409 KRS-409-HARVEST-SOURCE when a source of that type and URL exists.
	 */
	@Transactional
	HarvestSource create(JsonNode body, String actor) {
		List<FieldError> errors = new ArrayList<>();
		FieldChecks.object(body, FIELDS, errors);
		String type = type(body.get("type"), errors);
		String url = FieldChecks.url(body.get("url"), "url", "The address of the catalogue.", true, errors);
		UUID organization = organization(body.get("organization_id"), errors);
		String schedule = FieldChecks.schedule(body.get("schedule"), "schedule", errors);
		boolean allowPrivate = FieldChecks.flag(body.get("allow_private_network"), "allow_private_network", errors);
		if (!errors.isEmpty()) {
			throw new ProblemException(HttpStatus.BAD_REQUEST, errors.get(0).code(), "The harvest source is invalid.",
					errors);
		}
		UUID id = UUID.randomUUID();
		if (!sources.insert(id, type, url, organization, schedule, allowPrivate, actor)) {
			throw new ProblemException(HttpStatus.CONFLICT, "KRS-409-HARVEST-SOURCE",
					"A " + type + " source at " + url + " exists already.");
		}
		return sources.find(id).orElseThrow();
	}

	HarvestSource get(UUID id) {
		return sources.find(id)
				.orElseThrow(() -> ProblemException.notFound("KRS-404-HARVEST-SOURCE", "No harvest source " + id + "."));
	}

	List<HarvestSource> list() {
		return sources.list();
	}

	@Transactional
	HarvestSource approve(UUID id, String actor) {
		get(id);
		sources.approve(id, actor);
		return get(id);
	}

	/**
	 * Deletes a source with its jobs; the datasets it harvested stay in the catalogue (a source created again at the
	 * same address finds them again). 409 KRS-409-HARVEST-RUNNING while one of its jobs runs.
	 */
	@Transactional
	void delete(UUID id) {
		get(id);
		if (!jobs.recent(id, 1).stream().filter(j -> HarvestJob.RUNNING.equals(j.status())).toList().isEmpty()) {
			throw new ProblemException(HttpStatus.CONFLICT, "KRS-409-HARVEST-RUNNING",
					"A harvest of this source is running; wait for it to end.");
		}
		jobs.deleteOf(id);
		states.forget(id);
		harvested.forgetAll(id);
		sources.delete(id);
	}

	private static String type(JsonNode value, List<FieldError> errors) {
		if (value == null || value.isNull()) {
			errors.add(new FieldError("ERR-202", "type", "ckan, dcat, opendatasoft or rudi."));
			return null;
		}
		String type = value.isString() ? value.stringValue().strip().toLowerCase(Locale.ROOT) : "";
		if (!CatalogueReaders.TYPES.contains(type)) {
			errors.add(new FieldError("ERR-302", "type", "ckan, dcat, opendatasoft or rudi."));
			return null;
		}
		return type;
	}

	private UUID organization(JsonNode value, List<FieldError> errors) {
		if (value == null || value.isNull()) {
			errors.add(new FieldError("ERR-202", "organization_id", "The organisation the datasets are published for."));
			return null;
		}
		UUID id;
		try {
			id = UUID.fromString(value.isString() ? value.stringValue() : "");
		}
		catch (IllegalArgumentException e) {
			errors.add(new FieldError("ERR-201", "organization_id", "An organisation id (UUID)."));
			return null;
		}
		if (!organizations.exists(id)) {
			errors.add(new FieldError("ERR-303", "organization_id", "No organisation " + id + " in the catalogue."));
		}
		return id;
	}
}
