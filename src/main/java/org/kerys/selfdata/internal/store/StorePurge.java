package org.kerys.selfdata.internal.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import javax.sql.DataSource;

import org.kerys.audit.AuditLedger;
import org.kerys.catalog.Catalog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import tools.jackson.databind.JsonNode;

/**
 * Deletes personal records older than their dataset's {@code storage_period} ({@code {"value": 6, "unit":
 * "MONTHS"}}; DAYS, MONTHS or YEARS; {@code units} is read too, as the RUDI schema's required list spells it). A
 * record's age is its date (the time-series date column), or the day of its upload without one. Subjects whose
 * records are all too old go; the others are opened and sealed again without the old records. Also deletes
 * generations no longer answered from (replaced, or left by an interrupted upload) and the store of a dataset that
 * was deleted. One instance at a time: a PostgreSQL advisory lock, held for the run.
 */
@Component
public class StorePurge {

	private static final Logger log = LoggerFactory.getLogger(StorePurge.class);
	private static final long LOCK = 0x5e1f_da7a_5707_e000L;
	private static final int BATCH = 500;

	private final DataSource dataSource;
	private final JdbcClient jdbc;
	private final StoreGenerations generations;
	private final StoreKeys keys;
	private final Catalog catalog;
	private final AuditLedger ledger;
	private final TransactionTemplate transaction;

	StorePurge(DataSource dataSource, JdbcClient jdbc, StoreGenerations generations, StoreKeys keys, Catalog catalog,
			AuditLedger ledger, PlatformTransactionManager transactions) {
		this.dataSource = dataSource;
		this.jdbc = jdbc;
		this.generations = generations;
		this.keys = keys;
		this.catalog = catalog;
		this.ledger = ledger;
		this.transaction = new TransactionTemplate(transactions);
	}

	/** What a run did; {@code ran} is false when another instance was running it. */
	public record Report(boolean ran, long records, long subjects, int generations) {
	}

	@Scheduled(fixedDelayString = "${kerys.selfdata.store.purge-every:1h}",
			initialDelayString = "${kerys.selfdata.store.purge-every:1h}")
	void scheduled() {
		try {
			Report report = purge(LocalDate.now(ZoneOffset.UTC));
			if (report.records() > 0 || report.generations() > 0) {
				log.info("Self-data store purge: {} records of {} subjects past their storage period, {} old generations",
						report.records(), report.subjects(), report.generations());
			}
		}
		catch (RuntimeException e) {
			log.warn("Self-data store purge failed: {}", e.toString());
		}
	}

	public Report purge(LocalDate today) {
		try (Connection lock = dataSource.getConnection()) {
			lock.setAutoCommit(true);
			if (!tryLock(lock)) {
				return new Report(false, 0, 0, 0);
			}
			try {
				int leftovers = leftovers();
				long records = 0;
				long subjects = 0;
				for (UUID datasetId : jdbc.sql("select dataset_id from selfdata_stores").query(UUID.class).list()) {
					long[] done = purgeDataset(datasetId, today);
					records += done[0];
					subjects += done[1];
				}
				return new Report(true, records, subjects, leftovers);
			}
			finally {
				try (PreparedStatement unlock = lock.prepareStatement("select pg_advisory_unlock(?)")) {
					unlock.setLong(1, LOCK);
					unlock.execute();
				}
			}
		}
		catch (SQLException e) {
			throw new IllegalStateException("The self-data store purge could not run: " + e.getMessage(), e);
		}
	}

	private static boolean tryLock(Connection connection) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement("select pg_try_advisory_lock(?)")) {
			statement.setLong(1, LOCK);
			try (ResultSet result = statement.executeQuery()) {
				return result.next() && result.getBoolean(1);
			}
		}
	}

	/** Generations nobody answers from: replaced ones, and loads interrupted more than six hours ago. */
	private int leftovers() {
		List<UUID> gone = jdbc.sql("""
				select generation_id from selfdata_store_generations g
				where not exists (select 1 from selfdata_stores s where s.generation_id = g.generation_id)
				and (state <> 'LOADING' or uploaded_at < now() - interval '6 hours')""").query(UUID.class).list();
		gone.forEach(generations::discard);
		return gone.size();
	}

	/** @return records and subjects deleted */
	private long[] purgeDataset(UUID datasetId, LocalDate today) {
		Optional<JsonNode> period = catalog.dataset(datasetId)
				.map(record -> StoreRules.SelfdataDataset.of(record).storagePeriod());
		if (period.isEmpty()) {
			return dropStore(datasetId);
		}
		LocalDate cutoff = cutoff(period.get(), today);
		if (cutoff == null) {
			return new long[] { 0, 0 };
		}
		long[] done = transaction.execute(status -> {
			generations.lock(datasetId);
			UUID generation = generations.current(datasetId).map(StoreGenerations.Current::generationId).orElse(null);
			if (generation == null) {
				return new long[] { 0, 0 };
			}
			List<Integer> deleted = jdbc.sql("""
					delete from selfdata_store_subjects where generation_id = :g and newest < :cutoff returning records""")
					.param("g", generation).param("cutoff", cutoff).query(Integer.class).list();
			long records = deleted.stream().mapToLong(Integer::longValue).sum();
			records += trim(datasetId, generation, cutoff);
			jdbc.sql("""
					update selfdata_store_generations set records = greatest(records - :records, 0),
					subjects = greatest(subjects - :subjects, 0) where generation_id = :g""")
					.param("records", records).param("subjects", deleted.size()).param("g", generation).update();
			if (records > 0) {
				ledger.record(AuditLedger.SYSTEM, "selfdata.store.purged", "dataset", datasetId.toString(),
						AuditLedger.SUCCESS, Map.of("records", records, "subjects", deleted.size(),
								"before", cutoff.toString()));
			}
			return new long[] { records, deleted.size() };
		});
		return done;
	}

	/** Subjects with some records too old: opened, the old records dropped, sealed again. */
	private long trim(UUID datasetId, UUID generation, LocalDate cutoff) {
		int cutoffDay = (int) cutoff.toEpochDay();
		long dropped = 0;
		while (true) {
			record Row(byte[] lookup, String keyId, byte[] sealed) {
			}
			List<Row> rows = jdbc.sql("""
					select lookup, key_id, sealed from selfdata_store_subjects
					where generation_id = :g and oldest < :cutoff limit :batch""")
					.param("g", generation).param("cutoff", cutoff).param("batch", BATCH)
					.query((rs, n) -> new Row(rs.getBytes(1), rs.getString(2), rs.getBytes(3))).list();
			if (rows.isEmpty()) {
				return dropped;
			}
			for (Row row : rows) {
				byte[] associated = StoreKeys.associated(datasetId, row.lookup());
				List<SubjectRecords.Row> kept = new ArrayList<>();
				int oldest = Integer.MAX_VALUE;
				List<SubjectRecords.Row> all = SubjectRecords.read(keys.open(row.keyId(), row.sealed(), associated));
				for (SubjectRecords.Row record : all) {
					if (record.day() == SubjectRecords.NO_DATE || record.day() >= cutoffDay) {
						kept.add(record);
						if (record.day() != SubjectRecords.NO_DATE) {
							oldest = Math.min(oldest, record.day());
						}
					}
				}
				dropped += all.size() - kept.size();
				StoreKeys.Sealed sealed = keys.seal(SubjectRecords.write(kept), associated);
				jdbc.sql("""
						update selfdata_store_subjects set key_id = :key, sealed = :sealed, records = :records,
						oldest = :oldest where generation_id = :g and lookup = :lookup""")
						.param("key", sealed.keyId()).param("sealed", sealed.bytes()).param("records", kept.size())
						.param("oldest", oldest == Integer.MAX_VALUE ? cutoff : LocalDate.ofEpochDay(oldest))
						.param("g", generation).param("lookup", row.lookup()).update();
			}
		}
	}

	/** The dataset is gone: so are its citizens' records. */
	private long[] dropStore(UUID datasetId) {
		return transaction.execute(status -> {
			generations.lock(datasetId);
			Optional<StoreGenerations.Status> current = generations.status(datasetId);
			if (current.isEmpty()) {
				return new long[] { 0, 0 };
			}
			jdbc.sql("delete from selfdata_stores where dataset_id = :d").param("d", datasetId).update();
			generations.discard(current.get().generationId());
			ledger.record(AuditLedger.SYSTEM, "selfdata.store.purged", "dataset", datasetId.toString(),
					AuditLedger.SUCCESS, Map.of("records", current.get().records(), "reason", "dataset deleted"));
			return new long[] { current.get().records(), current.get().subjects() };
		});
	}

	/** The first day records are kept from; null when the dataset's storage period cannot be read. */
	static LocalDate cutoff(JsonNode period, LocalDate today) {
		JsonNode value = period.path("value");
		String unit = period.path("unit").asString(period.path("units").asString(""));
		if (!value.canConvertToInt() || value.asInt() < 0) {
			return null;
		}
		int n = value.asInt();
		return switch (unit.toUpperCase(java.util.Locale.ROOT)) {
			case "DAYS" -> today.minusDays(n);
			case "MONTHS" -> today.minusMonths(n);
			case "YEARS" -> today.minusYears(n);
			default -> null;
		};
	}
}
