package org.kerys.audit.internal;

import org.kerys.audit.AuditLedger.Verification;

/**
 * Walks the ledger's entries in sequence order and finds the first broken link: an entry whose fields no longer
 * give its hash (edited, or its hash altered), one that does not point at the entry before it (replaced, or moved),
 * a missing sequence number (deleted), or a head that does not match the last entry (entries removed from the end,
 * or appended behind Kerys' back). Keeps counting once broken, so that {@code entries} is always the total.
 */
final class ChainCheck {

	private long expected = 1;
	private String previousHash = EntryHash.GENESIS;
	private long entries;
	private Long brokenAt;
	private String reason;

	void accept(AuditEntry entry) {
		entries++;
		if (brokenAt != null) {
			return;
		}
		if (entry.sequence() != expected) {
			fail(expected, entry.sequence() > expected
					? "entry " + expected + " is missing: the entry after " + (expected - 1) + " is " + entry.sequence()
					: "entry " + entry.sequence() + " appears where entry " + expected + " was expected");
			return;
		}
		if (!entry.expectedHash().equals(entry.hash())) {
			fail(entry.sequence(), "entry " + entry.sequence()
					+ " was changed: its content does not give its hash");
			return;
		}
		if (!entry.previousHash().equals(previousHash)) {
			fail(entry.sequence(), entry.sequence() == 1 ? "entry 1 does not start the chain"
					: "entry " + entry.sequence() + " does not follow entry " + (entry.sequence() - 1)
							+ ": one of them was replaced or moved");
			return;
		}
		expected++;
		previousHash = entry.hash();
	}

	/** Ends the walk against the head of the ledger: the sequence and hash of the last entry appended. */
	Verification finish(long headSequence, String headHash) {
		if (brokenAt == null) {
			long last = expected - 1;
			if (headSequence > last) {
				fail(last + 1, "entries " + (last + 1) + " to " + headSequence
						+ " are missing: the ledger's head records " + headSequence + " entries");
			}
			else if (headSequence < last) {
				fail(headSequence + 1, "entries after " + headSequence
						+ " were not appended by Kerys: the ledger's head records " + headSequence + " entries");
			}
			else if (!headHash.equals(previousHash)) {
				fail(last, "entry " + last + " was replaced: its hash differs from the ledger's head");
			}
		}
		return brokenAt == null ? Verification.intact(entries) : Verification.broken(entries, brokenAt, reason);
	}

	private void fail(long sequence, String why) {
		brokenAt = sequence;
		reason = why;
	}
}
