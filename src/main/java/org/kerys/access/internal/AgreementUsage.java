package org.kerys.access.internal;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Usage of agreements through the gateway: calls and bytes per day (UTC) and status, in the database; and the
 * calls of the current minute per agreement, in memory, for {@code rate_limit_per_minute}. The minute counters are
 * this instance's: behind a load balancer each instance allows the limit (documented in {@code docs/reusers.md});
 * the daily bytes are shared through the database.
 */
@Repository
class AgreementUsage {

	private final JdbcClient jdbc;
	private final Map<UUID, long[]> minutes = new ConcurrentHashMap<>(); // agreement → {minute, calls}

	AgreementUsage(JdbcClient jdbc) {
		this.jdbc = jdbc;
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

	/** Bytes served today (UTC) under the agreement. */
	long bytesToday(UUID agreementId) {
		return jdbc.sql("select coalesce(sum(bytes), 0) from agreement_usage where agreement_id = ? and day = ?")
				.params(agreementId, today()).query(Long.class).single();
	}

	void record(UUID agreementId, int status, long bytes) {
		jdbc.sql("""
				insert into agreement_usage (agreement_id, day, status, calls, bytes) values (?, ?, ?, 1, ?)
				on conflict (agreement_id, day, status)
				do update set calls = agreement_usage.calls + 1, bytes = agreement_usage.bytes + excluded.bytes""")
				.params(agreementId, today(), status, bytes).update();
	}

	/** One day's usage. */
	record Day(LocalDate day, long calls, long bytes, Map<String, Long> statuses) {
	}

	/** An agreement's usage: totals, then per day (newest first), calls per status code. */
	record Usage(@JsonProperty("agreement_id") UUID agreementId, long calls, long bytes, Map<String, Long> statuses,
			List<Day> days) {
	}

	Usage of(UUID agreementId) {
		record Row(LocalDate day, int status, long calls, long bytes) {
		}
		List<Row> rows = jdbc.sql("""
				select day, status, calls, bytes from agreement_usage where agreement_id = ? order by day desc, status""")
				.param(agreementId)
				.query((rs, i) -> new Row(rs.getObject(1, LocalDate.class), rs.getInt(2), rs.getLong(3), rs.getLong(4)))
				.list();
		Map<String, Long> statuses = new LinkedHashMap<>();
		Map<LocalDate, Day> days = new LinkedHashMap<>();
		long calls = 0;
		long bytes = 0;
		for (Row row : rows) {
			calls += row.calls();
			bytes += row.bytes();
			statuses.merge("" + row.status(), row.calls(), Long::sum);
			Day day = days.getOrDefault(row.day(), new Day(row.day(), 0, 0, new LinkedHashMap<>()));
			day.statuses().merge("" + row.status(), row.calls(), Long::sum);
			days.put(row.day(), new Day(row.day(), day.calls() + row.calls(), day.bytes() + row.bytes(), day.statuses()));
		}
		return new Usage(agreementId, calls, bytes, statuses, new ArrayList<>(days.values()));
	}

	static LocalDate today() {
		return LocalDate.now(ZoneOffset.UTC);
	}
}
