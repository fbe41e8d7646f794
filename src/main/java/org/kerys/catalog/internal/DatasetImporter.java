package org.kerys.catalog.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

import org.kerys.catalog.internal.validation.ValidationMode;
import org.kerys.platform.ProblemException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Bulk import of RUDI records (lenient): reads a JSON array (or one object) as a stream, so memory does not grow
 * with the file (only the per-record report does), and writes chunks of {@value #CHUNK} records, each in its own transaction: if the process dies,
 * every record is either fully there or not at all, and a rerun completes the rest (records are upserted).
 */
@Service
class DatasetImporter {

	static final int CHUNK = 500;
	private static final Logger log = LoggerFactory.getLogger(DatasetImporter.class);

	private final DatasetWriter writer;
	private final TransactionTemplate transactions;
	private final JsonMapper json;

	DatasetImporter(DatasetWriter writer, TransactionTemplate transactions, JsonMapper json) {
		this.writer = writer;
		this.transactions = transactions;
		this.json = json;
	}

	/** Progress of a running import: records done so far, and records per second. */
	record Progress(String source, long done, long total, double perSecond) {
	}

	/**
	 * Imports a file: a first streaming pass checks that it is well-formed JSON and counts the records, so that a
	 * malformed file changes nothing; the second pass imports.
	 */
	ImportReport importFile(Path file, String source, Locale locale, Consumer<Progress> progress) {
		long count = count(file, source);
		long started = System.nanoTime();
		List<RecordOutcome> outcomes = new ArrayList<>();
		List<JsonNode> chunk = new ArrayList<>(CHUNK);
		long[] lastReport = { started };
		try (InputStream input = Files.newInputStream(file); JsonParser parser = json.createParser(input)) {
			if (parser.nextToken() == JsonToken.START_OBJECT) {
				chunk.add(parser.readValueAsTree());
			}
			else {
				// the first pass checked the shape: an array of objects
				while (parser.nextToken() == JsonToken.START_OBJECT) {
					chunk.add(parser.readValueAsTree());
					if (chunk.size() == CHUNK) {
						flush(chunk, outcomes, locale);
						report(source, outcomes.size(), count, started, lastReport, progress);
					}
				}
			}
			flush(chunk, outcomes, locale);
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		double seconds = (System.nanoTime() - started) / 1e9;
		long created = outcomes.stream().filter(o -> o.status() == RecordOutcome.Status.CREATED).count();
		long updated = outcomes.stream().filter(o -> o.status() == RecordOutcome.Status.UPDATED).count();
		long rejected = outcomes.stream().filter(RecordOutcome::rejected).count();
		long warnings = outcomes.stream().mapToLong(o -> o.warnings() == null ? 0 : o.warnings().size()).sum();
		log.info("Imported {}: {} records in {} s ({} created, {} updated, {} rejected, {} warnings)", source,
				outcomes.size(), String.format(Locale.ROOT, "%.1f", seconds), created, updated, rejected, warnings);
		return new ImportReport(outcomes.size(), created, updated, rejected, warnings, seconds, outcomes);
	}

	/** Checks the whole file is a JSON array of objects (or one object) and counts them, without keeping them. */
	private long count(Path file, String source) {
		try (InputStream input = Files.newInputStream(file); JsonParser parser = json.createParser(input)) {
			JsonToken first = parser.nextToken();
			if (first == JsonToken.START_OBJECT) {
				parser.skipChildren();
				ensureEnd(parser, source);
				return 1;
			}
			if (first != JsonToken.START_ARRAY) {
				throw ProblemException.badRequest("ERR-101",
						source + " must hold a JSON array of RUDI records, or one record.");
			}
			long count = 0;
			JsonToken token;
			while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
				if (token != JsonToken.START_OBJECT) {
					throw ProblemException.badRequest("ERR-101", "Record #" + count + " of " + source
							+ " is not a JSON object (line " + parser.currentLocation().getLineNr() + ").");
				}
				parser.skipChildren();
				count++;
			}
			ensureEnd(parser, source);
			return count;
		}
		catch (JacksonException e) {
			throw ProblemException.badRequest("ERR-101", "Not well-formed JSON in " + source + " at line "
					+ e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr()
					+ "; nothing was imported.");
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	private static void ensureEnd(JsonParser parser, String source) {
		if (parser.nextToken() != null) {
			throw ProblemException.badRequest("ERR-101", "Unexpected content after the JSON value in " + source + ".");
		}
	}

	private void flush(List<JsonNode> chunk, List<RecordOutcome> outcomes, Locale locale) {
		if (chunk.isEmpty()) {
			return;
		}
		int base = outcomes.size();
		List<RecordOutcome> written = transactions
				.execute(status -> writer.write(chunk, ValidationMode.LENIENT, true, null, locale));
		for (RecordOutcome o : written) {
			outcomes.add(new RecordOutcome(base + o.index(), o.globalId(), o.status(), o.errors(), o.warnings()));
		}
		chunk.clear();
	}

	private static void report(String source, long done, long total, long started, long[] lastReport,
			Consumer<Progress> progress) {
		long now = System.nanoTime();
		if (now - lastReport[0] < 2_000_000_000L) {
			return;
		}
		lastReport[0] = now;
		double rate = done / ((now - started) / 1e9);
		log.info("Importing {}: {}/{} records ({} %, {} records/s)", source, done, total, done * 100 / total,
				Math.round(rate));
		progress.accept(new Progress(source, done, total, rate));
	}
}
