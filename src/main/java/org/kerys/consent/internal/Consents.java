package org.kerys.consent.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Citizens' consents and their events (each with its signed receipt), as stored. */
@Repository
class Consents {

	static final String GIVEN = "given";
	static final String RENEWED = "renewed";
	static final String WITHDRAWN = "withdrawn";
	static final String EXPIRED = "expired";
	static final String INVALIDATED = "invalidated";

	/** The W3C DPV concept of each status. */
	static final Map<String, String> DPV = Map.of(GIVEN, "dpv:ConsentGiven", RENEWED, "dpv:RenewedConsentGiven",
			WITHDRAWN, "dpv:ConsentWithdrawn", EXPIRED, "dpv:ConsentExpired", INVALIDATED, "dpv:ConsentInvalidated");

	private static final String COLUMNS = """
			id, account_id, request_id, project_id, dataset_id, treatment_id, version, status, given_at, expires_at,
			ended_at, renews\s""";

	private final JdbcClient jdbc;

	Consents(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	record Consent(UUID id, UUID accountId, UUID requestId, UUID projectId, UUID datasetId, UUID treatmentId,
			int version, String status, OffsetDateTime givenAt, OffsetDateTime expiresAt, OffsetDateTime endedAt,
			UUID renews) {

		/** Given or renewed, and not past its expiry (the sweep may not have marked it yet). */
		boolean live(OffsetDateTime now) {
			return (GIVEN.equals(status) || RENEWED.equals(status)) && expiresAt.isAfter(now);
		}

		/** The status as of now: a live one past its expiry is expired. */
		String statusAt(OffsetDateTime now) {
			return (GIVEN.equals(status) || RENEWED.equals(status)) && !expiresAt.isAfter(now) ? EXPIRED : status;
		}
	}

	/** One event of a consent and its receipt. */
	record Event(UUID id, @JsonProperty("consent_id") UUID consentId, String type, OffsetDateTime at,
			String receipt) {
	}

	void insert(Consent c) {
		jdbc.sql("insert into consents (" + COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
				.params(c.id(), c.accountId(), c.requestId(), c.projectId(), c.datasetId(), c.treatmentId(),
						c.version(), c.status(), c.givenAt(), c.expiresAt(), c.endedAt(), c.renews())
				.update();
	}

	/** Ends a live consent; false when it was no longer live. */
	boolean end(UUID id, String status, OffsetDateTime at) {
		return jdbc.sql("""
				update consents set status = ?, ended_at = ? where id = ? and status in ('given', 'renewed')""")
				.params(status, at, id).update() == 1;
	}

	void insertEvent(Event e) {
		jdbc.sql("insert into consent_events (id, consent_id, type, at, receipt) values (?, ?, ?, ?, ?)")
				.params(e.id(), e.consentId(), e.type(), e.at(), e.receipt()).update();
	}

	Optional<Consent> find(UUID id) {
		return jdbc.sql("select " + COLUMNS + " from consents where id = ?").param(id).query(Consents::row).optional();
	}

	Optional<Consent> lock(UUID id) {
		return jdbc.sql("select " + COLUMNS + " from consents where id = ? for update").param(id)
				.query(Consents::row).optional();
	}

	/** The account's consents, newest first. */
	List<Consent> of(UUID accountId) {
		return jdbc.sql("select " + COLUMNS + " from consents where account_id = ? order by given_at desc, id")
				.param(accountId).query(Consents::row).list();
	}

	/** The account's latest consent under a project's request, live or not, locked until the transaction ends. */
	Optional<Consent> latest(UUID accountId, UUID requestId) {
		return jdbc.sql("select " + COLUMNS + """
				 from consents where account_id = ? and request_id = ? order by given_at desc, id limit 1 for update""")
				.params(accountId, requestId).query(Consents::row).optional();
	}

	/** The same, read only. */
	Optional<UUID> latestId(UUID accountId, UUID requestId) {
		return jdbc.sql("""
				select id from consents where account_id = ? and request_id = ? order by given_at desc, id limit 1""")
				.params(accountId, requestId).query(UUID.class).optional();
	}

	/** Live consents under versions of a treatment older than {@code version}, locked. */
	List<Consent> liveBefore(UUID treatmentId, int version) {
		return jdbc.sql("select " + COLUMNS + """
				 from consents where treatment_id = ? and version < ? and status in ('given', 'renewed')
				order by given_at, id for update""")
				.params(treatmentId, version).query(Consents::row).list();
	}

	/** Live consents past their expiry, the oldest first, locked (others sweeping skip them). */
	List<Consent> pastExpiry(OffsetDateTime now, int limit) {
		return jdbc.sql("select " + COLUMNS + """
				 from consents where status in ('given', 'renewed') and expires_at <= ?
				order by expires_at, id limit ? for update skip locked""")
				.params(now, limit).query(Consents::row).list();
	}

	List<Event> events(UUID consentId) {
		return jdbc.sql("select id, consent_id, type, at, receipt from consent_events where consent_id = ? order by at, id")
				.param(consentId).query(Consents::event).list();
	}

	Optional<Event> event(UUID id) {
		return jdbc.sql("select id, consent_id, type, at, receipt from consent_events where id = ?").param(id)
				.query(Consents::event).optional();
	}

	/** How many citizens consent now under a treatment (any version), for its organisation: a count, no one named. */
	long liveCount(UUID treatmentId) {
		return jdbc.sql("""
				select count(*) from consents where treatment_id = ? and status in ('given', 'renewed')
				and expires_at > now()""").param(treatmentId).query(Long.class).single();
	}

	/**
	 * The account a project's reference names, if it consents now to the project fetching this dataset: the
	 * gateway's check, one indexed query.
	 */
	Optional<Live> liveSubject(UUID projectId, String subjectRef, UUID datasetId) {
		return jdbc.sql("""
				select c.account_id, c.expires_at from consent_subject_refs r join consents c
				  on c.project_id = r.project_id and c.account_id = r.account_id
				where r.subject_ref = ? and r.project_id = ? and c.dataset_id = ?
				  and c.status in ('given', 'renewed') and c.expires_at > now()
				order by c.expires_at desc limit 1""").params(subjectRef, projectId, datasetId)
				.query((rs, i) -> new Live(rs.getObject(1, UUID.class), rs.getObject(2, OffsetDateTime.class)))
				.optional();
	}

	/** A live consent as the gateway's check needs it: whose data, until when. */
	record Live(UUID accountId, OffsetDateTime expiresAt) {
	}

	/** A subject a project may fetch now: its reference, dataset and consent. */
	record ConsentedSubject(@JsonProperty("subject_ref") String subjectRef, @JsonProperty("dataset_id") UUID datasetId,
			@JsonProperty("treatment_id") UUID treatmentId, int version,
			@JsonProperty("given_at") OffsetDateTime givenAt, @JsonProperty("expires_at") OffsetDateTime expiresAt) {
	}

	List<ConsentedSubject> consentedSubjects(UUID projectId, UUID datasetId, int limit, int offset) {
		return jdbc.sql("""
				select r.subject_ref, c.dataset_id, c.treatment_id, c.version, c.given_at, c.expires_at
				from consents c join consent_subject_refs r on r.project_id = c.project_id and r.account_id = c.account_id
				where c.project_id = ? and (cast(? as uuid) is null or c.dataset_id = ?)
				  and c.status in ('given', 'renewed') and c.expires_at > now()
				order by c.given_at, c.id limit ? offset ?""")
				.params(projectId, datasetId, datasetId, limit, offset)
				.query((rs, i) -> new ConsentedSubject(rs.getString(1), rs.getObject(2, UUID.class),
						rs.getObject(3, UUID.class), rs.getInt(4), rs.getObject(5, OffsetDateTime.class),
						rs.getObject(6, OffsetDateTime.class)))
				.list();
	}

	private static Consent row(ResultSet rs, int i) throws SQLException {
		return new Consent(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getObject(3, UUID.class),
				rs.getObject(4, UUID.class), rs.getObject(5, UUID.class), rs.getObject(6, UUID.class), rs.getInt(7),
				rs.getString(8), rs.getObject(9, OffsetDateTime.class), rs.getObject(10, OffsetDateTime.class),
				rs.getObject(11, OffsetDateTime.class), rs.getObject(12, UUID.class));
	}

	private static Event event(ResultSet rs, int i) throws SQLException {
		return new Event(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3),
				rs.getObject(4, OffsetDateTime.class), rs.getString(5));
	}
}
