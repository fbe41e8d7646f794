package org.kerys.selfdata.internal;

import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.kerys.audit.AuditLedger;
import org.kerys.identity.AccountReferences;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * Every access to a citizen's personal data or matching values, for the citizen's "who accessed my data" list: one
 * row here and one audit ledger entry, in the same transaction. Actors who are accounts are kept by id and shown by
 * their current login.
 */
@Repository
class Accesses {

	static final String CITIZEN = "CITIZEN";
	static final String NODE = "NODE";
	static final String STORE = "STORE";
	static final String PRODUCER = "PRODUCER";
	static final String SERVICE = "SERVICE";

	private final JdbcClient jdbc;
	private final AuditLedger ledger;
	private final AccountReferences accounts;

	Accesses(JdbcClient jdbc, AuditLedger ledger, AccountReferences accounts) {
		this.jdbc = jdbc;
		this.ledger = ledger;
		this.accounts = accounts;
	}

	/** One access as the citizen sees it. */
	record Access(UUID id, @JsonProperty("dataset_id") UUID datasetId, @JsonProperty("request_id") UUID requestId,
			@JsonProperty("actor_kind") String actorKind, String actor, String what, OffsetDateTime at) {
	}

	/**
	 * Records an access to the data of {@code subjectAccount}.
	 *
	 * @param actorKind {@link #CITIZEN}, {@link #NODE}, {@link #STORE}, {@link #PRODUCER} or {@link #SERVICE}
	 * @param actor a login (kept as the account id), a node's host, or a service's name
	 * @param what MATCHING, GDATA, TPBC, MATCHING_VALUES, ATTACHMENT
	 */
	@Transactional
	void record(UUID subjectAccount, UUID requestId, UUID datasetId, String actorKind, String actor, String what) {
		String stored = CITIZEN.equals(actorKind) || PRODUCER.equals(actorKind)
				? accounts.referenceOf(actor) : actor;
		UUID id = UUID.randomUUID();
		jdbc.sql("""
				insert into selfdata_accesses (id, account_id, request_id, dataset_id, actor_kind, actor, what)
				values (?, ?, ?, ?, ?, ?, ?)""")
				.params(id, subjectAccount, requestId, datasetId, actorKind, stored, what).update();
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("subject_account", subjectAccount.toString());
		details.put("dataset_id", datasetId.toString());
		if (requestId != null) {
			details.put("request_id", requestId.toString());
		}
		details.put("actor_kind", actorKind);
		details.put("what", what);
		String ledgerActor = CITIZEN.equals(actorKind) || PRODUCER.equals(actorKind) ? actor
				: actorKind.toLowerCase() + ":" + actor;
		ledger.record(ledgerActor, "selfdata.accessed", "selfdata_request",
				requestId == null ? null : requestId.toString(), AuditLedger.SUCCESS, details);
	}

	List<Access> of(UUID account, int limit, int offset) {
		return jdbc.sql("""
				select id, dataset_id, request_id, actor_kind, actor, what, at from selfdata_accesses
				where account_id = ? order by at desc, id limit ? offset ?""")
				.params(account, limit, offset)
				.query((rs, i) -> new Access(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
						rs.getObject(3, UUID.class), rs.getString(4), shown(rs.getString(4), rs.getString(5)),
						rs.getString(6), rs.getObject(7, OffsetDateTime.class)))
				.list();
	}

	private String shown(String kind, String actor) {
		if (!CITIZEN.equals(kind) && !PRODUCER.equals(kind)) {
			return actor;
		}
		return accounts.shownAs(actor);
	}
}
