package org.kerys.storage.internal;

import java.util.Collection;
import java.util.List;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Removes blobs that no {@code media_files} row references any more. Each removal checks the table under the
 * blob's lock, in a transaction of its own, so that it never races an upload that is putting the same blob in place.
 */
@Component
class BlobCollector {

	private static final Logger log = LoggerFactory.getLogger(BlobCollector.class);

	private final BlobStore blobs;
	private final MediaFileRows rows;
	private final BlobLocks locks;
	private final TransactionTemplate ownTransaction;

	BlobCollector(BlobStore blobs, MediaFileRows rows, BlobLocks locks, PlatformTransactionManager transactions) {
		this.blobs = blobs;
		this.rows = rows;
		this.locks = locks;
		this.ownTransaction = new TransactionTemplate(transactions);
		// It may run while the transaction that freed the blob is completing: it must not join that one.
		this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
	}

	/** Removes the blob unless a row references it; true when it was removed. */
	boolean collect(String sha256) {
		Boolean removed = ownTransaction.execute(status -> {
			locks.blob(sha256);
			return !rows.references(sha256) && blobs.delete(sha256);
		});
		if (Boolean.TRUE.equals(removed)) {
			log.info("Removed blob {}: no media file uses it any more", sha256);
		}
		return Boolean.TRUE.equals(removed);
	}

	/** Collects these blobs once the current transaction committed (at once when there is none). */
	void afterCommit(Collection<String> sha256s) {
		if (sha256s.isEmpty()) {
			return;
		}
		List<String> candidates = List.copyOf(Set.copyOf(sha256s));
		if (!TransactionSynchronizationManager.isSynchronizationActive()) {
			candidates.forEach(this::collectQuietly);
			return;
		}
		TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
			@Override
			public void afterCommit() {
				candidates.forEach(BlobCollector.this::collectQuietly);
			}
		});
	}

	/** Collects this blob if the current transaction rolls back: it was put in place for a row that never came. */
	void afterRollback(String sha256) {
		TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
			@Override
			public void afterCompletion(int status) {
				if (status != STATUS_COMMITTED) {
					collectQuietly(sha256);
				}
			}
		});
	}

	private void collectQuietly(String sha256) {
		try {
			collect(sha256);
		}
		catch (RuntimeException e) {
			// The caller's work is committed and must not fail now; the start-up sweep will retry.
			log.warn("Could not remove unused blob {} (the next start-up sweep will): {}", sha256, e.toString());
		}
	}
}
