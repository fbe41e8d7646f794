package org.kerys.access.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Agreements: the conditions under which a project may use a restricted dataset. An ACTIVE agreement whose end date
 * has passed is EXPIRED, whatever the stored state says: {@link Agreement#state()} is computed from the clock at
 * each read, and {@link #expire} writes the change the first time a read sees it.
 */
@Repository
class Agreements {

	private static final String COLUMNS = """
			a.id, a.request_id, a.project_id, a.dataset_id, a.producer_id, a.media_ids, a.purpose, a.start_date,
			a.end_date, a.rate_limit_per_minute, a.bytes_per_day, a.state, a.created_at""";

	private final JdbcClient jdbc;

	Agreements(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	record Agreement(UUID id, @JsonProperty("request_id") UUID requestId, @JsonProperty("project_id") UUID projectId,
			@JsonProperty("dataset_id") UUID datasetId, @JsonProperty("producer_id") UUID producerId,
			@JsonProperty("media_ids") List<UUID> mediaIds, String purpose,
			@JsonProperty("start_date") OffsetDateTime startDate, @JsonProperty("end_date") OffsetDateTime endDate,
			@JsonProperty("rate_limit_per_minute") Integer rateLimitPerMinute,
			@JsonProperty("bytes_per_day") Long bytesPerDay, @JsonIgnore String storedState,
			@JsonProperty("created_at") OffsetDateTime createdAt) {

		/**
		 * The last day access holds, as people read an end date: an agreement "until 2027-06-30" ends at the start of
		 * 2027-07-01 (UTC), so its last day is the 30th, not the date of the instant it ends.
		 */
		@JsonIgnore
		public java.time.LocalDate lastDay() {
			return endDate.minusNanos(1).toLocalDate();
		}

		/** The state at this moment: ACTIVE turns EXPIRED when the end date is reached. */
		@JsonProperty("state")
		String state() {
			return "ACTIVE".equals(storedState) && !endDate.isAfter(OffsetDateTime.now()) ? "EXPIRED" : storedState;
		}

		boolean active() {
			return "ACTIVE".equals(state());
		}
	}

	void insert(UUID id, UUID requestId, UUID projectId, UUID datasetId, UUID producerId, List<UUID> mediaIds,
			String purpose, OffsetDateTime endDate, Integer ratePerMinute, Long bytesPerDay) {
		jdbc.sql("""
				insert into agreements (id, request_id, project_id, dataset_id, producer_id, media_ids, purpose, start_date,
				  end_date, rate_limit_per_minute, bytes_per_day, state)
				values (?, ?, ?, ?, ?, ?, ?, now(), ?, ?, ?, 'ACTIVE')""")
				.params(id, requestId, projectId, datasetId, producerId, mediaIds.toArray(UUID[]::new), purpose, endDate,
						ratePerMinute, bytesPerDay)
				.update();
	}

	Optional<Agreement> find(UUID id) {
		return jdbc.sql("select " + COLUMNS + " from agreements a where a.id = ?").param(id).query(Agreements::row)
				.optional();
	}

	/**
	 * Ends an ACTIVE agreement that has not reached its end date (REVOKED, ENDED), in one statement.
	 *
	 * @return false when it was not active any more
	 */
	boolean close(UUID id, String state) {
		return jdbc.sql("update agreements set state = ? where id = ? and state = 'ACTIVE' and end_date > now()")
				.params(state, id).update() > 0;
	}

	/** Writes EXPIRED on an ACTIVE agreement past its end date. @return whether this call did */
	boolean expire(UUID id) {
		return jdbc.sql("update agreements set state = 'EXPIRED' where id = ? and state = 'ACTIVE' and end_date <= now()")
				.param(id).update() > 0;
	}

	/**
	 * The ACTIVE agreement, unexpired at this moment, of one of these projects that covers this media; the one that
	 * lasts longest when there are several.
	 */
	Optional<Agreement> covering(java.util.Collection<UUID> projectIds, UUID datasetId, UUID mediaId) {
		if (projectIds.isEmpty()) {
			return Optional.empty();
		}
		return jdbc.sql("select " + COLUMNS + """
				 from agreements a where a.project_id = any(?) and a.dataset_id = ? and ? = any(a.media_ids)
				and a.state = 'ACTIVE' and a.end_date > now() order by a.end_date desc, a.id limit 1""")
				.params(projectIds.toArray(UUID[]::new), datasetId, mediaId).query(Agreements::row).optional();
	}

	/** A project's agreements, or a producer's, newest first. */
	List<Agreement> list(UUID projectId, UUID producerId, int limit, int offset) {
		return jdbc.sql("select " + COLUMNS + """
				 from agreements a where (cast(? as uuid) is null or a.project_id = ?)
				and (cast(? as uuid) is null or a.producer_id = ?) order by a.created_at desc, a.id limit ? offset ?""")
				.params(projectId, projectId, producerId, producerId, limit, offset).query(Agreements::row).list();
	}

	private static Agreement row(ResultSet rs, int i) throws SQLException {
		return new Agreement(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getObject(3, UUID.class),
				rs.getObject(4, UUID.class), rs.getObject(5, UUID.class), List.of((UUID[]) rs.getArray(6).getArray()),
				rs.getString(7), rs.getObject(8, OffsetDateTime.class), rs.getObject(9, OffsetDateTime.class),
				rs.getObject(10, Integer.class), rs.getObject(11, Long.class), rs.getString(12),
				rs.getObject(13, OffsetDateTime.class));
	}
}
