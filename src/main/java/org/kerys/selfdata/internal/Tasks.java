package org.kerys.selfdata.internal;

import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.kerys.selfdata.internal.crypto.PersonalKeys;
import org.kerys.selfdata.internal.crypto.PersonalKeys.Sealed;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The producers' self-data tasks table (OUT requests, moderation, erasure, rectification). */
@Repository
class Tasks {

	static final String OUT = "OUT";
	static final String MODERATION = "MODERATION";
	static final String ERASURE = "ERASURE";
	static final String RECTIFICATION = "RECTIFICATION";
	static final String OPEN = "OPEN";
	static final String TREATED = "TREATED";
	static final String CANCELLED = "CANCELLED";

	private static final String COLUMNS = "id, request_id, organization_id, dataset_id, kind, status, due_at, outcome, "
			+ "answer, treated_by, treated_at, created_at";

	private final JdbcClient jdbc;
	private final PersonalKeys keys;

	Tasks(JdbcClient jdbc, PersonalKeys keys) {
		this.jdbc = jdbc;
		this.keys = keys;
	}

	/** A task as listed: never the citizen's values nor message. */
	record Task(UUID id, @JsonProperty("request_id") UUID requestId,
			@JsonProperty("organization_id") UUID organizationId, @JsonProperty("dataset_id") UUID datasetId,
			String kind, String status, @JsonProperty("due_at") OffsetDateTime dueAt, String outcome, String answer,
			@JsonProperty("treated_by") String treatedBy, @JsonProperty("treated_at") OffsetDateTime treatedAt,
			@JsonProperty("created_at") OffsetDateTime createdAt) {
	}

	private static byte[] ad(UUID id) {
		return ("selfdata_tasks/" + id).getBytes(StandardCharsets.US_ASCII);
	}

	UUID insert(UUID requestId, UUID organizationId, UUID datasetId, String kind, OffsetDateTime dueAt, String message) {
		UUID id = UUID.randomUUID();
		Sealed sealed = message == null || message.isBlank() ? null
				: keys.seal(message.getBytes(StandardCharsets.UTF_8), ad(id));
		jdbc.sql("""
				insert into selfdata_tasks (id, request_id, organization_id, dataset_id, kind, status, due_at,
				  message_key_id, message_sealed) values (?, ?, ?, ?, ?, 'OPEN', ?, ?, ?)""")
				.params(id, requestId, organizationId, datasetId, kind, dueAt, sealed == null ? null : sealed.keyId(),
						sealed == null ? null : sealed.bytes())
				.update();
		return id;
	}

	Optional<Task> find(UUID id) {
		return jdbc.sql("select " + COLUMNS + " from selfdata_tasks where id = ?").param(id).query(Tasks::map)
				.optional();
	}

	Optional<Task> lock(UUID id) {
		return jdbc.sql("select " + COLUMNS + " from selfdata_tasks where id = ? for update").param(id)
				.query(Tasks::map).optional();
	}

	/** The citizen's message (erasure, rectification), opened. */
	Optional<String> message(UUID id) {
		return jdbc.sql("select message_key_id, message_sealed from selfdata_tasks where id = ? "
				+ "and message_sealed is not null").param(id)
				.query((rs, i) -> new String(keys.open(rs.getString(1), rs.getBytes(2), ad(id)), StandardCharsets.UTF_8))
				.optional();
	}

	List<Task> ofOrganization(UUID organizationId, String status, int limit, int offset) {
		return jdbc.sql("select " + COLUMNS + " from selfdata_tasks where organization_id = ? "
				+ (status == null ? "and ?::text is null " : "and status = ? ")
				+ "order by (status = 'OPEN') desc, due_at, id limit ? offset ?")
				.params(organizationId, status, limit, offset).query(Tasks::map).list();
	}

	List<Task> ofRequest(UUID requestId) {
		return jdbc.sql("select " + COLUMNS + " from selfdata_tasks where request_id = ? order by created_at, id")
				.param(requestId).query(Tasks::map).list();
	}

	void treat(UUID id, String outcome, String answer, String actor) {
		jdbc.sql("""
				update selfdata_tasks set status = 'TREATED', outcome = ?, answer = ?, treated_by = ?, treated_at = now(),
				  message_key_id = null, message_sealed = null where id = ?""")
				.params(outcome, answer, actor, id).update();
	}

	/** The open tasks of a request end with it (the citizen cancelled). */
	void cancelOpen(UUID requestId, String kind) {
		jdbc.sql("update selfdata_tasks set status = 'CANCELLED', message_key_id = null, message_sealed = null "
				+ "where request_id = ? and kind = ? and status = 'OPEN'").params(requestId, kind).update();
	}

	/** The sealed column, for the rotation. */
	static final SealedColumn MESSAGE = new SealedColumn("selfdata_tasks", "message_key_id", "message_sealed",
			Tasks::ad);

	private static Task map(ResultSet rs, int i) throws SQLException {
		return new Task(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getObject(3, UUID.class),
				rs.getObject(4, UUID.class), rs.getString(5), rs.getString(6), rs.getObject(7, OffsetDateTime.class),
				rs.getString(8), rs.getString(9), rs.getString(10), rs.getObject(11, OffsetDateTime.class),
				rs.getObject(12, OffsetDateTime.class));
	}
}
