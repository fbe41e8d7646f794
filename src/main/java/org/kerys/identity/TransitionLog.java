package org.kerys.identity;

import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A module's history of transitions (every state a request or an agreement entered, when, by whom, with the message
 * given), kept in the module's own table with the SQL the module writes. Who acted is kept as the account's id (or a
 * client id, or {@link #SYSTEM}) and shown as the account's current login, so that an erased account leaves no login
 * behind.
 *
 * @param <T> a transition as the module shows it
 */
public final class TransitionLog<T> {

	/** Who acted when no one did: the platform itself. */
	public static final String SYSTEM = "system";

	/** A transition as shown, from its state, when, who ({@code null}: an erased account) and its message. */
	@FunctionalInterface
	public interface Shown<T> {

		T of(String state, OffsetDateTime at, String actor, String message);
	}

	private final JdbcClient jdbc;
	private final AccountReferences accounts;
	private final String insert;
	private final String select;
	private final Shown<T> shown;

	/**
	 * @param insert inserts one transition: the subject's columns, then the state, the actor and the message
	 * @param select one subject's transitions in their order (state, at, actor, message), the subject's id its one
	 * parameter
	 */
	public TransitionLog(JdbcClient jdbc, AccountReferences accounts, String insert, String select, Shown<T> shown) {
		this.jdbc = jdbc;
		this.accounts = accounts;
		this.insert = insert;
		this.select = select;
		this.shown = shown;
	}

	/**
	 * @param actor the caller's login, a client id, or {@link #SYSTEM}
	 * @param subject the values of the subject's columns, in the insert's order
	 */
	public void record(String state, String actor, String message, Object... subject) {
		String stored = SYSTEM.equals(actor) ? SYSTEM : accounts.referenceOf(actor);
		Object[] params = Arrays.copyOf(subject, subject.length + 3);
		params[subject.length] = state;
		params[subject.length + 1] = stored;
		params[subject.length + 2] = message;
		jdbc.sql(insert).params(params).update();
	}

	public List<T> of(UUID subject) {
		return jdbc.sql(select)
				.param(subject)
				.query((rs, i) -> shown.of(rs.getString(1), rs.getObject(2, OffsetDateTime.class),
						accounts.shownAs(rs.getString(3)), rs.getString(4)))
				.list();
	}
}
