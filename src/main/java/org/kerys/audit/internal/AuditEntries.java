package org.kerys.audit.internal;

import org.kerys.platform.CanonicalJson;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The {@code audit_entries} table and its head: appending under the head's row lock, reading in sequence order for
 * verification, and filtered listing.
 */
@Repository
class AuditEntries {

	static final String COLUMNS = "sequence, recorded_at, actor, action, target_type, target_id, outcome, details, "
			+ "previous_hash, hash";

	private final JdbcClient jdbc;
	private final JdbcTemplate template;

	AuditEntries(JdbcClient jdbc, JdbcTemplate template) {
		this.jdbc = jdbc;
		// Inside a transaction, PostgreSQL's driver then reads the table in slices instead of all at once.
		this.template = new JdbcTemplate(template.getDataSource());
		this.template.setFetchSize(1000);
	}

	/** The last link of the chain. */
	record Head(long sequence, String hash) {
	}

	/**
	 * Appends entries after the head, in the caller's transaction. The head's row stays locked until that
	 * transaction ends: appends from every Kerys instance on this database queue there, so sequence numbers are
	 * gap-free and each entry links to the one committed before it. (Under READ COMMITTED, Kerys' default, a waiting
	 * append reads the head as the previous one committed it; under REPEATABLE READ it would fail with a
	 * serialization error rather than fork the chain.)
	 */
	List<AuditEntry> append(List<NewEntry> entries) {
		Head head = jdbc.sql("select sequence, hash from audit_head where id = 1 for update")
				.query((rs, i) -> new Head(rs.getLong(1), rs.getString(2))).single();
		Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
		long sequence = head.sequence();
		String previous = head.hash();
		List<AuditEntry> rows = new ArrayList<>(entries.size());
		for (NewEntry e : entries) {
			sequence++;
			String hash = EntryHash.of(sequence, now, e.actor(), e.action(), e.targetType(), e.targetId(), e.outcome(),
					e.details(), previous);
			rows.add(new AuditEntry(sequence, now, e.actor(), e.action(), e.targetType(), e.targetId(), e.outcome(),
					e.details(), previous, hash));
			previous = hash;
		}
		template.batchUpdate("insert into audit_entries (" + COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?)",
				rows, 500, (ps, row) -> {
					ps.setLong(1, row.sequence());
					ps.setObject(2, OffsetDateTime.ofInstant(row.time(), ZoneOffset.UTC));
					ps.setString(3, row.actor());
					ps.setString(4, row.action());
					ps.setString(5, row.targetType());
					ps.setString(6, row.targetId());
					ps.setString(7, row.outcome());
					ps.setString(8, CanonicalJson.write(row.details()));
					ps.setString(9, row.previousHash());
					ps.setString(10, row.hash());
				});
		return rows;
	}

	Head head() {
		return jdbc.sql("select sequence, hash from audit_head where id = 1")
				.query((rs, i) -> new Head(rs.getLong(1), rs.getString(2))).single();
	}

	/** Every entry in sequence order; call inside a transaction so that the rows stream. */
	void forEach(Consumer<AuditEntry> consumer) {
		template.query("select " + COLUMNS + " from audit_entries order by sequence",
				(RowCallbackHandler) rs -> consumer.accept(entry(rs)));
	}

	/** Filters of the administrator's listing; null means any. {@code from} inclusive, {@code to} exclusive. */
	record Filter(String actor, String action, String targetType, String targetId, Instant from, Instant to) {
	}

	record Listing(long total, List<AuditEntry> items) {
	}

	/** Newest first. */
	Listing list(Filter filter, int limit, int offset) {
		StringBuilder where = new StringBuilder(" where true");
		Map<String, Object> params = new LinkedHashMap<>();
		condition(where, params, "actor", filter.actor());
		condition(where, params, "action", filter.action());
		condition(where, params, "target_type", filter.targetType());
		condition(where, params, "target_id", filter.targetId());
		if (filter.from() != null) {
			where.append(" and recorded_at >= :from");
			params.put("from", OffsetDateTime.ofInstant(filter.from(), ZoneOffset.UTC));
		}
		if (filter.to() != null) {
			where.append(" and recorded_at < :to");
			params.put("to", OffsetDateTime.ofInstant(filter.to(), ZoneOffset.UTC));
		}
		long total = jdbc.sql("select count(*) from audit_entries" + where).params(params).query(Long.class).single();
		List<AuditEntry> items = jdbc.sql("select " + COLUMNS + " from audit_entries" + where
				+ " order by sequence desc limit :limit offset :offset")
				.params(params).param("limit", limit).param("offset", offset)
				.query((rs, i) -> entry(rs)).list();
		return new Listing(total, items);
	}

	/**
	 * The entries about one account, newest first: those it made (its id as actor) and those done to it (its id as
	 * the target of type {@code account}).
	 */
	Listing about(String accountId, int limit, int offset) {
		String where = " where actor = :id or (target_type = 'account' and target_id = :id)";
		long total = jdbc.sql("select count(*) from audit_entries" + where).param("id", accountId).query(Long.class)
				.single();
		List<AuditEntry> items = jdbc.sql("select " + COLUMNS + " from audit_entries" + where
				+ " order by sequence desc limit :limit offset :offset")
				.param("id", accountId).param("limit", limit).param("offset", offset)
				.query((rs, i) -> entry(rs)).list();
		return new Listing(total, items);
	}

	private static void condition(StringBuilder where, Map<String, Object> params, String column, String value) {
		if (value != null) {
			where.append(" and ").append(column).append(" = :").append(column);
			params.put(column, value);
		}
	}

	private static AuditEntry entry(ResultSet rs) throws SQLException {
		return new AuditEntry(rs.getLong(1), rs.getObject(2, OffsetDateTime.class).toInstant(), rs.getString(3),
				rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7),
				CanonicalJson.read(rs.getString(8)), rs.getString(9), rs.getString(10));
	}
}
