package org.kerys.audit.internal;

import org.kerys.platform.CanonicalJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kerys.KerysHttpTest;
import org.kerys.audit.AuditLedger;
import org.kerys.audit.AuditLedger.Verification;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * An attacker with the database owner's rights changes the ledger's rows directly with SQL; verification must name
 * the first broken entry. The suite shares one database, so each test appends its own entries, checks that the whole
 * chain holds, tampers, verifies, and puts back the exact original rows.
 */
@KerysHttpTest
class LedgerTamperingTests {

	@Autowired
	AuditLedger ledger;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	TransactionTemplate transactions;

	private final String actor = "tamper-test-" + UUID.randomUUID();
	private List<Row> originals;

	/** An entry's row as stored, details as JSONB text. */
	record Row(long sequence, OffsetDateTime recordedAt, String actor, String action, String targetType,
			String targetId, String outcome, String details, String previousHash, String hash) {
	}

	@BeforeEach
	void appendEntries() {
		for (int i = 1; i <= 4; i++) {
			ledger.record(actor, "test.tampered", "thing", "t" + i, AuditLedger.SUCCESS,
					Map.of("n", i, "note", "entry " + i));
		}
		originals = rows();
		assertThat(originals).hasSize(4);
		assertThat(seq(3) - seq(0)).as("nothing else appended meanwhile").isEqualTo(3);
		assertThat(ledger.verify()).isEqualTo(Verification.intact(entries()));
	}

	@AfterEach
	void restoreAndCheck() {
		asOwner(() -> {
			jdbc.sql("delete from audit_entries where sequence between ? and ?")
					.params(originals.get(0).sequence(), originals.get(3).sequence()).update();
			for (Row row : originals) {
				jdbc.sql("insert into audit_entries (" + AuditEntries.COLUMNS + ") values (:sequence, :recordedAt, "
						+ ":actor, :action, :targetType, :targetId, :outcome, :details::jsonb, :previousHash, :hash)")
						.paramSource(row).update();
			}
		});
		assertThat(ledger.verify().intact()).as("the ledger is restored for the other tests").isTrue();
	}

	@Test
	void shouldFindAnEditedDetail() {
		long second = seq(1);
		asOwner(() -> jdbc.sql("update audit_entries set details = jsonb_set(details, '{note}', '\"edited\"') "
				+ "where sequence = ?").param(second).update());
		assertBroken(second, "entry " + second + " was changed");
	}

	@Test
	void shouldFindAnEditedActorAndOutcome() {
		long third = seq(2);
		asOwner(() -> jdbc.sql("update audit_entries set actor = 'someone-else', outcome = 'failure' "
				+ "where sequence = ?").param(third).update());
		assertBroken(third, "was changed");
	}

	@Test
	void shouldFindADeletedEntry() {
		long second = seq(1);
		asOwner(() -> jdbc.sql("delete from audit_entries where sequence = ?").param(second).update());
		assertBroken(second, "entry " + second + " is missing");
	}

	@Test
	void shouldFindEntriesDeletedFromTheEnd() {
		long third = seq(2);
		asOwner(() -> jdbc.sql("delete from audit_entries where sequence >= ?").param(third).update());
		assertBroken(third, "are missing");
	}

	@Test
	void shouldFindSwappedSequenceNumbers() {
		long second = seq(1);
		long third = seq(2);
		long aside = 1_000_000_000_000L + second;
		asOwner(() -> {
			jdbc.sql("update audit_entries set sequence = ? where sequence = ?").params(aside, second).update();
			jdbc.sql("update audit_entries set sequence = ? where sequence = ?").params(second, third).update();
			jdbc.sql("update audit_entries set sequence = ? where sequence = ?").params(third, aside).update();
		});
		assertBroken(second, "was changed");
	}

	@Test
	void shouldFindAnAlteredHash() {
		long fourth = seq(3);
		asOwner(() -> jdbc.sql("update audit_entries set hash = ? where sequence = ?").params("e".repeat(64), fourth)
				.update());
		assertBroken(fourth, "entry " + fourth + " was changed");
	}

	@Test
	void shouldFindAnEntryRewrittenWithItsHashRecomputed() {
		Row second = originals.get(1);
		String forged = EntryHash.of(second.sequence(), second.recordedAt().toInstant(), second.actor(),
				second.action(), second.targetType(), second.targetId(), "failure",
				CanonicalJson.read(second.details()), second.previousHash());
		asOwner(() -> jdbc.sql("update audit_entries set outcome = 'failure', hash = ? where sequence = ?")
				.params(forged, second.sequence()).update());
		assertBroken(second.sequence() + 1, "does not follow entry " + second.sequence());
	}

	@Test
	void shouldRefuseChangesThroughOrdinarySql() {
		long first = seq(0);
		assertThatThrownBy(() -> jdbc.sql("update audit_entries set actor = 'x' where sequence = ?").param(first)
				.update()).isInstanceOf(DataAccessException.class).hasMessageContaining("append-only");
		assertThatThrownBy(() -> jdbc.sql("delete from audit_entries where sequence = ?").param(first).update())
				.isInstanceOf(DataAccessException.class).hasMessageContaining("append-only");
		assertThatThrownBy(() -> jdbc.sql("truncate audit_entries").update())
				.isInstanceOf(DataAccessException.class).hasMessageContaining("append-only");
		assertThatThrownBy(() -> jdbc.sql("update audit_head set sequence = 1").update())
				.isInstanceOf(DataAccessException.class).hasMessageContaining("only by appending");
		Row last = originals.get(3);
		assertThatThrownBy(() -> jdbc.sql("insert into audit_entries (" + AuditEntries.COLUMNS
				+ ") values (:sequence, now(), 'x', 'x', null, null, 'success', '{}', :previous, :previous)")
				.param("sequence", last.sequence() + 5).param("previous", last.hash()).update())
				.isInstanceOf(DataAccessException.class).hasMessageContaining("does not follow the head");
		assertThat(rows()).isEqualTo(originals);
	}

	@Test
	void shouldAppendNothingWhenTheChangeRollsBack() {
		long before = entries();
		transactions.executeWithoutResult(status -> {
			ledger.record(actor, "test.rolled-back", null, null, AuditLedger.SUCCESS, Map.of());
			status.setRollbackOnly();
		});
		transactions.executeWithoutResult(status -> {
			ledger.record(actor, "test.committed", null, null, AuditLedger.SUCCESS, Map.of());
			ledger.record(actor, "test.committed", null, null, AuditLedger.SUCCESS, Map.of());
			// waiting for the commit: nothing appended yet
			assertThat(entries()).isEqualTo(before);
		});
		assertThat(entries()).isEqualTo(before + 2);
		assertThat(jdbc.sql("select action from audit_entries where actor = ? order by sequence").param(actor)
				.query(String.class).list()).endsWith("test.committed", "test.committed")
				.doesNotContain("test.rolled-back");
		assertThat(ledger.verify()).isEqualTo(Verification.intact(before + 2));
	}

	@Test
	void shouldRecordAtOnceInsideAReadOnlyTransaction() {
		TransactionTemplate readOnly = new TransactionTemplate(transactions.getTransactionManager());
		readOnly.setReadOnly(true);
		readOnly.executeWithoutResult(status -> {
			ledger.record(actor, "test.read", "thing", "t", AuditLedger.SUCCESS, Map.of());
			status.setRollbackOnly();
		});
		assertThat(jdbc.sql("select count(*) from audit_entries where actor = ? and action = 'test.read'")
				.param(actor).query(Long.class).single()).isEqualTo(1);
		assertThat(ledger.verify().intact()).isTrue();
	}

	@Test
	void shouldKeepOneChainWhenManyThreadsAppend() throws Exception {
		long before = entries();
		ExecutorService threads = Executors.newFixedThreadPool(8);
		try {
			List<Future<?>> done = new ArrayList<>();
			for (int t = 0; t < 8; t++) {
				int thread = t;
				done.add(threads.submit(() -> {
					for (int i = 0; i < 10; i++) {
						if (i % 2 == 0) {
							ledger.record(actor, "test.concurrent", "thread", "" + thread, AuditLedger.SUCCESS,
									Map.of("i", i));
						}
						else {
							int n = i;
							transactions.executeWithoutResult(s -> ledger.record(actor, "test.concurrent", "thread",
									"" + thread, AuditLedger.SUCCESS, Map.of("i", n)));
						}
					}
				}));
			}
			for (Future<?> f : done) {
				f.get();
			}
		}
		finally {
			threads.shutdown();
		}
		assertThat(ledger.verify()).isEqualTo(Verification.intact(before + 80));
	}

	private void assertBroken(long sequence, String reason) {
		Verification verification = ledger.verify();
		assertThat(verification.intact()).as(verification.toString()).isFalse();
		assertThat(verification.firstBrokenSequence()).as(verification.toString()).isEqualTo(sequence);
		assertThat(verification.reason()).contains(reason);
	}

	/** Runs as the table's owner may: with the ledger's triggers off, in one transaction. */
	private void asOwner(Runnable sql) {
		transactions.executeWithoutResult(status -> {
			jdbc.sql("alter table audit_entries disable trigger user").update();
			sql.run();
			jdbc.sql("alter table audit_entries enable trigger user").update();
		});
	}

	private long seq(int index) {
		return originals.get(index).sequence();
	}

	private long entries() {
		return jdbc.sql("select count(*) from audit_entries").query(Long.class).single();
	}

	private List<Row> rows() {
		return jdbc.sql("select sequence, recorded_at, actor, action, target_type, target_id, outcome, details::text, "
				+ "previous_hash, hash from audit_entries where actor = ? and action = 'test.tampered' order by sequence")
				.param(actor)
				.query((rs, i) -> new Row(rs.getLong(1), rs.getObject(2, OffsetDateTime.class), rs.getString(3),
						rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8),
						rs.getString(9), rs.getString(10)))
				.list();
	}
}
