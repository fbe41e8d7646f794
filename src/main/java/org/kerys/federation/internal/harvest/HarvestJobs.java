package org.kerys.federation.internal.harvest;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** The harvest jobs: one row each, its counts moved forward page by page. */
@Repository
public class HarvestJobs {

	/** At most this many record problems are kept per job ({@code error_count} counts them all). */
	static final int MAX_ERRORS = 1000;

	private static final String SELECT = """
			select id, origin_id, origin_kind, status, full_harvest, modified_since, trigger, requested_by,
			  created, updated, deleted, rejected, unchanged, pages, errors, error_count, reason, started_at,
			  heartbeat_at, finished_at
			from harvest_jobs
			""";

	private final JdbcClient jdbc;
	private final JsonMapper json;

	HarvestJobs(JdbcClient jdbc, JsonMapper json) {
		this.jdbc = jdbc;
		this.json = json;
	}

	/** @return false when a job of this origin is running already */
	boolean insert(UUID id, Origin origin, boolean full, OffsetDateTime modifiedSince, String trigger, String actor,
			String language, OffsetDateTime startedAt) {
		return jdbc.sql("""
				insert into harvest_jobs (id, origin_id, origin_kind, full_harvest, modified_since, trigger,
				  requested_by, language, started_at, heartbeat_at)
				values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
				on conflict (origin_id) where status = 'running' do nothing""")
				.params(id, origin.id(), origin.kind(), full, modifiedSince, trigger, actor, language, startedAt,
						startedAt)
				.update() > 0;
	}

	/** A running job whose heartbeat stopped longer ago than {@code stale} was left by a process that stopped. */
	void abandonStale(UUID originId, Duration stale) {
		jdbc.sql("""
				update harvest_jobs set status = 'failed', finished_at = now(),
				  reason = 'Interrupted: the Kerys process that ran it stopped before the end.'
				where origin_id = ? and status = 'running' and heartbeat_at < ?""")
				.params(originId, OffsetDateTime.now().minus(stale)).update();
	}

	/** One more page applied: its counts and problems (those beyond {@link #MAX_ERRORS} counted, not kept). */
	void progress(UUID id, HarvestJob.Counts counts, boolean page, List<HarvestJob.HarvestError> errors) {
		jdbc.sql("""
				update harvest_jobs set created = created + ?, updated = updated + ?, deleted = deleted + ?,
				  rejected = rejected + ?, unchanged = unchanged + ?, pages = pages + ?, heartbeat_at = now(),
				  errors = errors || coalesce((select jsonb_agg(t.e order by t.n)
				    from jsonb_array_elements(?::jsonb) with ordinality t(e, n)
				    where t.n <= ? - jsonb_array_length(harvest_jobs.errors)), '[]'::jsonb),
				  error_count = error_count + ?
				where id = ?""")
				.params(counts.created(), counts.updated(), counts.deleted(), counts.rejected(), counts.unchanged(),
						page ? 1 : 0, json.writeValueAsString(errors), MAX_ERRORS, errors.size(), id)
				.update();
	}

	/** Ends a running job (one that a sweep marked abandoned meanwhile stays as it is). */
	void finish(UUID id, String status, String reason) {
		jdbc.sql("""
				update harvest_jobs set status = ?, reason = ?, finished_at = now(), heartbeat_at = now()
				where id = ? and status = 'running'""").params(status, reason, id).update();
	}

	void deleteOf(UUID originId) {
		jdbc.sql("delete from harvest_jobs where origin_id = ?").param(originId).update();
	}

	public Optional<HarvestJob> find(UUID id) {
		return jdbc.sql(SELECT + " where id = ?").param(id).query(this::job).optional();
	}

	/** The latest jobs of a node or source (all origins when null), newest first, without their errors. */
	public List<HarvestJob> recent(UUID originId, int limit) {
		String where = originId == null ? "" : " where origin_id = :origin";
		var spec = jdbc.sql(SELECT + where + " order by started_at desc, id limit :limit").param("limit", limit);
		if (originId != null) {
			spec = spec.param("origin", originId);
		}
		return spec.query(this::job).list().stream().map(HarvestJob::withoutErrors).toList();
	}

	private HarvestJob job(ResultSet rs, int row) throws SQLException {
		UUID origin = rs.getObject(2, UUID.class);
		boolean node = Origin.NODE.equals(rs.getString(3));
		List<HarvestJob.HarvestError> errors = json.readValue(rs.getString(15),
				new TypeReference<List<HarvestJob.HarvestError>>() {
				});
		return new HarvestJob(rs.getObject(1, UUID.class), node ? origin : null, node ? null : origin, rs.getString(4),
				rs.getBoolean(5), rs.getObject(6, OffsetDateTime.class), rs.getString(7), rs.getString(8),
				new HarvestJob.Counts(rs.getInt(9), rs.getInt(10), rs.getInt(11), rs.getInt(12), rs.getInt(13)),
				rs.getInt(14), errors, rs.getInt(16), rs.getString(17), rs.getObject(18, OffsetDateTime.class),
				rs.getObject(19, OffsetDateTime.class), rs.getObject(20, OffsetDateTime.class));
	}
}
