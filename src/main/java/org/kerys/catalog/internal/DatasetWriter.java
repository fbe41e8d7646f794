package org.kerys.catalog.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

import org.kerys.catalog.DatasetDeleted;
import org.kerys.catalog.DatasetSaved;
import org.kerys.catalog.DatasetsSaved;
import org.kerys.catalog.RudiJson;
import org.kerys.catalog.internal.RecordOutcome.Status;
import org.kerys.catalog.internal.validation.MetadataValidator;
import org.kerys.catalog.internal.validation.ValidationMode;
import org.kerys.catalog.internal.validation.ValidationReport;
import org.kerys.identity.AccessPolicy;
import org.kerys.platform.ProblemException;
import org.kerys.platform.ProblemException.FieldError;
import org.kerys.storage.MediaFiles;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import tools.jackson.databind.JsonNode;

/**
 * Every change to datasets goes through here: validation (strict for the API, lenient for imports), the checks
 * that need the database (identifiers already used), then one transaction per batch so that a record is never
 * half-written.
 */
@Service
class DatasetWriter {

	private final MetadataValidator validator;
	private final Datasets datasets;
	private final MediaFiles mediaFiles;
	private final ApplicationEventPublisher events;
	private final AccessPolicy policy;

	DatasetWriter(MetadataValidator validator, Datasets datasets, MediaFiles mediaFiles,
			ApplicationEventPublisher events, AccessPolicy policy) {
		this.validator = validator;
		this.datasets = datasets;
		this.mediaFiles = mediaFiles;
		this.events = events;
		this.policy = policy;
	}

	/** {@code POST /api/v1/resources}: a new dataset, strictly validated; the caller must be allowed its producer. */
	@Transactional
	UUID create(JsonNode body, Locale locale) {
		RecordOutcome outcome = write(List.of(new Entry(body, false, locale, this::checkProducer, actor())),
				ValidationMode.STRICT, null, false).get(0);
		return accepted(outcome);
	}

	/**
	 * {@code PUT /api/v1/resources/{id}}: replaces an existing dataset, strictly validated. The caller must be
	 * allowed both the stored producer and the new one, so that nobody takes over another producer's dataset.
	 */
	@Transactional
	UUID update(UUID globalId, JsonNode body, Locale locale) {
		policy.checkDatasetWrite(storedProducer(globalId));
		RecordOutcome outcome = write(List.of(new Entry(body, true, locale, this::checkProducer, actor())),
				ValidationMode.STRICT, globalId, false).get(0);
		return accepted(outcome);
	}

	@Transactional
	void delete(UUID globalId) {
		policy.checkDatasetWrite(storedProducer(globalId));
		remove(globalId, actor());
	}

	/**
	 * A record pushed by a producer node, in the caller's transaction (the node's integration request is marked
	 * treated in the same one). Read leniently, as nodes send what they hold (legacy values mapped, with warnings);
	 * refused, never thrown: the record's producer, and its metadata provider when it names one, must be among
	 * {@code organizations} (ERR-403, ERR-303); a replaced dataset must exist (ERR-104) and be theirs (ERR-403).
	 *
	 * @param replace PUT (the dataset exists) rather than POST (it must not: ERR-304)
	 */
	RecordOutcome publish(JsonNode body, boolean replace, Set<UUID> organizations, String actor, Locale locale) {
		return publish(List.of(new Pushed(body, replace, organizations, actor, locale))).get(0);
	}

	/** A record pushed by a producer node, for {@link #publish(List)}. */
	record Pushed(JsonNode body, boolean replace, Set<UUID> organizations, String actor, Locale locale) {
	}

	/**
	 * Records pushed by producer nodes (of different datasets), each as {@link #publish(JsonNode, boolean, Set,
	 * String, Locale) publish} would apply it alone, written together in the caller's transaction: the checks against
	 * the database and the writes are a few statements for them all instead of a few for each. A refused record
	 * leaves no trace and does not stop the others. A record refused for an identifier (ERR-304) that another record
	 * of the batch holds or lets go of is looked at again on its own once the batch is written, as it would have been
	 * after it one by one.
	 *
	 * @return one outcome per record, in their order
	 */
	List<RecordOutcome> publish(List<Pushed> pushes) {
		List<Entry> entries = pushes.stream().map(p -> new Entry(p.body(), p.replace(), p.locale(),
				producerCheck(p.replace(), false, p.organizations(), Messages.of(p.locale())), p.actor())).toList();
		List<RecordOutcome> outcomes = new ArrayList<>(write(entries, ValidationMode.LENIENT, null, true));
		if (entries.size() > 1) {
			for (int i = 0; i < outcomes.size(); i++) {
				if (outcomes.get(i).rejected() && outcomes.get(i).errors().stream()
						.anyMatch(e -> "ERR-304".equals(e.code()) && !"global_id".equals(e.field()))) {
					RecordOutcome alone = write(List.of(entries.get(i)), ValidationMode.LENIENT, null, true).get(0);
					outcomes.set(i, new RecordOutcome(i, alone.globalId(), alone.status(), alone.errors(),
							alone.warnings()));
				}
			}
		}
		return outcomes;
	}

	/**
	 * Records read by a harvest (a page), in the caller's transaction: created or replaced, read leniently; each
	 * refused, never thrown, when its producer or metadata provider is not among {@code organizations} (ERR-403,
	 * ERR-303) or when it would replace a dataset of another producer (ERR-403).
	 */
	List<RecordOutcome> harvest(List<JsonNode> bodies, Set<UUID> organizations, String actor, Locale locale) {
		if (bodies.isEmpty()) {
			return List.of();
		}
		Function<DatasetFields, List<FieldError>> check = producerCheck(false, true, organizations,
				Messages.of(locale));
		return write(bodies.stream().map(body -> new Entry(body, true, locale, check, actor)).toList(),
				ValidationMode.LENIENT, null, false);
	}

	/**
	 * @param replace the dataset must exist (ERR-104)
	 * @param mayExist when it exists, its stored producer must be among {@code organizations} too
	 */
	private Function<DatasetFields, List<FieldError>> producerCheck(boolean replace, boolean mayExist,
			Set<UUID> organizations, Messages messages) {
		return fields -> {
			List<FieldError> refused = new ArrayList<>();
			if (replace || mayExist) {
				Optional<UUID> stored = datasets.find(fields.globalId()).map(d -> producerOf(d.metadata()));
				if (stored.isEmpty()) {
					if (replace) {
						refused.add(new FieldError("ERR-104", "global_id", messages.get("not.found", fields.globalId())));
					}
				}
				else if (stored.get() == null || !organizations.contains(stored.get())) {
					refused.add(new FieldError("ERR-403", "producer.organization_id",
							messages.get("not.producer", stored.get())));
				}
			}
			if (!organizations.contains(fields.producerId())) {
				refused.add(new FieldError("ERR-403", "producer.organization_id",
						messages.get("not.producer", fields.producerId())));
			}
			String provider = RudiJson.text(fields.metadata().path("metadata_info").path("metadata_provider")
					.path("organization_id"));
			if (provider != null && organizations.stream().noneMatch(o -> o.toString().equalsIgnoreCase(provider))) {
				refused.add(new FieldError("ERR-303", "metadata_info.metadata_provider.organization_id",
						messages.get("not.provider", provider)));
			}
			return refused;
		};
	}

	/**
	 * A deletion pushed by a producer node, in the caller's transaction: ERR-104 when there is no such dataset,
	 * ERR-403 when its producer is not among {@code organizations}; nothing thrown.
	 */
	List<FieldError> withdraw(UUID globalId, Set<UUID> organizations, String actor, Locale locale) {
		Messages messages = Messages.of(locale);
		Optional<UUID> stored = datasets.find(globalId).map(d -> producerOf(d.metadata()));
		if (stored.isEmpty()) {
			return List.of(new FieldError("ERR-104", "global_id", messages.get("not.found", globalId)));
		}
		if (stored.get() == null || !organizations.contains(stored.get())) {
			return List.of(new FieldError("ERR-403", "producer.organization_id",
					messages.get("not.producer", stored.get())));
		}
		remove(globalId, actor);
		return List.of();
	}

	private void remove(UUID globalId, String actor) {
		List<UUID> media = datasets.mediaIds(globalId);
		if (!datasets.delete(globalId)) {
			throw ProblemException.notFound("ERR-104", "No dataset " + globalId + ".");
		}
		mediaFiles.release(media);
		events.publishEvent(new DatasetDeleted(globalId, actor));
	}

	/**
	 * Validates and saves a batch in the caller's transaction: records that pass are created or updated, the
	 * others are reported rejected and leave no trace.
	 *
	 * @param allowUpdate whether an existing global id is replaced (import, PUT) or refused (POST)
	 * @param expectedId for PUT, the id of the path, which the record must carry
	 */
	List<RecordOutcome> write(List<JsonNode> bodies, ValidationMode mode, boolean allowUpdate, UUID expectedId,
			Locale locale) {
		String actor = actor();
		return write(bodies.stream().map(body -> new Entry(body, allowUpdate, locale, fields -> List.of(), actor))
				.toList(), mode, expectedId, false);
	}

	/**
	 * One record to write.
	 *
	 * @param allowUpdate whether an existing global id is replaced (import, PUT) or refused (POST: ERR-304)
	 * @param locale of its errors
	 * @param check refuses a valid record before anything is saved, by throwing or with the errors it answers
	 * @param actor who is saving, for the events (and so the audit ledger)
	 */
	private record Entry(JsonNode body, boolean allowUpdate, Locale locale,
			Function<DatasetFields, List<FieldError>> check, String actor) {
	}

	/**
	 * @param expectedId for PUT, the id of the path, which the record must carry
	 * @param perTransaction announce the saved datasets with the others of the caller's transaction, in one
	 *     {@link DatasetsSaved} as it commits (the push intake applies several records in one transaction: one
	 *     event, one indexing batch for them all), rather than in one of their own
	 */
	private List<RecordOutcome> write(List<Entry> entries, ValidationMode mode, UUID expectedId,
			boolean perTransaction) {
		List<ValidationReport> reports = entries.stream().map(e -> validator.validate(e.body(), mode, e.locale()))
				.toList();
		List<DatasetFields> candidates = new ArrayList<>();
		List<List<FieldError>> errors = new ArrayList<>();
		for (int i = 0; i < reports.size(); i++) {
			ValidationReport report = reports.get(i);
			List<FieldError> recordErrors = new ArrayList<>(report.errors());
			DatasetFields fields = null;
			if (report.valid()) {
				fields = DatasetFields.of(report.metadata());
				recordErrors.addAll(entries.get(i).check().apply(fields));
				if (expectedId != null && !expectedId.equals(fields.globalId())) {
					recordErrors.add(new FieldError("ERR-303", "global_id",
							Messages.of(entries.get(i).locale()).get("global_id.path", expectedId)));
				}
			}
			candidates.add(recordErrors.isEmpty() ? fields : null);
			errors.add(recordErrors);
		}
		Set<UUID> existing = new HashSet<>(datasets.existing(
				candidates.stream().filter(c -> c != null).map(DatasetFields::globalId).toList()));
		checkIdentifiers(candidates, errors, entries, existing);

		List<DatasetFields> accepted = new ArrayList<>();
		List<DatasetFields> inserted = new ArrayList<>();
		List<DatasetFields> upserted = new ArrayList<>();
		List<RecordOutcome> outcomes = new ArrayList<>();
		for (int i = 0; i < reports.size(); i++) {
			DatasetFields fields = candidates.get(i);
			List<FieldError> warnings = reports.get(i).warnings();
			if (fields == null || !errors.get(i).isEmpty()) {
				UUID id = fields != null ? fields.globalId() : null;
				outcomes.add(new RecordOutcome(i, id, Status.REJECTED, errors.get(i), warnings));
				continue;
			}
			accepted.add(fields);
			(entries.get(i).allowUpdate() ? upserted : inserted).add(fields);
			boolean created = !existing.contains(fields.globalId());
			outcomes.add(new RecordOutcome(i, fields.globalId(), created ? Status.CREATED : Status.UPDATED, List.of(),
					warnings));
		}
		releaseDroppedMedia(accepted, existing);
		datasets.save(inserted, false);
		datasets.save(upserted, true);
		List<UUID> saved = new ArrayList<>();
		for (RecordOutcome outcome : outcomes) {
			if (!outcome.rejected()) {
				events.publishEvent(new DatasetSaved(outcome.globalId(), outcome.status() == Status.CREATED,
						entries.get(outcome.index()).actor()));
				saved.add(outcome.globalId());
			}
		}
		if (!saved.isEmpty()) {
			if (perTransaction && TransactionSynchronizationManager.isActualTransactionActive()
					&& TransactionSynchronizationManager.isSynchronizationActive()) {
				savedInTransaction().addAll(saved);
			}
			else {
				events.publishEvent(new DatasetsSaved(saved));
			}
		}
		return outcomes;
	}

	/**
	 * The datasets saved so far in the current transaction, announced together by one {@link DatasetsSaved} just
	 * before it commits (its listeners then run after the commit, as for an event published at once; nothing is
	 * announced when it rolls back).
	 */
	private List<UUID> savedInTransaction() {
		// looked for among the transaction's synchronizations, which a nested REQUIRES_NEW transaction suspends
		for (TransactionSynchronization synchronization : TransactionSynchronizationManager.getSynchronizations()) {
			if (synchronization instanceof SavedAtCommit saved && saved.writer == this) {
				return saved.ids;
			}
		}
		SavedAtCommit saved = new SavedAtCommit(this);
		TransactionSynchronizationManager.registerSynchronization(saved);
		return saved.ids;
	}

	/** The datasets a transaction saved, announced as it commits. */
	private static final class SavedAtCommit implements TransactionSynchronization {

		private final DatasetWriter writer;
		private final List<UUID> ids = new ArrayList<>();

		SavedAtCommit(DatasetWriter writer) {
			this.writer = writer;
		}

		@Override
		public void beforeCommit(boolean readOnly) {
			if (!ids.isEmpty()) {
				writer.events.publishEvent(new DatasetsSaved(ids));
			}
		}
	}

	/**
	 * ERR-304: global ids already taken ({@code existing}, for the records that may not replace a dataset), local ids,
	 * DOIs and media ids already used by another dataset or in this batch.
	 */
	private void checkIdentifiers(List<DatasetFields> candidates, List<List<FieldError>> errors, List<Entry> entries,
			Set<UUID> existing) {
		List<DatasetFields> present = candidates.stream().filter(c -> c != null).toList();
		if (present.isEmpty()) {
			return;
		}
		Map<String, UUID> localOwners = datasets.localIdOwners(
				present.stream().map(DatasetFields::localId).filter(v -> v != null).toList());
		Map<String, UUID> doiOwners = datasets.doiOwners(
				present.stream().map(DatasetFields::doi).filter(v -> v != null).toList());
		Map<String, UUID> mediaOwners = datasets.mediaOwners(
				present.stream().flatMap(c -> c.media().stream().map(DatasetFields.MediaFields::mediaId)).toList());
		Map<UUID, Integer> batchIds = new HashMap<>();
		for (int i = 0; i < candidates.size(); i++) {
			DatasetFields c = candidates.get(i);
			if (c == null) {
				continue;
			}
			List<FieldError> e = errors.get(i);
			Messages messages = Messages.of(entries.get(i).locale());
			UUID id = c.globalId();
			if (!entries.get(i).allowUpdate() && existing.contains(id)) {
				e.add(new FieldError("ERR-304", "global_id", messages.get("used.global_id", id)));
			}
			Integer earlier = batchIds.putIfAbsent(id, i);
			if (earlier != null) {
				e.add(new FieldError("ERR-304", "global_id", messages.get("used.batch", earlier)));
			}
			claim(localOwners, c.localId(), id, "local_id", e, messages);
			claim(doiOwners, c.doi(), id, "doi", e, messages);
			for (DatasetFields.MediaFields m : c.media()) {
				claim(mediaOwners, m.mediaId().toString(), id, "available_formats[" + m.position() + "].media_id", e,
						messages);
			}
		}
	}

	/** A value is free, or already this dataset's; otherwise ERR-304. Claims it for the rest of the batch. */
	private static void claim(Map<String, UUID> owners, String value, UUID globalId, String field,
			List<FieldError> errors, Messages messages) {
		if (value == null) {
			return;
		}
		UUID owner = owners.putIfAbsent(value, globalId);
		if (owner != null && !owner.equals(globalId)) {
			errors.add(new FieldError("ERR-304", field, messages.get("used.value", value, owner)));
		}
	}

	/** Media that an update drops lose their stored files. */
	private void releaseDroppedMedia(List<DatasetFields> accepted, Set<UUID> existing) {
		List<DatasetFields> updates = accepted.stream().filter(f -> existing.contains(f.globalId())).toList();
		if (updates.isEmpty()) {
			return;
		}
		Map<UUID, List<UUID>> before = datasets.mediaIdsByDataset(updates.stream().map(DatasetFields::globalId).toList());
		List<UUID> dropped = new ArrayList<>();
		for (DatasetFields fields : updates) {
			Set<UUID> kept = new HashSet<>();
			fields.media().forEach(m -> kept.add(m.mediaId()));
			before.getOrDefault(fields.globalId(), List.of()).stream().filter(id -> !kept.contains(id))
					.forEach(dropped::add);
		}
		if (!dropped.isEmpty()) {
			mediaFiles.release(dropped);
		}
	}

	private List<FieldError> checkProducer(DatasetFields fields) {
		policy.checkDatasetWrite(fields.producerId());
		return List.of();
	}

	/** The producer of a stored dataset; ERR-104 when there is no such dataset. */
	private UUID storedProducer(UUID globalId) {
		return producerOf(datasets.find(globalId)
				.orElseThrow(() -> ProblemException.notFound("ERR-104", "No dataset " + globalId + "."))
				.metadata());
	}

	/** The producer organisation a stored record names, or null. */
	private static UUID producerOf(JsonNode metadata) {
		JsonNode producer = metadata.path("producer").path("organization_id");
		try {
			return UUID.fromString(producer.asString());
		}
		catch (IllegalArgumentException e) {
			return null; // none stored: only an administrator may touch it
		}
	}

	/** Who is changing the catalogue: the authenticated caller, or {@code "system"} (commands, demo loading). */
	private static String actor() {
		Authentication caller = SecurityContextHolder.getContext().getAuthentication();
		return caller != null && caller.isAuthenticated() && !(caller instanceof AnonymousAuthenticationToken)
				? caller.getName() : "system";
	}

	private static UUID accepted(RecordOutcome outcome) {
		if (!outcome.rejected()) {
			return outcome.globalId();
		}
		List<FieldError> errors = outcome.errors();
		boolean conflict = errors.stream().allMatch(e -> "ERR-304".equals(e.code()));
		HttpStatus status = conflict ? HttpStatus.CONFLICT : HttpStatus.BAD_REQUEST;
		String code = errors.get(0).code();
		throw new ProblemException(status, code, errors.size() == 1 ? errors.get(0).message()
				: errors.size() + " problems in the metadata; see errors.", errors);
	}
}
