package org.kerys.selfdata.internal;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import org.kerys.identity.AccountReferences;
import org.kerys.identity.TransitionLog;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The history of a self-data request: every state, when, by whom, with the message given (never a personal value).
 * Actors are kept as account ids (or {@code system}) and shown as their current login ({@link TransitionLog}).
 */
@Repository("selfdataTransitions")
class Transitions {

	static final String SYSTEM = TransitionLog.SYSTEM;

	private final TransitionLog<Transition> log;

	Transitions(JdbcClient jdbc, AccountReferences accounts) {
		this.log = new TransitionLog<>(jdbc, accounts,
				"insert into selfdata_transitions (request_id, status, actor, message) values (?, ?, ?, ?)",
				"select status, at, actor, message from selfdata_transitions where request_id = ? order by seq",
				Transition::new);
	}

	/** One transition as shown: {@code actor} is a login, {@code system}, or null (an erased account). */
	record Transition(String status, OffsetDateTime at, String actor, String message) {
	}

	/** @param actor the caller's login, or {@link #SYSTEM} */
	void record(UUID requestId, String status, String actor, String message) {
		log.record(status, actor, message, requestId);
	}

	List<Transition> of(UUID requestId) {
		return log.of(requestId);
	}
}
