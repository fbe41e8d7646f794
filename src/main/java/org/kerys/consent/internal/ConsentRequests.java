package org.kerys.consent.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The requests of reuse projects for citizens' self-data of a dataset, under a treatment. */
@Repository
class ConsentRequests {

	private static final String COLUMNS = """
			r.id, r.project_id, r.treatment_id, r.dataset_id, r.message, r.created_at, r.closed_at,
			(select count(*) from consents c where c.request_id = r.id and c.status in ('given', 'renewed')
			  and c.expires_at > now())\s""";

	private final JdbcClient jdbc;

	ConsentRequests(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** A project's request; {@code liveConsents} counts the citizens who consent now (no one is named). */
	record ConsentRequest(UUID id, @JsonProperty("project_id") UUID projectId,
			@JsonProperty("treatment_id") UUID treatmentId, @JsonProperty("dataset_id") UUID datasetId, String message,
			@JsonProperty("created_at") OffsetDateTime createdAt, @JsonProperty("closed_at") OffsetDateTime closedAt,
			@JsonProperty("live_consents") long liveConsents) {

		boolean open() {
			return closedAt == null;
		}
	}

	/** @return false when the project already asks for this dataset under this treatment */
	boolean insert(UUID id, UUID projectId, UUID treatmentId, UUID datasetId, String message, UUID createdBy) {
		return jdbc.sql("""
				insert into consent_requests (id, project_id, treatment_id, dataset_id, message, created_by)
				values (?, ?, ?, ?, ?, ?) on conflict (project_id, treatment_id, dataset_id) do nothing""")
				.params(id, projectId, treatmentId, datasetId, message, createdBy).update() == 1;
	}

	Optional<ConsentRequest> find(UUID id) {
		return jdbc.sql("select " + COLUMNS + " from consent_requests r where r.id = ?").param(id)
				.query(ConsentRequests::row).optional();
	}

	Optional<ConsentRequest> find(UUID projectId, UUID treatmentId, UUID datasetId) {
		return jdbc.sql("select " + COLUMNS + """
				 from consent_requests r where r.project_id = ? and r.treatment_id = ? and r.dataset_id = ?""")
				.params(projectId, treatmentId, datasetId).query(ConsentRequests::row).optional();
	}

	List<ConsentRequest> ofProject(UUID projectId) {
		return jdbc.sql("select " + COLUMNS + " from consent_requests r where r.project_id = ? order by r.created_at desc, r.id")
				.param(projectId).query(ConsentRequests::row).list();
	}

	/** Open requests for a dataset (what a citizen who holds its data may be asked), newest first. */
	List<ConsentRequest> openFor(UUID datasetId, int limit) {
		return jdbc.sql("select " + COLUMNS + """
				 from consent_requests r where r.dataset_id = ? and r.closed_at is null order by r.created_at desc, r.id limit ?""")
				.params(datasetId, limit).query(ConsentRequests::row).list();
	}

	/** @return false when it was already closed */
	boolean close(UUID id) {
		return jdbc.sql("update consent_requests set closed_at = now() where id = ? and closed_at is null").param(id)
				.update() == 1;
	}

	private static ConsentRequest row(ResultSet rs, int i) throws SQLException {
		return new ConsentRequest(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getObject(3, UUID.class),
				rs.getObject(4, UUID.class), rs.getString(5), rs.getObject(6, OffsetDateTime.class),
				rs.getObject(7, OffsetDateTime.class), rs.getLong(8));
	}
}
