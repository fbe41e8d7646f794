package org.kerys.selfdata.internal.store;

import java.io.IOException;
import java.io.InputStream;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.kerys.audit.AuditLedger;
import org.kerys.platform.ProblemException;
import org.kerys.selfdata.internal.store.StoreRules.SelfdataDataset;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Replaces a dataset's personal-data store with an upload: all of it or nothing. The records go into a new
 * generation that nobody reads; once every record is in, one transaction points the dataset at it (and records it
 * in the audit ledger, with counts only); the old generation is deleted after.
 */
@Service
class StoreUploads {

	static final String ROWS = "KRS-422-STORE-ROWS";
	private static final Logger log = LoggerFactory.getLogger(StoreUploads.class);

	private final StoreRules rules;
	private final StoreLoader loader;
	private final StoreGenerations generations;
	private final AuditLedger ledger;
	private final TransactionTemplate transaction;

	StoreUploads(StoreRules rules, StoreLoader loader, StoreGenerations generations, AuditLedger ledger,
			PlatformTransactionManager transactions) {
		this.rules = rules;
		this.loader = loader;
		this.generations = generations;
		this.ledger = ledger;
		this.transaction = new TransactionTemplate(transactions);
	}

	/** The answer to an upload: counts and time taken. */
	record Uploaded(UUID generationId, long records, long subjects, long millis) {
	}

	/** Bad records: nothing was replaced. */
	static final class Rejected extends RuntimeException {

		final StoreLoader.Outcome outcome;

		Rejected(StoreLoader.Outcome outcome) {
			super("The upload has bad records: nothing was replaced.", null, false, false);
			this.outcome = outcome;
		}
	}

	/** The multipart body, part by part. */
	interface Parts {

		/** The next part, or null at the end. */
		Part next() throws IOException;
	}

	record Part(String name, String filename, String contentType, InputStream body) {
	}

	/** First checks who calls; then reads the mapping, then streams the file. */
	Uploaded upload(Authentication caller, UUID datasetId, Parts parts, long sizeHint) throws IOException {
		SelfdataDataset dataset = rules.checkUpload(caller, datasetId);
		long started = System.nanoTime();
		Part part = parts.next();
		if (part == null || !"mapping".equals(part.name())) {
			throw new ProblemException(HttpStatus.BAD_REQUEST, "KRS-400-STORE-PARTS",
					"Send the part 'mapping' first, then the part 'file' (multipart/form-data).");
		}
		StoreMapping mapping = StoreMapping.parse(new String(part.body().readNBytes(1 << 20),
				java.nio.charset.StandardCharsets.UTF_8), dataset.matchingData(), dataset.title());
		Part file = parts.next();
		if (file == null || !"file".equals(file.name())) {
			throw new ProblemException(HttpStatus.BAD_REQUEST, "KRS-400-STORE-PARTS",
					"After the mapping, send the part 'file': a CSV file or a JSON array of records.");
		}
		UUID generationId = UUID.randomUUID();
		generations.begin(generationId, datasetId, mapping, caller.getName());
		boolean switched = false;
		try {
			StoreLoader.Outcome outcome;
			try (RecordReader reader = RecordReader.open(file.body(), file.filename(), file.contentType(),
					mapping.readColumns())) {
				outcome = loader.load(datasetId, generationId, mapping, reader,
						sizeHint, LocalDate.now(ZoneOffset.UTC));
			}
			catch (RecordReader.Unreadable e) {
				throw new ProblemException(HttpStatus.UNPROCESSABLE_CONTENT, "KRS-422-STORE-FILE", e.getMessage());
			}
			if (outcome.rejected()) {
				audit(caller, datasetId, AuditLedger.FAILURE, Map.of("bad_records", outcome.errorCount()));
				throw new Rejected(outcome);
			}
			Optional<UUID> previous = transaction.execute(status -> {
				Optional<UUID> old = generations.activate(datasetId, generationId, outcome.records(), outcome.subjects());
				Map<String, Object> details = new LinkedHashMap<>();
				details.put("generation", generationId.toString());
				details.put("records", outcome.records());
				details.put("subjects", outcome.subjects());
				audit(caller, datasetId, AuditLedger.SUCCESS, details);
				return old;
			});
			switched = true;
			previous.ifPresent(this::discardQuietly);
			return new Uploaded(generationId, outcome.records(), outcome.subjects(),
					(System.nanoTime() - started) / 1_000_000);
		}
		finally {
			if (!switched) {
				discardQuietly(generationId);
			}
		}
	}

	private void audit(Authentication caller, UUID datasetId, String outcome, Map<String, Object> details) {
		ledger.record(caller.getName(), "selfdata.store.uploaded", "dataset", datasetId.toString(), outcome, details);
	}

	private void discardQuietly(UUID generationId) {
		try {
			generations.discard(generationId);
		}
		catch (RuntimeException e) {
			// the purge job deletes generations left behind
			log.warn("Could not delete store generation {} now: {}", generationId, e.toString());
		}
	}
}
