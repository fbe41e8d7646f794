package org.kerys.consent.internal;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import org.kerys.consent.internal.Consents.Live;
import org.kerys.platform.ClusterSignals;
import org.springframework.stereotype.Component;

/**
 * The gateway's consent check, kept in memory so that a warm check reads nothing from the database, without ever
 * letting a withdrawn consent through on this instance: every change of any consent (given, renewed, withdrawn,
 * expired, invalidated) signals {@link #CHANNEL} in its transaction, which drops everything here at its commit —
 * before the citizen's answer leaves — and on the other instances through PostgreSQL within milliseconds
 * ({@link ClusterSignals}). A load that read the database before such a commit is not kept (each entry carries the
 * generation it was read under). While the link to the other instances is down, nothing is cached. A consent's expiry
 * is compared with the clock at each check, whatever the cache holds. Entries live {@link #TTL} at most: a safety net
 * only (changes arrive as signals), long enough that a project fetching each of its thousands of subjects every few
 * minutes reads them from memory (with 30 s, about 4 % of the benchmark's checks went to the database).
 */
@Component
class ConsentCache {

	static final String CHANNEL = "kerys_consent";
	static final Duration TTL = Duration.ofMinutes(5);
	private static final int MAX_ENTRIES = 50_000;

	/** Whom a project's reference names, for which dataset. */
	record Key(UUID projectId, String subjectRef, UUID datasetId) {
	}

	private record Entry(Optional<Live> live, long generation, long loadedNanos) {
	}

	private final ClusterSignals signals;
	private final AtomicLong generation = new AtomicLong();
	private final Map<Key, Entry> entries = new ConcurrentHashMap<>();

	ConsentCache(ClusterSignals signals) {
		this.signals = signals;
		signals.listen(CHANNEL, this::drop);
	}

	/** The live consent behind this key now, from memory when nothing changed since it was read. */
	Optional<Live> live(Key key, Supplier<Optional<Live>> load) {
		if (!signals.connected()) {
			return load.get().filter(ConsentCache::notExpired);
		}
		long current = generation.get();
		long now = System.nanoTime();
		Entry entry = entries.get(key);
		if (entry == null || entry.generation() != current || now - entry.loadedNanos() >= TTL.toNanos()) {
			entry = new Entry(load.get(), current, now);
			if (entries.size() >= MAX_ENTRIES) {
				entries.clear();
			}
			entries.put(key, entry);
		}
		return entry.live().filter(ConsentCache::notExpired);
	}

	/** A consent changed: every instance drops what it holds when the current transaction commits. */
	void changed() {
		signals.signal(CHANNEL);
	}

	private void drop() {
		generation.incrementAndGet();
		entries.clear();
	}

	private static boolean notExpired(Live live) {
		return live.expiresAt().isAfter(OffsetDateTime.now());
	}
}
