package org.kerys.selfdata.internal.store;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import org.kerys.platform.KerysProperties;
import org.postgresql.PGConnection;
import org.postgresql.copy.PGCopyOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Loads an upload into a new generation: reads and checks every record (reporting each bad one), spreads the good
 * ones over encrypted partition files by subject, then, partition by partition on a small pool, groups each
 * subject's records, hashes the subject's matching values, seals its records and writes the rows with a binary
 * {@code COPY}. Nothing is visible to readers until the generation is switched to.
 */
@Component
class StoreLoader {

	static final int MAX_REPORTED = 1000;
	private static final Logger log = LoggerFactory.getLogger(StoreLoader.class);
	private static final long PARTITION_BYTES = 16L << 20;
	private static final int PG_EPOCH_DAY = (int) LocalDate.of(2000, 1, 1).toEpochDay();
	private static final byte[] COPY_HEADER = "PGCOPY\n\377\r\n\0".getBytes(StandardCharsets.ISO_8859_1);

	private final DataSource dataSource;
	private final StoreKeys keys;
	private final Path spillRoot;
	private final int workers;

	StoreLoader(DataSource dataSource, StoreKeys keys, KerysProperties properties) {
		this.dataSource = dataSource;
		this.keys = keys;
		this.spillRoot = properties.dataDir().resolve("tmp").resolve("selfdata-store");
		this.workers = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
	}

	/** A record that could not be taken: its number in the file (1 = first record), the column, why. */
	record RowError(long row, String column, String code, String message) {
	}

	/** What a load did: records and subjects written, or the bad records (and how many in all). */
	record Outcome(long records, long subjects, List<RowError> errors, long errorCount) {

		boolean rejected() {
			return errorCount > 0;
		}
	}

	Outcome load(UUID datasetId, UUID generationId, StoreMapping mapping, RecordReader reader, long sizeHint,
			LocalDate today) throws IOException {
		int partitions = (int) Math.max(1, Math.min(1024, sizeHint / PARTITION_BYTES + 1));
		try (SpillFiles spill = new SpillFiles(spillRoot.resolve(generationId.toString()), partitions)) {
			long started = System.nanoTime();
			Checked checked = check(mapping, reader, spill);
			if (checked.errorCount > 0) {
				return new Outcome(0, 0, checked.errors, checked.errorCount);
			}
			if (checked.records == 0) {
				return new Outcome(0, 0, List.of(new RowError(0, null, "KRS-STORE-EMPTY", "The file holds no record.")), 1);
			}
			spill.finish();
			long read = System.nanoTime();
			long subjects = write(datasetId, generationId, spill, today);
			log.info("Self-data store of dataset {}: {} records of {} subjects read in {} ms, sealed and written in {} ms",
					datasetId, checked.records, subjects, (read - started) / 1_000_000,
					(System.nanoTime() - read) / 1_000_000);
			return new Outcome(checked.records, subjects, List.of(), 0);
		}
	}

	private record Checked(long records, List<RowError> errors, long errorCount) {
	}

	/** First pass: every record checked and normalised; good ones spilled while none was bad. */
	private Checked check(StoreMapping mapping, RecordReader reader, SpillFiles spill) throws IOException {
		List<RowError> errors = new ArrayList<>();
		long errorCount = 0;
		long row = 0;
		int m = mapping.matching().size();
		int dateIndex = mapping.date() == null ? -1 : m;
		int dataStart = m + (dateIndex < 0 ? 0 : 1);
		int seriesStart = dataStart + mapping.data().size();
		String[] normalised = new String[m];
		while (true) {
			String[] values;
			row++;
			try {
				values = reader.next();
			}
			catch (RecordReader.BadRecord e) {
				errorCount++;
				report(errors, new RowError(row, e.column, e.code, e.getMessage()));
				continue;
			}
			catch (RecordReader.Unreadable e) {
				errorCount++;
				report(errors, new RowError(row, null, "KRS-STORE-UNREADABLE", e.getMessage()));
				break;
			}
			if (values == null) {
				row--;
				break;
			}
			for (int i = 0; i < m; i++) {
				StoreMapping.Matching field = mapping.matching().get(i);
				String value = values[i];
				if (value == null || value.isBlank()) {
					errorCount++;
					report(errors, new RowError(row, field.column(), "KRS-STORE-MISSING",
							"The matching field " + field.code() + " is empty."));
					continue;
				}
				try {
					normalised[i] = field.type().matchingText(value);
				}
				catch (ValueType.NotOfType e) {
					errorCount++;
					report(errors, new RowError(row, field.column(), "KRS-STORE-TYPE",
							"The matching field " + field.code() + " is " + e.getMessage() + "."));
				}
			}
			int day = SubjectRecords.NO_DATE;
			if (dateIndex >= 0) {
				String value = values[dateIndex];
				try {
					if (value == null || value.isBlank()) {
						throw new ValueType.NotOfType("empty");
					}
					day = (int) ValueType.date(value).toEpochDay();
				}
				catch (ValueType.NotOfType e) {
					errorCount++;
					report(errors, new RowError(row, mapping.date(), "KRS-STORE-DATE",
							"The date of the record is " + e.getMessage() + "."));
				}
			}
			String[] data = new String[mapping.data().size()];
			for (int i = 0; i < data.length; i++) {
				String value = values[dataStart + i];
				if (value == null || value.isBlank()) {
					continue;
				}
				StoreMapping.Column column = mapping.data().get(i);
				try {
					data[i] = column.type().canonical(value);
				}
				catch (ValueType.NotOfType e) {
					errorCount++;
					report(errors, new RowError(row, column.column(), "KRS-STORE-TYPE",
							"The value is " + e.getMessage() + "."));
				}
			}
			double[] series = new double[mapping.series().size()];
			for (int i = 0; i < series.length; i++) {
				String value = values[seriesStart + i];
				if (value == null || value.isBlank()) {
					series[i] = Double.NaN;
					continue;
				}
				try {
					series[i] = number(value);
				}
				catch (NumberFormatException e) {
					errorCount++;
					report(errors, new RowError(row, mapping.series().get(i).column(), "KRS-STORE-NUMBER",
							"The value is not a number."));
				}
			}
			// after a bad record the rest is still checked, but no longer kept: nothing will be stored
			if (errorCount == 0) {
				spill.add(mapping.subject(normalised), new SubjectRecords.Row(day, data, series));
			}
		}
		return new Checked(row, errors, errorCount);
	}

	private static double number(String text) {
		String value = text.strip();
		if (value.indexOf(',') >= 0 || value.indexOf(' ') >= 0 || value.indexOf('\u00a0') >= 0
				|| value.indexOf('\u202f') >= 0) {
			value = value.replace(',', '.').replace(" ", "").replace("\u00a0", "").replace("\u202f", "");
		}
		double number = Double.parseDouble(value);
		if (Double.isNaN(number) || Double.isInfinite(number)) {
			throw new NumberFormatException(text);
		}
		return number;
	}

	private static void report(List<RowError> errors, RowError error) {
		if (errors.size() < MAX_REPORTED) {
			errors.add(error);
		}
	}

	/** Second pass: partitions on the pool, each worker with its own connection and COPY. */
	private long write(UUID datasetId, UUID generationId, SpillFiles spill, LocalDate today) throws IOException {
		int threads = Math.min(workers, spill.partitions());
		ExecutorService pool = Executors.newFixedThreadPool(threads, runnable -> {
			Thread thread = new Thread(runnable, "selfdata-store-load");
			thread.setDaemon(true);
			return thread;
		});
		AtomicInteger nextPartition = new AtomicInteger();
		try {
			List<Future<Long>> results = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				results.add(pool.submit(() -> copy(datasetId, generationId, spill, nextPartition, today)));
			}
			long subjects = 0;
			for (Future<Long> result : results) {
				subjects += result.get();
			}
			return subjects;
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IOException("Interrupted while loading the store.", e);
		}
		catch (java.util.concurrent.ExecutionException e) {
			if (e.getCause() instanceof IOException io) {
				throw io;
			}
			throw new IllegalStateException("Loading the store failed.", e.getCause());
		}
		finally {
			pool.shutdownNow();
		}
	}

	private long copy(UUID datasetId, UUID generationId, SpillFiles spill, AtomicInteger nextPartition,
			LocalDate today) throws IOException, SQLException {
		long subjects = 0;
		try (Connection connection = dataSource.getConnection()) {
			connection.setAutoCommit(true);
			PGConnection pg = connection.unwrap(PGConnection.class);
			try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(new PGCopyOutputStream(pg,
					"copy selfdata_store_subjects (generation_id, lookup, key_id, sealed, records, oldest, newest) "
							+ "from stdin (format binary)"), 1 << 16))) {
				out.write(COPY_HEADER);
				out.writeInt(0);
				out.writeInt(0);
				byte[] generation = uuidBytes(generationId);
				int partition;
				while ((partition = nextPartition.getAndIncrement()) < spill.partitions()) {
					for (Map.Entry<String, List<SubjectRecords.Row>> subject : spill.read(partition).entrySet()) {
						writeSubject(out, datasetId, generation, subject.getKey(), subject.getValue(), today);
						subjects++;
					}
				}
				out.writeShort(-1);
			}
			return subjects;
		}
	}

	private void writeSubject(DataOutputStream out, UUID datasetId, byte[] generation, String subject,
			List<SubjectRecords.Row> rows, LocalDate today) throws IOException {
		byte[] lookup = keys.lookup(datasetId, subject);
		StoreKeys.Sealed sealed = keys.seal(SubjectRecords.write(rows), StoreKeys.associated(datasetId, lookup));
		int oldest = Integer.MAX_VALUE;
		int newest = Integer.MIN_VALUE;
		for (SubjectRecords.Row row : rows) {
			int day = row.day() == SubjectRecords.NO_DATE ? (int) today.toEpochDay() : row.day();
			oldest = Math.min(oldest, day);
			newest = Math.max(newest, day);
		}
		byte[] keyId = sealed.keyId().getBytes(StandardCharsets.UTF_8);
		out.writeShort(7);
		out.writeInt(16);
		out.write(generation);
		out.writeInt(lookup.length);
		out.write(lookup);
		out.writeInt(keyId.length);
		out.write(keyId);
		out.writeInt(sealed.bytes().length);
		out.write(sealed.bytes());
		out.writeInt(4);
		out.writeInt(rows.size());
		out.writeInt(4);
		out.writeInt(oldest - PG_EPOCH_DAY);
		out.writeInt(4);
		out.writeInt(newest - PG_EPOCH_DAY);
	}

	static byte[] uuidBytes(UUID id) {
		return java.nio.ByteBuffer.allocate(16).putLong(id.getMostSignificantBits())
				.putLong(id.getLeastSignificantBits()).array();
	}
}
