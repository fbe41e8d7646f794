package org.kerys.federation.internal.nodes;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonRawValue;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The integration requests of nodes: the queue of what to apply and of the reports to deliver. Rows are claimed with
 * {@code FOR UPDATE SKIP LOCKED}, so several workers (or several Kerys instances) never take the same one.
 */
@Repository
class IntegrationRequests {

	/** What a request concerns: a dataset (kalim) or an organisation (strukture). */
	static final String RESOURCE = "resource";
	static final String ORGANIZATION = "organization";

	private final JdbcClient jdbc;
	private final JdbcTemplate template;

	IntegrationRequests(JdbcClient jdbc, JdbcTemplate template) {
		this.jdbc = jdbc;
		this.template = template;
	}

	/** One request as it is read back to be applied. */
	record Pending(UUID id, UUID nodeId, String kind, String method, UUID targetId, String body, String language) {
	}

	/** One request as administrators see it, with its report's delivery. */
	record Summary(UUID id, String kind, String method, @JsonProperty("target_id") UUID targetId, String version,
			@JsonProperty("submission_date") OffsetDateTime submittedAt,
			@JsonProperty("integration_status") String status,
			@JsonProperty("treatment_date") OffsetDateTime treatedAt, String comment,
			@JsonProperty("integration_errors") @JsonRawValue String errors, @JsonProperty("report_state") String reportState,
			@JsonProperty("report_attempts") int reportAttempts,
			@JsonProperty("report_next_at") OffsetDateTime reportNextAt,
			@JsonProperty("report_error") String reportError) {
	}

	/** One try to deliver a report. */
	record Attempt(int attempt, @JsonProperty("tried_at") OffsetDateTime triedAt,
			@JsonProperty("http_status") Integer httpStatus, String error) {
	}

	void insert(UUID id, UUID nodeId, String kind, String method, UUID targetId, String version, String body,
			String language) {
		jdbc.sql("""
				insert into integration_requests (id, node_id, kind, method, target_id, version, body, language)
				values (?, ?, ?, ?, ?, ?, cast(? as jsonb), ?)""")
				.params(id, nodeId, kind, method, targetId, version, body, language).update();
	}

	/**
	 * Up to {@code limit} of the oldest requests not yet applied, in their order, locked for the caller's
	 * transaction; never one with an older request for the same dataset or organisation still pending (being applied
	 * by another worker, not yet committed, or taken earlier in this list), so that a node's pushes about one dataset
	 * are applied in the order they came and the requests taken concern different datasets. The oldest pending ones
	 * are read through their own index (V16): a claim costs the same whatever the backlog and the history.
	 */
	List<Pending> claimPending(int limit) {
		return jdbc.sql("""
				select r.id, r.node_id, r.kind, r.method, r.target_id, r.body::text, r.language
				from integration_requests r
				where r.status = 'pending' and not exists (select 1 from integration_requests o
				  where o.status = 'pending' and o.target_id = r.target_id and o.seq < r.seq)
				order by r.seq limit ? for update skip locked""")
				.param(limit).query(IntegrationRequests::pending).list();
	}

	/**
	 * That request, locked for the caller's transaction, if it is still pending and no other worker holds it (one
	 * of a batch that failed together, applied again on its own).
	 */
	Optional<Pending> claimPending(UUID id) {
		return jdbc.sql("""
				select r.id, r.node_id, r.kind, r.method, r.target_id, r.body::text, r.language
				from integration_requests r where r.id = ? and r.status = 'pending' for update skip locked""")
				.param(id).query(IntegrationRequests::pending).optional();
	}

	private static Pending pending(ResultSet rs, int row) throws SQLException {
		return new Pending(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3), rs.getString(4),
				rs.getObject(5, UUID.class), rs.getString(6), rs.getString(7));
	}

	/** The outcome of applying a request. */
	record Treated(UUID id, boolean ok, String comment, String errorsJson) {
	}

	/** Records the outcomes and queues the reports (one batched statement); the body is not kept once applied. */
	void treated(List<Treated> outcomes) {
		if (outcomes.isEmpty()) {
			return;
		}
		template.batchUpdate("""
				update integration_requests set status = ?, treated_at = now(), comment = ?, errors = cast(? as jsonb),
				  body = null, report_state = 'pending', report_next_at = now()
				where id = ?""", outcomes, outcomes.size(), (ps, t) -> {
			ps.setString(1, t.ok() ? "ok" : "ko");
			ps.setString(2, t.comment());
			ps.setString(3, t.errorsJson());
			ps.setObject(4, t.id());
		});
	}

	/** Marks a request that could not be applied (its transaction failed) KO, if nothing treated it meanwhile. */
	void failed(UUID id, String comment, String errorsJson) {
		jdbc.sql("""
				update integration_requests set status = 'ko', treated_at = now(), comment = ?, errors = cast(? as jsonb),
				  body = null, report_state = 'pending', report_next_at = now()
				where id = ? and status = 'pending'""").params(comment, errorsJson, id).update();
	}

	/** What a report is made of. */
	record Report(UUID id, UUID nodeId, String kind, String method, UUID targetId, String version,
			OffsetDateTime submittedAt, OffsetDateTime treatedAt, String status, String comment, String errors,
			int attempts) {
	}

	/**
	 * Takes up to {@code limit} of the reports due first, leasing them for {@code lease} (another worker takes them
	 * again after that, should this one die while delivering): one statement whatever their number.
	 */
	List<Report> claimDueReports(Duration lease, int limit) {
		return jdbc.sql("""
				update integration_requests set report_next_at = now() + cast(? as interval)
				where id in (select id from integration_requests
				             where report_state = 'pending' and report_next_at <= now()
				             order by report_next_at limit ? for update skip locked)
				returning id, node_id, kind, method, target_id, version, submitted_at, treated_at, status, comment,
				  errors::text, report_attempts""")
				.params(lease.toSeconds() + " seconds", limit)
				.query(IntegrationRequests::report).list();
	}

	/** When the next report falls due, if any is waiting. */
	Optional<OffsetDateTime> nextReportDue() {
		return jdbc.sql("select min(report_next_at) from integration_requests where report_state = 'pending'")
				.query((rs, i) -> rs.getObject(1, OffsetDateTime.class)).optional().filter(t -> t != null);
	}

	/**
	 * One delivery try: delivered; or failed, then tried again at {@code retryAt} (null: no more tries).
	 */
	record Attempted(UUID id, int attempt, Integer httpStatus, String error, boolean delivered, OffsetDateTime retryAt) {
	}

	/** Records delivery tries, in the caller's transaction: two batched statements for them all. */
	void attempted(List<Attempted> tries) {
		if (tries.isEmpty()) {
			return;
		}
		template.batchUpdate("""
				insert into integration_report_attempts (request_id, attempt, http_status, error) values (?, ?, ?, ?)""",
				tries, tries.size(), (ps, t) -> {
					ps.setObject(1, t.id());
					ps.setInt(2, t.attempt());
					ps.setObject(3, t.httpStatus(), java.sql.Types.INTEGER);
					ps.setString(4, t.error());
				});
		template.batchUpdate("""
				update integration_requests set report_state = ?, report_attempts = ?, report_next_at = ?, report_error = ?
				where id = ?""", tries, tries.size(), (ps, t) -> {
			ps.setString(1, t.delivered() ? "delivered" : t.retryAt() == null ? "failed" : "pending");
			ps.setInt(2, t.attempt());
			ps.setObject(3, t.delivered() ? null : t.retryAt(), java.sql.Types.TIMESTAMP_WITH_TIMEZONE);
			ps.setString(4, t.delivered() ? null : t.error());
			ps.setObject(5, t.id());
		});
	}

	List<Summary> recent(UUID nodeId, int limit) {
		return jdbc.sql("""
				select id, kind, method, target_id, version, submitted_at, status, treated_at, comment, errors::text,
				  report_state, report_attempts, report_next_at, report_error
				from integration_requests where node_id = ? order by submitted_at desc, id limit ?""")
				.params(nodeId, limit)
				.query((rs, i) -> new Summary(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
						rs.getObject(4, UUID.class), rs.getString(5), rs.getObject(6, OffsetDateTime.class),
						status(rs.getString(7)), rs.getObject(8, OffsetDateTime.class), rs.getString(9), rs.getString(10),
						rs.getString(11), rs.getInt(12), rs.getObject(13, OffsetDateTime.class), rs.getString(14)))
				.list();
	}

	List<Attempt> attempts(UUID requestId) {
		return jdbc.sql("""
				select attempt, tried_at, http_status, error from integration_report_attempts
				where request_id = ? order by attempt""").param(requestId)
				.query((rs, i) -> new Attempt(rs.getInt(1), rs.getObject(2, OffsetDateTime.class),
						(Integer) rs.getObject(3), rs.getString(4)))
				.list();
	}

	private static String status(String stored) {
		return "pending".equals(stored) ? "PENDING" : stored.toUpperCase(java.util.Locale.ROOT);
	}

	private static Report report(ResultSet rs, int row) throws SQLException {
		return new Report(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3), rs.getString(4),
				rs.getObject(5, UUID.class), rs.getString(6), rs.getObject(7, OffsetDateTime.class),
				rs.getObject(8, OffsetDateTime.class), rs.getString(9), rs.getString(10), rs.getString(11),
				rs.getInt(12));
	}
}
