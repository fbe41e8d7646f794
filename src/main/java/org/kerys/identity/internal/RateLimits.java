package org.kerys.identity.internal;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.EstimationProbe;
import org.springframework.stereotype.Component;

/**
 * Token buckets (Bucket4j, in memory, per Kerys instance) for the endpoints people could abuse: sign-in, token
 * requests, registration, password reset, verification emails. Two kinds of limits:
 * <ul>
 * <li>per client address and endpoint group: every request counts;</li>
 * <li>per account name tried at sign-in (form or {@code POST /api/auth/token}): only failed attempts count, so
 * that guessing one account's password from many addresses is slowed down too, while its owner, once they know
 * it, still gets in — unless someone else has used up the attempts, which is the price of this protection.</li>
 * </ul>
 * Memory stays bounded: buckets idle for longer than their period are full again and are forgotten; beyond
 * {@code maxTracked} everything is forgotten at once (rather than growing without end).
 */
@Component
public class RateLimits {

	private static final long SWEEP_NANOS = TimeUnit.MINUTES.toNanos(1);

	private final RateLimitSettings configured;
	private volatile RateLimitSettings settings;
	private final Map<String, Tracked> buckets = new ConcurrentHashMap<>();
	private final AtomicLong lastSweep = new AtomicLong(System.nanoTime());

	RateLimits(RateLimitSettings settings) {
		this.configured = settings;
		this.settings = settings;
	}

	private record Tracked(Bucket bucket, Duration period, AtomicLong lastUsed) {
	}

	boolean enabled() {
		return settings.enabled();
	}

	/**
	 * Counts a request of this client address to this endpoint group.
	 *
	 * @return 0 if it may go on, else the seconds to wait
	 */
	long ipRequest(String group, String address) {
		RateLimitSettings s = settings;
		ConsumptionProbe probe = bucket(group + "|ip|" + address, s.perIp(), s.perIpPeriod())
				.tryConsumeAndReturnRemaining(1);
		return probe.isConsumed() ? 0 : seconds(probe.getNanosToWaitForRefill());
	}

	/** @return 0 if this account name may try to sign in, else the seconds to wait */
	long accountAttempt(String name) {
		RateLimitSettings s = settings;
		EstimationProbe probe = bucket(accountKey(name), s.perAccount(), s.perAccountPeriod()).estimateAbilityToConsume(1);
		return probe.canBeConsumed() ? 0 : seconds(probe.getNanosToWaitForRefill());
	}

	/** Counts a failed sign-in of this account name. */
	void accountFailed(String name) {
		RateLimitSettings s = settings;
		bucket(accountKey(name), s.perAccount(), s.perAccountPeriod()).tryConsume(1);
	}

	/** Forgets every bucket and goes back to the configured limits (for tests). */
	public void reset() {
		settings = configured;
		buckets.clear();
	}

	/** Other limits until {@link #reset()} (for tests). */
	public void use(int perIp, Duration perIpPeriod, int perAccount, Duration perAccountPeriod) {
		settings = new RateLimitSettings(true, perIp, perIpPeriod, perAccount, perAccountPeriod, configured.maxTracked());
		buckets.clear();
	}

	int tracked() {
		return buckets.size();
	}

	private static String accountKey(String name) {
		String normal = name.strip().toLowerCase(Locale.ROOT);
		return "account|" + (normal.length() > 320 ? normal.substring(0, 320) : normal);
	}

	private Bucket bucket(String key, int capacity, Duration period) {
		long now = System.nanoTime();
		sweep(now);
		Tracked tracked = buckets.computeIfAbsent(key, k -> new Tracked(
				Bucket.builder().addLimit(limit -> limit.capacity(capacity).refillGreedy(capacity, period)).build(), period,
				new AtomicLong(now)));
		tracked.lastUsed().set(now);
		return tracked.bucket();
	}

	private void sweep(long now) {
		long last = lastSweep.get();
		boolean due = now - last > SWEEP_NANOS || buckets.size() >= settings.maxTracked();
		if (!due || !lastSweep.compareAndSet(last, now)) {
			return;
		}
		buckets.values().removeIf(t -> now - t.lastUsed().get() > t.period().toNanos());
		if (buckets.size() >= settings.maxTracked()) {
			buckets.clear();
		}
	}

	private static long seconds(long nanos) {
		return Math.max(1, (nanos + 999_999_999L) / 1_000_000_000L);
	}
}
