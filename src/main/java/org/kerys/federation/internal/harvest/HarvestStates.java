package org.kerys.federation.internal.harvest;

import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Per node or source: how far its harvests got, and its next scheduled run. */
@Repository
class HarvestStates {

	/**
	 * @param highWaterMark when the last successful harvest started: the next incremental one asks for what changed
	 *        since (minus an overlap)
	 * @param lastFullAt when the last complete full harvest started
	 */
	record State(OffsetDateTime highWaterMark, OffsetDateTime lastFullAt, String schedule, OffsetDateTime nextRunAt) {
	}

	private final JdbcClient jdbc;

	HarvestStates(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	Optional<State> find(UUID originId) {
		return jdbc.sql("select high_water_mark, last_full_at, schedule, next_run_at from harvest_state where origin_id = ?")
				.param(originId)
				.query((rs, row) -> new State(rs.getObject(1, OffsetDateTime.class), rs.getObject(2, OffsetDateTime.class),
						rs.getString(3), rs.getObject(4, OffsetDateTime.class)))
				.optional();
	}

	/** A harvest that started at {@code startedAt} succeeded: the next one resumes from there. */
	void succeeded(UUID originId, OffsetDateTime startedAt, boolean full) {
		jdbc.sql("""
				insert into harvest_state (origin_id, high_water_mark, last_full_at) values (:origin, :at, :full)
				on conflict (origin_id) do update set
				  high_water_mark = greatest(harvest_state.high_water_mark, excluded.high_water_mark),
				  last_full_at = coalesce(excluded.last_full_at, harvest_state.last_full_at)""")
				.param("origin", originId).param("at", startedAt).param("full", full ? startedAt : null).update();
	}

	/**
	 * Takes the scheduled run due at {@code due} (or sets the first one when there was none, or the schedule
	 * changed): only one caller, of one Kerys instance, gets true for a given due time.
	 */
	boolean claim(UUID originId, String schedule, OffsetDateTime due, OffsetDateTime next) {
		return jdbc.sql("""
				update harvest_state set next_run_at = :next
				where origin_id = :origin and schedule = :schedule and next_run_at = :due""")
				.param("next", next).param("origin", originId).param("schedule", schedule).param("due", due)
				.update() > 0;
	}

	/** Plans the next run of a schedule that is new (or changed). */
	void plan(UUID originId, String schedule, OffsetDateTime next) {
		jdbc.sql("""
				insert into harvest_state (origin_id, schedule, next_run_at) values (?, ?, ?)
				on conflict (origin_id) do update set schedule = excluded.schedule, next_run_at = excluded.next_run_at""")
				.params(originId, schedule, next).update();
	}

	void forget(UUID originId) {
		jdbc.sql("delete from harvest_state where origin_id = ?").param(originId).update();
	}
}
