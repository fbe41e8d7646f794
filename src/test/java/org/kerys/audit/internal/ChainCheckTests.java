package org.kerys.audit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.kerys.audit.AuditLedger.Verification;

/** The verification's logic on an in-memory chain; the same against PostgreSQL is in {@code AuditLedgerTests}. */
class ChainCheckTests {

	private static final Instant TIME = Instant.parse("2026-11-29T10:00:00Z");

	@Test
	void shouldAcceptAnIntactChainAndAnEmptyOne() {
		List<AuditEntry> chain = chain(5);
		assertThat(check(chain)).isEqualTo(Verification.intact(5));
		assertThat(new ChainCheck().finish(0, EntryHash.GENESIS)).isEqualTo(Verification.intact(0));
	}

	@Test
	void shouldFindAnEditedEntry() {
		List<AuditEntry> chain = chain(5);
		AuditEntry e = chain.get(2);
		chain.set(2, new AuditEntry(e.sequence(), e.time(), "mallory", e.action(), e.targetType(), e.targetId(),
				e.outcome(), e.details(), e.previousHash(), e.hash()));
		assertBroken(check(chain), 3, "was changed");
	}

	@Test
	void shouldFindAnEntryRewrittenWithAFreshHash() {
		List<AuditEntry> chain = chain(5);
		AuditEntry e = chain.get(2);
		AuditEntry forged = new AuditEntry(e.sequence(), e.time(), e.actor(), e.action(), e.targetType(), e.targetId(),
				"failure", e.details(), e.previousHash(), null);
		chain.set(2, withHash(forged, forged.expectedHash()));
		assertBroken(check(chain), 4, "does not follow entry 3");
	}

	@Test
	void shouldFindADeletedEntry() {
		List<AuditEntry> chain = chain(5);
		chain.remove(1);
		assertBroken(check(chain), 2, "entry 2 is missing");
	}

	@Test
	void shouldFindEntriesRemovedFromTheEnd() {
		List<AuditEntry> chain = chain(5);
		chain.remove(4);
		ChainCheck check = new ChainCheck();
		chain.forEach(check::accept);
		assertBroken(check.finish(5, "f".repeat(64)), 5, "entries 5 to 5 are missing");
	}

	@Test
	void shouldFindSwappedEntries() {
		List<AuditEntry> chain = chain(5);
		AuditEntry second = chain.get(1);
		AuditEntry third = chain.get(2);
		chain.set(1, withSequence(third, 2));
		chain.set(2, withSequence(second, 3));
		assertBroken(check(chain), 2, "was changed");
	}

	@Test
	void shouldFindAnAlteredHash() {
		List<AuditEntry> chain = chain(5);
		chain.set(3, withHash(chain.get(3), "a".repeat(64)));
		assertBroken(check(chain), 4, "was changed");
	}

	private static void assertBroken(Verification verification, long sequence, String reason) {
		assertThat(verification.intact()).isFalse();
		assertThat(verification.firstBrokenSequence()).isEqualTo(sequence);
		assertThat(verification.reason()).contains(reason);
	}

	private static Verification check(List<AuditEntry> chain) {
		ChainCheck check = new ChainCheck();
		chain.forEach(check::accept);
		AuditEntry last = chain.get(chain.size() - 1);
		// the head as Kerys left it: the original last entry
		return check.finish(last.sequence(), last.hash());
	}

	private static List<AuditEntry> chain(int length) {
		List<AuditEntry> chain = new ArrayList<>();
		String previous = EntryHash.GENESIS;
		for (long sequence = 1; sequence <= length; sequence++) {
			NewEntry e = NewEntry.of("admin", "dataset.updated", "dataset", "d" + sequence, "success",
					Map.of("n", sequence));
			AuditEntry entry = new AuditEntry(sequence, TIME.plusSeconds(sequence), e.actor(), e.action(),
					e.targetType(), e.targetId(), e.outcome(), e.details(), previous, null);
			entry = withHash(entry, entry.expectedHash());
			chain.add(entry);
			previous = entry.hash();
		}
		return chain;
	}

	private static AuditEntry withHash(AuditEntry e, String hash) {
		return new AuditEntry(e.sequence(), e.time(), e.actor(), e.action(), e.targetType(), e.targetId(), e.outcome(),
				e.details(), e.previousHash(), hash);
	}

	private static AuditEntry withSequence(AuditEntry e, long sequence) {
		return new AuditEntry(sequence, e.time(), e.actor(), e.action(), e.targetType(), e.targetId(), e.outcome(),
				e.details(), e.previousHash(), e.hash());
	}
}
