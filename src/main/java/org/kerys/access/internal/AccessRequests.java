package org.kerys.access.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Projects' requests for restricted datasets. */
@Repository
class AccessRequests {

	private static final String COLUMNS = """
			r.id, r.project_id, r.dataset_id, r.producer_id, r.media_ids, r.purpose, r.requested_end_date, r.message,
			r.state, r.created_at, (select a.id from agreements a where a.request_id = r.id)""";

	private final JdbcClient jdbc;

	AccessRequests(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** A request as stored; {@code agreementId} once accepted. */
	record AccessRequest(UUID id, @JsonProperty("project_id") UUID projectId,
			@JsonProperty("dataset_id") UUID datasetId, @JsonProperty("producer_id") UUID producerId,
			@JsonProperty("media_ids") List<UUID> mediaIds, String purpose,
			@JsonProperty("requested_end_date") LocalDate requestedEndDate, String message, String state,
			@JsonProperty("created_at") OffsetDateTime createdAt, @JsonProperty("agreement_id") UUID agreementId) {
	}

	void insert(UUID id, UUID projectId, UUID datasetId, UUID producerId, List<UUID> mediaIds, String purpose,
			LocalDate requestedEndDate, String message, UUID createdBy) {
		jdbc.sql("""
				insert into access_requests (id, project_id, dataset_id, producer_id, media_ids, purpose,
				  requested_end_date, message, state, created_by)
				values (?, ?, ?, ?, ?, ?, ?, ?, 'SUBMITTED', ?)""")
				.params(id, projectId, datasetId, producerId, mediaIds.toArray(UUID[]::new), purpose,
						requestedEndDate == null ? null : java.sql.Date.valueOf(requestedEndDate), message, createdBy)
				.update();
	}

	Optional<AccessRequest> find(UUID id) {
		return jdbc.sql("select " + COLUMNS + " from access_requests r where r.id = ?").param(id)
				.query(AccessRequests::row).optional();
	}

	/**
	 * Moves a request from SUBMITTED to {@code state}, in one statement, so that two decisions at the same moment
	 * cannot both win. @return false when it was no longer SUBMITTED
	 */
	boolean decide(UUID id, String state) {
		return jdbc.sql("update access_requests set state = ? where id = ? and state = 'SUBMITTED'")
				.params(state, id).update() > 0;
	}

	boolean pending(UUID projectId, UUID datasetId) {
		return jdbc.sql("""
				select count(*) from access_requests where project_id = ? and dataset_id = ? and state = 'SUBMITTED'""")
				.params(projectId, datasetId).query(Long.class).single() > 0;
	}

	/** A project's requests, or a producer's, newest first; {@code state} null for every state. */
	List<AccessRequest> list(UUID projectId, UUID producerId, String state, int limit, int offset) {
		return jdbc.sql("select " + COLUMNS + """
				 from access_requests r where (cast(? as uuid) is null or r.project_id = ?)
				and (cast(? as uuid) is null or r.producer_id = ?) and (cast(? as text) is null or r.state = ?)
				order by r.created_at desc, r.id limit ? offset ?""")
				.params(projectId, projectId, producerId, producerId, state, state, limit, offset)
				.query(AccessRequests::row).list();
	}

	private static AccessRequest row(ResultSet rs, int i) throws SQLException {
		return new AccessRequest(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getObject(3, UUID.class),
				rs.getObject(4, UUID.class), List.of((UUID[]) rs.getArray(5).getArray()), rs.getString(6),
				rs.getObject(7, LocalDate.class), rs.getString(8), rs.getString(9),
				rs.getObject(10, OffsetDateTime.class), rs.getObject(11, UUID.class));
	}
}
