package org.kerys.access.internal;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.kerys.audit.AuditLedger;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Usage of agreements through the gateway: calls and bytes (up, down, and their total) per day (UTC) and status, in
 * the database; and the calls of the current minute per agreement, in memory, for {@code rate_limit_per_minute}. The
 * minute counters are this instance's: behind a load balancer each instance allows the limit (documented in
 * {@code docs/reusers.md}); the daily bytes are shared through the database.
 * <p>
 * Each gateway call's usage and its audit entry are written off the request thread ({@link GroupCommit}): one writer
 * takes the calls queued meanwhile and writes them in one transaction (usage added up per agreement, day and status;
 * the audit entries appended to the chain together at its commit). Reads of the usage ({@link #of}) first wait for
 * the calls queued before them, so that a caller sees its own calls counted; {@link #bytesToday} adds the bytes of
 * the calls still queued to those written. On shutdown the queue is written before the database closes; a crash of
 * the process loses the calls queued and not yet committed (under load, a few milliseconds of calls).
 */
@Repository
class AgreementUsage implements DisposableBean {

	private final JdbcClient jdbc;
	private final AuditLedger audit;
	private final TransactionTemplate transaction;
	private final Map<UUID, long[]> minutes = new ConcurrentHashMap<>(); // agreement → {minute, calls}
	private final Map<UUID, LongAdder> queuedBytes = new ConcurrentHashMap<>();
	private final GroupCommit<Call> writer;

	AgreementUsage(JdbcClient jdbc, AuditLedger audit, PlatformTransactionManager transactions) {
		this.jdbc = jdbc;
		this.audit = audit;
		this.transaction = new TransactionTemplate(transactions);
		this.writer = new GroupCommit<>("gateway-usage-writer", 50_000, 1_000, this::write);
	}

	/**
	 * One gateway call to meter and audit.
	 *
	 * @param agreementId the agreement it was decided under; null when none (a refusal: audited, not metered)
	 * @param actor who called (the audit entry's actor)
	 * @param mediaId the media called
	 * @param details the audit entry's details
	 */
	record Call(UUID agreementId, LocalDate day, int status, long bytesIn, long bytesOut, String actor, String mediaId,
			Map<String, Object> details) {
	}

	/**
	 * Counts a call in the current minute unless the limit is reached.
	 *
	 * @return 0 when the call may go on, else the seconds until the next minute starts
	 */
	long acquire(UUID agreementId, int perMinute, long nowMillis) {
		long minute = nowMillis / 60_000;
		long[] outcome = new long[1];
		minutes.compute(agreementId, (id, window) -> {
			if (window == null || window[0] != minute) {
				window = new long[] { minute, 0 };
			}
			if (window[1] >= perMinute) {
				outcome[0] = Math.max(1, (minute + 1) * 60 - nowMillis / 1000);
			}
			else {
				window[1]++;
			}
			return window;
		});
		if (minutes.size() > 100_000) {
			minutes.entrySet().removeIf(e -> e.getValue()[0] != minute); // bounded: only this minute's windows matter
		}
		return outcome[0];
	}

	/** Bytes served today (UTC) under the agreement, both ways: those written, and those of calls still queued. */
	long bytesToday(UUID agreementId) {
		LongAdder queued = queuedBytes.get(agreementId);
		return jdbc.sql("select coalesce(sum(bytes), 0) from agreement_usage where agreement_id = ? and day = ?")
				.params(agreementId, today()).query(Long.class).single() + (queued == null ? 0 : queued.sum());
	}

	/** Queues a call's usage and audit entry for the writer. */
	void record(Call call) {
		if (call.agreementId() != null) {
			queuedBytes.computeIfAbsent(call.agreementId(), id -> new LongAdder()).add(call.bytesIn() + call.bytesOut());
		}
		writer.add(call);
	}

	/** Waits (a few seconds at most) until the calls queued so far are written. */
	void flush() {
		writer.flush(Duration.ofSeconds(10));
	}

	/** One transaction: the usage added up per agreement, day and status; the audit entries, appended at its commit. */
	private void write(List<Call> calls) {
		record Key(UUID agreementId, LocalDate day, int status) {
		}
		Map<Key, long[]> sums = new LinkedHashMap<>(); // {calls, bytes in, bytes out}
		for (Call call : calls) {
			if (call.agreementId() != null) {
				long[] sum = sums.computeIfAbsent(new Key(call.agreementId(), call.day(), call.status()), k -> new long[3]);
				sum[0]++;
				sum[1] += call.bytesIn();
				sum[2] += call.bytesOut();
			}
		}
		transaction.executeWithoutResult(status -> {
			sums.forEach((key, sum) -> jdbc.sql("""
					insert into agreement_usage (agreement_id, day, status, calls, bytes, bytes_in, bytes_out)
					values (?, ?, ?, ?, ?, ?, ?)
					on conflict (agreement_id, day, status) do update set calls = agreement_usage.calls + excluded.calls,
					  bytes = agreement_usage.bytes + excluded.bytes, bytes_in = agreement_usage.bytes_in + excluded.bytes_in,
					  bytes_out = agreement_usage.bytes_out + excluded.bytes_out""")
					.params(key.agreementId(), key.day(), key.status(), sum[0], sum[1] + sum[2], sum[1], sum[2]).update());
			for (Call call : calls) {
				audit.record(call.actor(), "gateway.access", "media", call.mediaId(),
						call.status() < 400 ? AuditLedger.SUCCESS : AuditLedger.FAILURE, call.details());
			}
		});
		for (Call call : calls) {
			if (call.agreementId() != null) {
				LongAdder queued = queuedBytes.get(call.agreementId());
				if (queued != null) {
					queued.add(-(call.bytesIn() + call.bytesOut()));
				}
			}
		}
	}

	@Override
	public void destroy() {
		writer.close();
	}

	/** One day's usage. */
	record Day(LocalDate day, long calls, long bytes, @JsonProperty("bytes_in") long bytesIn,
			@JsonProperty("bytes_out") long bytesOut, Map<String, Long> statuses) {
	}

	/**
	 * An agreement's usage: totals, then per day (newest first), calls per status code. {@code bytes} is both ways
	 * (what {@code bytes_per_day} limits); {@code bytes_in} what the callers sent up, {@code bytes_out} what they
	 * received (0 both for usage recorded before they were kept apart).
	 */
	record Usage(@JsonProperty("agreement_id") UUID agreementId, long calls, long bytes,
			@JsonProperty("bytes_in") long bytesIn, @JsonProperty("bytes_out") long bytesOut, Map<String, Long> statuses,
			List<Day> days) {
	}

	/** The usage so far, the calls this instance has queued included. */
	Usage of(UUID agreementId) {
		flush();
		record Row(LocalDate day, int status, long calls, long bytes, long bytesIn, long bytesOut) {
		}
		List<Row> rows = jdbc.sql("""
				select day, status, calls, bytes, bytes_in, bytes_out from agreement_usage where agreement_id = ?
				order by day desc, status""")
				.param(agreementId)
				.query((rs, i) -> new Row(rs.getObject(1, LocalDate.class), rs.getInt(2), rs.getLong(3), rs.getLong(4),
						rs.getLong(5), rs.getLong(6)))
				.list();
		Map<String, Long> statuses = new LinkedHashMap<>();
		Map<LocalDate, Day> days = new LinkedHashMap<>();
		long calls = 0;
		long bytes = 0;
		long in = 0;
		long out = 0;
		for (Row row : rows) {
			calls += row.calls();
			bytes += row.bytes();
			in += row.bytesIn();
			out += row.bytesOut();
			statuses.merge("" + row.status(), row.calls(), Long::sum);
			Day day = days.getOrDefault(row.day(), new Day(row.day(), 0, 0, 0, 0, new LinkedHashMap<>()));
			day.statuses().merge("" + row.status(), row.calls(), Long::sum);
			days.put(row.day(), new Day(row.day(), day.calls() + row.calls(), day.bytes() + row.bytes(),
					day.bytesIn() + row.bytesIn(), day.bytesOut() + row.bytesOut(), day.statuses()));
		}
		return new Usage(agreementId, calls, bytes, in, out, statuses, new ArrayList<>(days.values()));
	}

	static LocalDate today() {
		return LocalDate.now(ZoneOffset.UTC);
	}
}
