package org.kerys.federation.internal.nodes;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a queue's worker when woken: up to {@code threads} loops that each take one item at a time
 * ({@code step} answers false when the queue is empty). A wake-up during a loop is never lost: the loop looks again
 * before it stops. {@link #wakeIn} wakes later (a retry that falls due).
 */
final class Drainer {

	private static final Logger log = LoggerFactory.getLogger(Drainer.class);

	private final String name;
	private final int threads;
	private final BooleanSupplier step;
	private final ExecutorService executor;
	private final ScheduledExecutorService timer;
	private final AtomicInteger running = new AtomicInteger();
	private final AtomicBoolean woken = new AtomicBoolean();

	Drainer(String name, int threads, BooleanSupplier step) {
		this.name = name;
		this.threads = threads;
		this.step = step;
		this.executor = Executors.newFixedThreadPool(threads, runnable -> daemon(runnable, name));
		this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> daemon(runnable, name + "-timer"));
	}

	void wake() {
		woken.set(true);
		int now;
		while ((now = running.get()) < threads) {
			if (running.compareAndSet(now, now + 1)) {
				try {
					executor.execute(this::drain);
				}
				catch (java.util.concurrent.RejectedExecutionException e) {
					running.decrementAndGet(); // shutting down
				}
				return;
			}
		}
	}

	void wakeIn(long millis) {
		try {
			timer.schedule(this::wake, Math.max(0, millis), TimeUnit.MILLISECONDS);
		}
		catch (java.util.concurrent.RejectedExecutionException e) {
			// shutting down: the next start resumes from the database
		}
	}

	private void drain() {
		try {
			while (true) {
				woken.set(false);
				boolean worked;
				try {
					worked = step.getAsBoolean();
				}
				catch (RuntimeException e) {
					log.warn("{}: a step failed; trying again at the next sweep", name, e);
					woken.set(false);
					return;
				}
				if (!worked && !woken.get()) {
					return;
				}
			}
		}
		finally {
			running.decrementAndGet();
			if (woken.get()) {
				wake();
			}
		}
	}

	void shutdown() {
		timer.shutdownNow();
		executor.shutdown();
		try {
			executor.awaitTermination(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}

	private static Thread daemon(Runnable runnable, String name) {
		Thread thread = new Thread(runnable, name);
		thread.setDaemon(true);
		return thread;
	}
}
