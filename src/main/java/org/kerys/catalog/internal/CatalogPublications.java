package org.kerys.catalog.internal;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

import org.kerys.catalog.Publications;
import org.kerys.platform.ProblemException;
import org.kerys.platform.ProblemException.FieldError;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** {@link Publications} over the writers the RUDI producer API uses ({@link DatasetWriter}, {@link Directory}). */
@Service
class CatalogPublications implements Publications {

	private final DatasetWriter writer;
	private final Directory directory;

	CatalogPublications(DatasetWriter writer, Directory directory) {
		this.writer = writer;
		this.directory = directory;
	}

	@Override
	@Transactional
	public Outcome publish(JsonNode metadata, boolean replace, Set<UUID> organizations, String actor, Locale locale) {
		return outcome(writer.publish(metadata, replace, organizations, actor, locale));
	}

	private static Outcome outcome(RecordOutcome outcome) {
		return new Outcome(outcome.globalId(), outcome.status() == RecordOutcome.Status.CREATED, outcome.errors(),
				outcome.warnings());
	}

	@Override
	@Transactional
	public List<Outcome> publish(List<Push> pushes) {
		return writer.publish(pushes.stream().map(p -> new DatasetWriter.Pushed(p.metadata(), p.replace(),
				p.organizations(), p.actor(), p.locale())).toList()).stream().map(CatalogPublications::outcome).toList();
	}

	@Override
	@Transactional
	public List<Outcome> harvest(List<JsonNode> records, Set<UUID> organizations, String actor, Locale locale) {
		return writer.harvest(records, organizations, actor, locale).stream().map(CatalogPublications::outcome)
				.toList();
	}

	@Override
	@Transactional
	public Outcome withdraw(UUID globalId, Set<UUID> organizations, String actor, Locale locale) {
		return new Outcome(globalId, false, writer.withdraw(globalId, organizations, actor, locale), List.of());
	}

	@Override
	@Transactional
	public Outcome saveOrganization(JsonNode organization, Set<UUID> organizations, Locale locale) {
		ObjectNode document;
		try {
			// validation only (no transaction of its own), so a refusal leaves the caller's transaction usable
			document = directory.validate(DirectoryKind.ORGANIZATION, organization);
		}
		catch (ProblemException e) {
			List<FieldError> errors = e.errors().isEmpty()
					? List.of(new FieldError(e.code(), "", e.getMessage())) : e.errors();
			return new Outcome(null, false, errors, List.of());
		}
		UUID id = UUID.fromString(document.get("organization_id").asString());
		if (!organizations.contains(id)) {
			return new Outcome(id, false, List.of(new FieldError("ERR-403", "organization_id",
					Messages.of(locale).get("not.producer", id))), List.of());
		}
		boolean exists = directory.find(DirectoryKind.ORGANIZATION, id).isPresent();
		if (exists) {
			directory.update(DirectoryKind.ORGANIZATION, id, document);
		}
		else {
			directory.create(DirectoryKind.ORGANIZATION, document);
		}
		return new Outcome(id, !exists, List.of(), List.of());
	}
}
