package org.kerys.federation.internal.upstream;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The last run of the node-mode backfill ({@link UpstreamBackfill}): one row, claimed by one instance at a time, its
 * counts moved forward batch by batch so that administrators follow it.
 */
@Repository
class UpstreamSyncs {

	static final String RUNNING = "running";
	static final String SUCCEEDED = "succeeded";
	static final String FAILED = "failed";

	private final JdbcClient jdbc;

	UpstreamSyncs(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * A run of the backfill as administrators see it: {@code status} running, succeeded or failed; {@code trigger}
	 * startup or manual; of the {@code total} datasets of the catalogue, {@code scanned} read so far, {@code queued}
	 * for sending, {@code unchanged} (the upstream has them as they are), {@code deletions} queued.
	 */
	record Sync(String status, String trigger, @JsonProperty("requested_by") String requestedBy,
			@JsonProperty("configuration") String configuration, long total, long scanned, long queued, long unchanged,
			long deletions, String reason, @JsonProperty("started_at") OffsetDateTime startedAt,
			@JsonProperty("updated_at") OffsetDateTime heartbeatAt,
			@JsonProperty("finished_at") OffsetDateTime finishedAt) {
	}

	/**
	 * Starts a run, unless one is running (with a heartbeat younger than {@code stale}: an older one was left by a
	 * process that stopped).
	 *
	 * @return false when a run is going on already
	 */
	boolean claim(String trigger, String actor, String configuration, long total, Duration stale) {
		return jdbc.sql("""
				insert into upstream_sync (id, status, trigger, requested_by, configuration, total)
				values (1, 'running', ?, ?, ?, ?)
				on conflict (id) do update set status = 'running', trigger = excluded.trigger,
				  requested_by = excluded.requested_by, configuration = excluded.configuration, total = excluded.total,
				  scanned = 0, queued = 0, unchanged = 0, deletions = 0, reason = null, started_at = now(),
				  heartbeat_at = now(), finished_at = null
				where upstream_sync.status <> 'running' or upstream_sync.heartbeat_at < ?""")
				.params(trigger, actor, configuration, total, OffsetDateTime.now().minus(stale)).update() > 0;
	}

	/** One more batch done. */
	void progress(long scanned, long queued, long unchanged, long deletions) {
		jdbc.sql("""
				update upstream_sync set scanned = scanned + ?, queued = queued + ?, unchanged = unchanged + ?,
				  deletions = deletions + ?, heartbeat_at = now()
				where id = 1 and status = 'running'""").params(scanned, queued, unchanged, deletions).update();
	}

	void finish(String status, String reason) {
		jdbc.sql("""
				update upstream_sync set status = ?, reason = ?, finished_at = now(), heartbeat_at = now()
				where id = 1 and status = 'running'""").params(status, reason).update();
	}

	Optional<Sync> last() {
		return jdbc.sql("""
				select status, trigger, requested_by, configuration, total, scanned, queued, unchanged, deletions, reason,
				  started_at, heartbeat_at, finished_at
				from upstream_sync where id = 1""")
				.query((rs, i) -> new Sync(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
						rs.getLong(5), rs.getLong(6), rs.getLong(7), rs.getLong(8), rs.getLong(9), rs.getString(10),
						rs.getObject(11, OffsetDateTime.class), rs.getObject(12, OffsetDateTime.class),
						rs.getObject(13, OffsetDateTime.class)))
				.optional();
	}
}
