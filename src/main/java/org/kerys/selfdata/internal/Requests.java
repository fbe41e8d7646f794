package org.kerys.selfdata.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.kerys.selfdata.internal.crypto.PersonalKeys.Sealed;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The self-data requests table: one row per request, its sealed matching values and sealed match. */
@Repository
class Requests {

	static final String SUBMITTED = "SUBMITTED";
	static final String MODERATION = "MODERATION";
	static final String IN_PROGRESS = "IN_PROGRESS";
	static final String COMPLETED = "COMPLETED";
	static final String REJECTED = "REJECTED";
	static final String CANCELLED = "CANCELLED";
	static final List<String> OPEN = List.of(SUBMITTED, MODERATION, IN_PROGRESS);

	private static final String COLUMNS = "id, dataset_id, producer_id, account_id, mode, status, data_found, "
			+ "created_at, updated_at, forgotten_at, match_expires_at";

	private final JdbcClient jdbc;

	Requests(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** A request as its citizen sees it (never its values). */
	record SelfdataRequest(UUID id, @JsonProperty("dataset_id") UUID datasetId,
			@JsonProperty("producer_id") UUID producerId, @JsonIgnore UUID accountId, String mode, String status,
			@JsonProperty("data_found") Boolean dataFound, @JsonProperty("created_at") OffsetDateTime createdAt,
			@JsonProperty("updated_at") OffsetDateTime updatedAt,
			@JsonProperty("forgotten_at") OffsetDateTime forgottenAt,
			@JsonIgnore OffsetDateTime matchExpiresAt) {

		boolean open() {
			return OPEN.contains(status);
		}

		/** The citizen's link to their data: completed with data found, not forgotten. */
		boolean linked() {
			return COMPLETED.equals(status) && Boolean.TRUE.equals(dataFound) && forgottenAt == null;
		}
	}

	/** Associated data of a request's sealed columns: the row and the column, so values cannot move between rows. */
	static byte[] ad(UUID requestId, String column) {
		return ("selfdata_requests/" + requestId + "/" + column).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
	}

	void insert(UUID id, UUID datasetId, UUID producerId, UUID accountId, String mode, String status, Sealed matching) {
		jdbc.sql("""
				insert into selfdata_requests (id, dataset_id, producer_id, account_id, mode, status, matching_key_id,
				  matching_sealed) values (?, ?, ?, ?, ?, ?, ?, ?)""")
				.params(id, datasetId, producerId, accountId, mode, status, matching.keyId(), matching.bytes())
				.update();
	}

	Optional<SelfdataRequest> find(UUID id) {
		return jdbc.sql("select " + COLUMNS + " from selfdata_requests where id = ?").param(id).query(Requests::map)
				.optional();
	}

	/** Locks the row for a change of state. */
	Optional<SelfdataRequest> lock(UUID id) {
		return jdbc.sql("select " + COLUMNS + " from selfdata_requests where id = ? for update").param(id)
				.query(Requests::map).optional();
	}

	List<SelfdataRequest> ofAccount(UUID accountId, UUID datasetId, int limit, int offset) {
		return jdbc.sql("select " + COLUMNS + " from selfdata_requests where account_id = ? "
				+ (datasetId == null ? "and ?::uuid is null " : "and dataset_id = ? ")
				+ "order by created_at desc, id limit ? offset ?")
				.params(accountId, datasetId, limit, offset).query(Requests::map).list();
	}

	/** The open request of this citizen for this dataset, if any. */
	Optional<SelfdataRequest> openOf(UUID accountId, UUID datasetId) {
		return jdbc.sql("select " + COLUMNS + " from selfdata_requests where account_id = ? and dataset_id = ? "
				+ "and status in ('SUBMITTED', 'MODERATION', 'IN_PROGRESS') order by created_at desc limit 1")
				.params(accountId, datasetId).query(Requests::map).optional();
	}

	/** The citizen's current link to the dataset: the newest completed request with data, not forgotten. */
	Optional<SelfdataRequest> linkOf(UUID accountId, UUID datasetId) {
		return jdbc.sql("select " + COLUMNS + " from selfdata_requests where account_id = ? and dataset_id = ? "
				+ "and status = 'COMPLETED' and data_found and forgotten_at is null order by updated_at desc limit 1")
				.params(accountId, datasetId).query(Requests::map).optional();
	}

	void status(UUID id, String status, Boolean dataFound) {
		jdbc.sql("update selfdata_requests set status = ?, data_found = ?, updated_at = now() where id = ?")
				.params(status, dataFound, id).update();
	}

	/** Requests waiting for their matching (a crash between commit and matching leaves them SUBMITTED). */
	List<UUID> waiting(String mode, OffsetDateTime before, int limit) {
		return jdbc.sql("""
				select id from selfdata_requests where status = 'SUBMITTED' and mode = ? and updated_at < ?
				order by updated_at limit ? for update skip locked""")
				.params(mode, before, limit).query(UUID.class).list();
	}

	/**
	 * Requests whose matching started before {@code before} and never ended (Kerys stopped during the producer's
	 * answer): no live instance takes that long, since a node call has a total timeout.
	 */
	List<UUID> interrupted(String mode, OffsetDateTime before, int limit) {
		return jdbc.sql("""
				select id from selfdata_requests where status = 'IN_PROGRESS' and mode = ? and updated_at < ?
				order by updated_at limit ? for update skip locked""")
				.params(mode, before, limit).query(UUID.class).list();
	}

	Optional<Sealed> matching(UUID id) {
		return jdbc.sql("select matching_key_id, matching_sealed from selfdata_requests where id = ? "
				+ "and matching_sealed is not null").param(id)
				.query((rs, i) -> new Sealed(rs.getString(1), rs.getBytes(2))).optional();
	}

	void replaceMatching(UUID id, Sealed matching) {
		jdbc.sql("update selfdata_requests set matching_key_id = ?, matching_sealed = ?, updated_at = now() where id = ?")
				.params(matching.keyId(), matching.bytes(), id).update();
	}

	/** Data minimisation: once a request closes its matching values are not needed any more. */
	void clearMatching(UUID id) {
		jdbc.sql("update selfdata_requests set matching_key_id = null, matching_sealed = null where id = ?").param(id)
				.update();
	}

	Optional<Sealed> match(UUID id) {
		return jdbc.sql("select match_key_id, match_sealed from selfdata_requests where id = ? "
				+ "and match_sealed is not null").param(id)
				.query((rs, i) -> new Sealed(rs.getString(1), rs.getBytes(2))).optional();
	}

	void match(UUID id, Sealed match, OffsetDateTime expiresAt) {
		jdbc.sql("update selfdata_requests set match_key_id = ?, match_sealed = ?, match_expires_at = ?, "
				+ "updated_at = now() where id = ?")
				.params(match == null ? null : match.keyId(), match == null ? null : match.bytes(), expiresAt, id)
				.update();
	}

	/** Forgets the link: the match (token or subject key) is erased, the request stays in the history. */
	void forget(UUID id) {
		jdbc.sql("update selfdata_requests set forgotten_at = now(), match_key_id = null, match_sealed = null, "
				+ "match_expires_at = null, updated_at = now() where id = ?").param(id).update();
	}

	/** The sealed columns, for the rotation. */
	static final List<SealedColumn> SEALED = List.of(
			new SealedColumn("selfdata_requests", "matching_key_id", "matching_sealed", id -> ad(id, "matching")),
			new SealedColumn("selfdata_requests", "match_key_id", "match_sealed", id -> ad(id, "match")));

	private static SelfdataRequest map(ResultSet rs, int i) throws SQLException {
		return new SelfdataRequest(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
				rs.getObject(3, UUID.class), rs.getObject(4, UUID.class), rs.getString(5), rs.getString(6),
				(Boolean) rs.getObject(7), rs.getObject(8, OffsetDateTime.class), rs.getObject(9, OffsetDateTime.class),
				rs.getObject(10, OffsetDateTime.class), rs.getObject(11, OffsetDateTime.class));
	}
}
