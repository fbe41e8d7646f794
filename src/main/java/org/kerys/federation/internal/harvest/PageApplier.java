package org.kerys.federation.internal.harvest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.kerys.catalog.Catalog;
import org.kerys.catalog.DatasetRecord;
import org.kerys.catalog.Publications;
import org.kerys.federation.internal.harvest.HarvestJob.Counts;
import org.kerys.federation.internal.harvest.HarvestJob.HarvestError;
import org.kerys.identity.OrganizationNames;
import org.kerys.platform.ProblemException.FieldError;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Applies the records of one page to the catalogue, in the caller's transaction (one per page): each gets its Kerys
 * global id and producer, and is created, replaced, deleted, left as it was (the same content as last applied) or
 * rejected with its problems.
 */
@Component
class PageApplier {

	/** What a page (or a removal batch) did. */
	record Applied(Counts counts, List<HarvestError> errors) {
	}

	/** A record to create or replace. */
	private record Write(String remoteId, UUID globalId, String hash, ObjectNode metadata) {
	}

	/** The job applying, with what it needs of its origin. */
	record Run(UUID jobId, Origin origin, Locale locale) {

		String actor() {
			return "harvest:" + origin.kind() + ":" + origin.id();
		}
	}

	private final Publications publications;
	private final Catalog catalog;
	private final HarvestedDatasets harvested;
	private final OrganizationNames organizations;
	private final JsonMapper json;

	PageApplier(Publications publications, Catalog catalog, HarvestedDatasets harvested,
			OrganizationNames organizations, JsonMapper json) {
		this.publications = publications;
		this.catalog = catalog;
		this.harvested = harvested;
		this.organizations = organizations;
		this.json = json;
	}

	Applied apply(Run run, List<RemoteCatalogue.Entry> entries) {
		Origin origin = run.origin();
		Set<String> remoteIds = new HashSet<>();
		entries.forEach(e -> {
			if (e.remoteId() != null) {
				remoteIds.add(e.remoteId());
			}
		});
		Map<String, HarvestedDatasets.Known> known = harvested.find(origin.id(), remoteIds);
		// Whether a dataset still exists matters only for a record whose content is unchanged since it was applied
		// (a record never harvested is written in any case): the others' datasets are not read.
		List<UUID> ids = new ArrayList<>();
		for (HarvestedDatasets.Known before : known.values()) {
			if (before.contentHash() != null) {
				ids.add(before.globalId());
			}
		}
		Set<UUID> existing = new HashSet<>();
		if (!ids.isEmpty()) {
			catalog.datasets(ids).stream().map(DatasetRecord::globalId).forEach(existing::add);
		}
		List<HarvestedDatasets.Seen> seen = new ArrayList<>();
		String producerName = origin.producer() == null ? null
				: organizations.names(List.of(origin.producer())).getOrDefault(origin.producer(),
						origin.producer().toString());

		int created = 0, updated = 0, deleted = 0, rejected = 0, unchanged = 0;
		List<HarvestError> errors = new ArrayList<>();
		List<Write> writes = new ArrayList<>();
		Set<String> done = new HashSet<>();
		for (RemoteCatalogue.Entry entry : entries) {
			String remoteId = entry.remoteId();
			UUID globalId = globalId(origin, remoteId, known);
			if (remoteId == null || remoteId.isBlank()) {
				rejected++;
				errors.add(new HarvestError(remoteId, null, "KRS-HARVEST-NO-ID", "", "A record without an identifier."));
				continue;
			}
			if (globalId == null) {
				rejected++;
				errors.add(new HarvestError(remoteId, null, "ERR-201", "global_id", "The global_id is not a UUID."));
				continue;
			}
			if (!done.add(remoteId)) {
				rejected++;
				errors.add(new HarvestError(remoteId, globalId, "ERR-304", "global_id",
						"The source listed this record twice in one page."));
				continue;
			}
			if (entry.deleted()) {
				Publications.Outcome outcome = publications.withdraw(globalId, origin.organizations(), run.actor(),
						run.locale());
				if (outcome.applied()) {
					deleted++;
				}
				else if (outcome.errors().stream().anyMatch(e -> "ERR-104".equals(e.code()))) {
					unchanged++; // already gone
				}
				else {
					rejected++;
					errors.addAll(errorsOf(remoteId, globalId, outcome.errors()));
					continue;
				}
				harvested.forget(origin.id(), remoteId);
				continue;
			}
			if (entry.problem() != null || entry.metadata() == null || !entry.metadata().isObject()) {
				rejected++;
				errors.add(new HarvestError(remoteId, globalId, "KRS-HARVEST-UNMAPPED", "",
						entry.problem() != null ? entry.problem() : "The record is not a JSON object."));
				seen.add(new HarvestedDatasets.Seen(remoteId, globalId, null));
				continue;
			}
			ObjectNode metadata = (ObjectNode) entry.metadata().deepCopy();
			metadata.put("global_id", globalId.toString());
			if (origin.producer() != null) {
				// A catalogue's own names (a CKAN package name) are not ids of our producer's system, and two
				// catalogues may use the same: the catalogue keeps local ids unique, so they are left out (the source's
				// id of the record is kept with the harvest).
				metadata.remove("local_id");
				ObjectNode producer = json.createObjectNode();
				producer.put("organization_id", origin.producer().toString());
				producer.put("organization_name", producerName);
				metadata.set("producer", producer);
			}
			else {
				JsonNode producerId = metadata.path("producer").path("organization_id");
				String named = producerId.isString() ? producerId.stringValue() : "";
				if (origin.organizations().stream().noneMatch(o -> o.toString().equalsIgnoreCase(named))) {
					rejected++;
					errors.add(new HarvestError(remoteId, globalId, "ERR-403", "producer.organization_id",
							"The producer " + named + " is not one of the node's organisations."));
					seen.add(new HarvestedDatasets.Seen(remoteId, globalId, null));
					continue;
				}
			}
			String hash = hash(metadata);
			HarvestedDatasets.Known before = known.get(remoteId);
			if (before != null && hash.equals(before.contentHash()) && existing.contains(globalId)) {
				unchanged++;
				seen.add(new HarvestedDatasets.Seen(remoteId, globalId, hash));
				continue;
			}
			writes.add(new Write(remoteId, globalId, hash, metadata));
		}
		// the page's records are validated and written together: far fewer round trips than one by one
		List<Publications.Outcome> outcomes = publications.harvest(writes.stream().map(w -> (JsonNode) w.metadata())
				.toList(), origin.organizations(), run.actor(), run.locale());
		for (int i = 0; i < writes.size(); i++) {
			Write write = writes.get(i);
			Publications.Outcome outcome = outcomes.get(i);
			if (outcome.applied()) {
				if (outcome.created()) {
					created++;
				}
				else {
					updated++;
				}
				seen.add(new HarvestedDatasets.Seen(write.remoteId(), write.globalId(), write.hash()));
			}
			else {
				rejected++;
				errors.addAll(errorsOf(write.remoteId(), write.globalId(), outcome.errors()));
				seen.add(new HarvestedDatasets.Seen(write.remoteId(), write.globalId(), null));
			}
		}
		harvested.seen(origin.id(), seen, run.jobId()); // one statement for the page
		return new Applied(new Counts(created, updated, deleted, rejected, unchanged), errors);
	}

	/** Removes datasets a complete full harvest did not list (they disappeared upstream). */
	Applied removeUnlisted(Run run, List<HarvestedDatasets.Unlisted> unlisted) {
		int deleted = 0, rejected = 0;
		List<HarvestError> errors = new ArrayList<>();
		for (HarvestedDatasets.Unlisted gone : unlisted) {
			Publications.Outcome outcome = publications.withdraw(gone.globalId(), run.origin().organizations(),
					run.actor(), run.locale());
			if (outcome.applied()) {
				deleted++;
			}
			else if (outcome.errors().stream().noneMatch(e -> "ERR-104".equals(e.code()))) {
				rejected++;
				errors.addAll(errorsOf(gone.remoteId(), gone.globalId(), outcome.errors()));
			}
			harvested.forget(run.origin().id(), gone.remoteId());
		}
		return new Applied(new Counts(0, 0, deleted, rejected, 0), errors);
	}

	/**
	 * A node's records keep their own global id; a source's get one derived from the source's kind and address and
	 * the remote id (the same record gives the same dataset, even after the source was deleted and created again).
	 */
	static UUID globalId(Origin origin, String remoteId, Map<String, HarvestedDatasets.Known> known) {
		if (remoteId == null || remoteId.isBlank()) {
			return null;
		}
		HarvestedDatasets.Known before = known.get(remoteId);
		if (before != null) {
			return before.globalId();
		}
		if (origin.isNode()) {
			try {
				UUID id = UUID.fromString(remoteId);
				return id.toString().equalsIgnoreCase(remoteId) ? id : null;
			}
			catch (IllegalArgumentException e) {
				return null;
			}
		}
		return UUID.nameUUIDFromBytes(("kerys-harvest " + origin.type() + " " + origin.name() + " " + remoteId)
				.getBytes(StandardCharsets.UTF_8));
	}

	private static List<HarvestError> errorsOf(String remoteId, UUID globalId, List<FieldError> errors) {
		return errors.stream().map(e -> new HarvestError(remoteId, globalId, e.code(), e.field(), e.message())).toList();
	}

	private String hash(JsonNode metadata) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
					.digest(json.writeValueAsBytes(metadata)));
		}
		catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
	}
}
