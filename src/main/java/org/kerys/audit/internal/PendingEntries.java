package org.kerys.audit.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The entries recorded during one transaction, appended to the ledger in it just before it commits; if appending
 * fails, the transaction fails with it. Spring suspends and resumes this with its transaction.
 */
final class PendingEntries implements TransactionSynchronization {

	private static final Logger log = LoggerFactory.getLogger(PendingEntries.class);

	private final AuditEntries entries;
	private final TransactionTemplate separate;
	private final List<NewEntry> waiting = new ArrayList<>();
	/**
	 * How the actors of this transaction's entries are named ({@link JdbcAuditLedger}: an account's id, else as
	 * given), looked up once per actor: a page of a harvest or a batch of pushes records one entry per dataset, all by
	 * the same actor or few: one query each instead of one per dataset (the query showed in 2 of the 16 stack samples
	 * of the federation bench's harvest profile, bench/results/federation.md of bc75af2).
	 */
	private final Map<String, String> references = new HashMap<>();
	private Phase phase = Phase.OPEN;

	private enum Phase {
		/** entries wait */
		OPEN,
		/** the waiting entries were appended; the transaction is still open for more */
		APPENDED,
		/** the transaction is ending: too late to join it */
		COMPLETING
	}

	/** @param separate runs a transaction of its own ({@code REQUIRES_NEW}) */
	PendingEntries(AuditEntries entries, TransactionTemplate separate) {
		this.entries = entries;
		this.separate = separate;
	}

	boolean appendsTo(AuditEntries ledger) {
		return entries == ledger;
	}

	/** {@code lookup}'s name for {@code actor}, asked once in this transaction. */
	String reference(String actor, UnaryOperator<String> lookup) {
		if (actor == null) {
			return lookup.apply(null);
		}
		return references.computeIfAbsent(actor, lookup);
	}

	void add(NewEntry entry) {
		if (phase == Phase.APPENDED) {
			// recorded by another synchronization's beforeCommit, after ours ran: still in the transaction
			entries.append(List.of(entry));
		}
		else {
			waiting.add(entry);
		}
	}

	/** After the other synchronizations' {@code beforeCommit}, which may record entries too. */
	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

	@Override
	public void beforeCommit(boolean readOnly) {
		phase = Phase.APPENDED;
		if (!waiting.isEmpty()) {
			entries.append(waiting);
			waiting.clear();
		}
	}

	@Override
	public void beforeCompletion() {
		phase = Phase.COMPLETING;
	}

	/**
	 * Entries recorded once the commit had begun (e.g. by an after-commit listener) missed it; the change they
	 * record is committed, so they are appended in a transaction of their own rather than lost.
	 */
	@Override
	public void afterCompletion(int status) {
		if (status == STATUS_COMMITTED && !waiting.isEmpty()) {
			log.warn("{} audit entries were recorded after their transaction began committing; appending them now",
					waiting.size());
			List<NewEntry> late = List.copyOf(waiting);
			waiting.clear();
			separate.executeWithoutResult(s -> entries.append(late));
		}
	}
}
