package org.kerys.identity.internal;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Predicate;


/**
 * A small in-memory cache whose entries live {@code ttl} at most, for what every API request looks up (a personal
 * token's owner, a node client's revocation). Changes made through this instance invalidate their entries at once
 * ({@link #removeIf}, {@link #clear}); changes made by another instance on the same database are seen within the
 * lifetime. Bounded: when full it is emptied, which only costs lookups.
 */
final class ExpiringCache<K, V> {

	private record Entry<V>(V value, long expiresAt) {
	}

	private final Map<K, Entry<V>> entries = new ConcurrentHashMap<>();
	private final long ttlNanos;
	private final int maxEntries;

	ExpiringCache(Duration ttl, int maxEntries) {
		this.ttlNanos = ttl.toNanos();
		this.maxEntries = maxEntries;
	}

	/** The cached value, or the loader's (cached unless {@code null}: what is not found is asked again). */
	V get(K key, Function<K, V> loader) {
		long now = System.nanoTime();
		Entry<V> entry = entries.get(key);
		if (entry != null && entry.expiresAt() - now > 0) {
			return entry.value();
		}
		V value = loader.apply(key);
		if (value == null) {
			entries.remove(key);
			return null;
		}
		if (entries.size() >= maxEntries) {
			entries.clear(); // full: start again (only costs lookups)
		}
		entries.put(key, new Entry<>(value, now + ttlNanos));
		return value;
	}

	/** Removes the entries whose value matches, now and again when the current transaction commits. */
	void removeIf(Predicate<V> condition) {
		nowAndAfterCommit(() -> entries.values().removeIf(entry -> condition.test(entry.value())));
	}

	/** Removes the entry, now and again when the current transaction commits. */
	void remove(K key) {
		nowAndAfterCommit(() -> entries.remove(key));
	}

	/** Empties the cache, now and again when the current transaction commits. */
	void clear() {
		nowAndAfterCommit(entries::clear);
	}

	/**
	 * A request running while the change is not committed yet may load the old row again; removing once more after
	 * the commit leaves no stale entry behind.
	 */
	private static void nowAndAfterCommit(Runnable removal) {
		org.kerys.platform.AfterCommit.nowAndAgain(removal);
	}
}
