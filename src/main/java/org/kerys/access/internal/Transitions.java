package org.kerys.access.internal;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import org.kerys.identity.AccountReferences;
import org.kerys.identity.TransitionLog;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The history of requests and agreements: every state they entered, when, by whom, with the message given. Actors
 * are kept as account ids (or a client id, or {@code system}) and shown as their current login, so that an erased
 * account leaves no login behind ({@link TransitionLog}).
 */
@Repository
class Transitions {

	static final String SYSTEM = TransitionLog.SYSTEM;

	private final TransitionLog<Transition> log;

	Transitions(JdbcClient jdbc, AccountReferences accounts) {
		this.log = new TransitionLog<>(jdbc, accounts,
				"insert into access_transitions (subject_type, subject_id, state, actor, message) values (?, ?, ?, ?, ?)",
				"select state, at, actor, message from access_transitions where subject_id = ? order by id",
				Transition::new);
	}

	/** One transition as shown: {@code actor} is a login, a client id, {@code system}, or null (an erased account). */
	record Transition(String state, OffsetDateTime at, String actor, String message) {
	}

	/** @param actor the caller's login or client id, or {@link #SYSTEM} */
	void record(String subjectType, UUID subjectId, String state, String actor, String message) {
		log.record(state, actor, message, subjectType, subjectId);
	}

	List<Transition> of(UUID subjectId) {
		return log.of(subjectId);
	}
}
