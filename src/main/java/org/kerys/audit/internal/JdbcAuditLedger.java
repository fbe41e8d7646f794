package org.kerys.audit.internal;

import java.util.List;
import java.util.UUID;
import java.util.Map;

import org.kerys.audit.AuditLedger;
import org.kerys.identity.AccountReferences;
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

	private final AccountReferences accounts;

	JdbcAuditLedger(AuditEntries entries, PlatformTransactionManager transactions, AccountReferences accounts) {
		this.entries = entries;
		this.accounts = accounts;
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
		String target = ACCOUNT.equals(targetType) ? reference(targetId) : targetId;
		if (TransactionSynchronizationManager.isActualTransactionActive()
				&& TransactionSynchronizationManager.isCurrentTransactionReadOnly()) {
			// a read worth recording (e.g. of personal data): nothing to commit with it, and a read-only
			// transaction cannot write
			NewEntry entry = NewEntry.of(reference(actor), action, targetType, target, outcome, details);
			separate.executeWithoutResult(status -> entries.append(List.of(entry)));
		}
		else if (TransactionSynchronizationManager.isActualTransactionActive()
				&& TransactionSynchronizationManager.isSynchronizationActive()) {
			PendingEntries pending = pending();
			pending.add(NewEntry.of(pending.reference(actor, this::reference), action, targetType, target, outcome,
					details));
		}
		else {
			NewEntry entry = NewEntry.of(reference(actor), action, targetType, target, outcome, details);
			writing.executeWithoutResult(status -> entries.append(List.of(entry)));
		}
	}

	/**
	 * Accounts are named in the ledger by their id, a pseudonymous reference: deleting an account erases its login and
	 * email, and the ledger then holds nothing that names the person. Anything else (a node client, "system", a login
	 * tried that belongs to no account) is kept as given.
	 */
	private String reference(String login) {
		if (login == null || SYSTEM.equals(login)) {
			return login;
		}
		return accounts.idOf(login).map(UUID::toString).orElse(login);
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
