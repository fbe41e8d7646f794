package org.kerys.access.internal;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import org.kerys.identity.AccountReferences;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The history of requests and agreements: every state they entered, when, by whom, with the message given. Actors
 * are kept as account ids (or a client id, or {@code system}) and shown as their current login, so that an erased
 * account leaves no login behind.
 */
@Repository
class Transitions {

	static final String SYSTEM = "system";

	private final JdbcClient jdbc;
	private final AccountReferences accounts;

	Transitions(JdbcClient jdbc, AccountReferences accounts) {
		this.jdbc = jdbc;
		this.accounts = accounts;
	}

	/** One transition as shown: {@code actor} is a login, a client id, {@code system}, or null (an erased account). */
	record Transition(String state, OffsetDateTime at, String actor, String message) {
	}

	/** @param actor the caller's login or client id, or {@link #SYSTEM} */
	void record(String subjectType, UUID subjectId, String state, String actor, String message) {
		String stored = SYSTEM.equals(actor) ? SYSTEM
				: accounts.referenceOf(actor);
		jdbc.sql("insert into access_transitions (subject_type, subject_id, state, actor, message) values (?, ?, ?, ?, ?)")
				.params(subjectType, subjectId, state, stored, message).update();
	}

	List<Transition> of(UUID subjectId) {
		return jdbc.sql("select state, at, actor, message from access_transitions where subject_id = ? order by id")
				.param(subjectId)
				.query((rs, i) -> new Transition(rs.getString(1), rs.getObject(2, OffsetDateTime.class),
						accounts.shownAs(rs.getString(3)), rs.getString(4)))
				.list();
	}
}
