package org.kerys.audit.internal;

import java.util.List;
import java.util.Map;

import org.kerys.audit.AuditLedger;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The ledger over PostgreSQL. Entries recorded during a transaction wait in that transaction and are appended, all
 * together, just before it commits: the head of the chain is locked only for the last moment of the transaction
 * (appends from concurrent changes queue there briefly), and a change that rolls back leaves no entry and no gap.
 */
@Service
class JdbcAuditLedger implements AuditLedger {

	private final AuditEntries entries;
	private final TransactionTemplate writing;
	private final TransactionTemplate separate;
	private final TransactionTemplate reading;

	JdbcAuditLedger(AuditEntries entries, PlatformTransactionManager transactions) {
		this.entries = entries;
		this.writing = new TransactionTemplate(transactions);
		this.separate = new TransactionTemplate(transactions);
		this.separate.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
		this.reading = new TransactionTemplate(transactions);
		// One snapshot for the rows and the head, so that appends during the walk do not look like a broken chain.
		this.reading.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
		this.reading.setReadOnly(true);
	}

	@Override
	public void record(String actor, String action, String targetType, String targetId, String outcome,
			Map<String, Object> details) {
		NewEntry entry = NewEntry.of(actor, action, targetType, targetId, outcome, details);
		if (TransactionSynchronizationManager.isActualTransactionActive()
				&& TransactionSynchronizationManager.isCurrentTransactionReadOnly()) {
			// a read worth recording (e.g. of personal data): nothing to commit with it, and a read-only
			// transaction cannot write
			separate.executeWithoutResult(status -> entries.append(List.of(entry)));
		}
		else if (TransactionSynchronizationManager.isActualTransactionActive()
				&& TransactionSynchronizationManager.isSynchronizationActive()) {
			pending().add(entry);
		}
		else {
			writing.executeWithoutResult(status -> entries.append(List.of(entry)));
		}
	}

	@Override
	public Verification verify() {
		return reading.execute(status -> {
			AuditEntries.Head head = entries.head();
			ChainCheck check = new ChainCheck();
			entries.forEach(check::accept);
			return check.finish(head.sequence(), head.hash());
		});
	}

	/** The entries waiting in the current transaction, registered with it on first use. */
	private PendingEntries pending() {
		for (TransactionSynchronization synchronization : TransactionSynchronizationManager.getSynchronizations()) {
			if (synchronization instanceof PendingEntries pending && pending.appendsTo(entries)) {
				return pending;
			}
		}
		PendingEntries pending = new PendingEntries(entries, separate);
		TransactionSynchronizationManager.registerSynchronization(pending);
		return pending;
	}
}
