package org.kerys.selfdata.internal;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import org.kerys.identity.AccountReferences;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The history of a self-data request: every state, when, by whom, with the message given (never a personal value).
 * Actors are kept as account ids (or {@code system}) and shown as their current login.
 */
@Repository("selfdataTransitions")
class Transitions {

	static final String SYSTEM = "system";

	private final JdbcClient jdbc;
	private final AccountReferences accounts;

	Transitions(JdbcClient jdbc, AccountReferences accounts) {
		this.jdbc = jdbc;
		this.accounts = accounts;
	}

	/** One transition as shown: {@code actor} is a login, {@code system}, or null (an erased account). */
	record Transition(String status, OffsetDateTime at, String actor, String message) {
	}

	/** @param actor the caller's login, or {@link #SYSTEM} */
	void record(UUID requestId, String status, String actor, String message) {
		String stored = SYSTEM.equals(actor) ? SYSTEM : accounts.referenceOf(actor);
		jdbc.sql("insert into selfdata_transitions (request_id, status, actor, message) values (?, ?, ?, ?)")
				.params(requestId, status, stored, message).update();
	}

	List<Transition> of(UUID requestId) {
		return jdbc.sql("select status, at, actor, message from selfdata_transitions where request_id = ? order by seq")
				.param(requestId)
				.query((rs, i) -> new Transition(rs.getString(1), rs.getObject(2, OffsetDateTime.class),
						accounts.shownAs(rs.getString(3)), rs.getString(4)))
				.list();
	}
}
