package org.kerys.access.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes items off the callers' threads, many at a time: one writer thread takes whatever is queued (up to
 * {@code maxBatch}) and hands it to {@code writer} as one batch, typically one transaction; while it writes, the next
 * batch gathers (a group commit: the busier the gateway, the larger the batches, the fewer the commits). A full queue
 * makes callers wait (nothing is dropped). {@link #flush} waits until what was queued before it is written;
 * {@link #close} writes what is left. What a crash of the process loses: the items queued and not yet written, at
 * most the batch being written and those waiting behind it.
 */
final class GroupCommit<T> implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(GroupCommit.class);

	private final BlockingQueue<T> queue;
	private final Consumer<List<T>> writer;
	private final int maxBatch;
	private final Thread thread;
	private final Object progress = new Object();
	private long queued; // guarded by progress
	private long written; // guarded by progress
	private volatile boolean closing;

	GroupCommit(String name, int capacity, int maxBatch, Consumer<List<T>> writer) {
		this.queue = new LinkedBlockingQueue<>(capacity);
		this.writer = writer;
		this.maxBatch = maxBatch;
		this.thread = new Thread(this::run, name);
		this.thread.setDaemon(true);
		this.thread.start();
	}

	/** Queues one item; waits while the queue is full. */
	void add(T item) {
		synchronized (progress) {
			queued++;
		}
		try {
			queue.put(item);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			synchronized (progress) {
				queued--;
			}
			throw new IllegalStateException("Interrupted while queueing a record to write", e);
		}
	}

	/** Waits until every item queued before this call is written (or the timeout passed). @return whether it was */
	boolean flush(Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		synchronized (progress) {
			long target = queued;
			while (written < target) {
				long left = deadline - System.nanoTime();
				if (left <= 0 || !thread.isAlive()) {
					return false;
				}
				try {
					TimeUnit.NANOSECONDS.timedWait(progress, left);
				}
				catch (InterruptedException e) {
					Thread.currentThread().interrupt();
					return false;
				}
			}
			return true;
		}
	}

	private void run() {
		List<T> batch = new ArrayList<>();
		while (!closing || !queue.isEmpty()) {
			try {
				T first = queue.poll(100, TimeUnit.MILLISECONDS);
				if (first == null) {
					continue;
				}
				batch.add(first);
				queue.drainTo(batch, maxBatch - 1);
				write(batch);
			}
			catch (InterruptedException e) {
				closing = true;
			}
			finally {
				synchronized (progress) {
					written += batch.size();
					progress.notifyAll();
				}
				batch.clear();
			}
		}
	}

	/** The batch; when it fails as a whole, each item alone (one bad item does not lose the others), logged. */
	private void write(List<T> batch) {
		try {
			writer.accept(batch);
		}
		catch (RuntimeException e) {
			log.warn("Writing {} records at once failed ({}); writing them one by one", batch.size(), e.toString());
			for (T item : batch) {
				try {
					writer.accept(List.of(item));
				}
				catch (RuntimeException again) {
					log.error("A record could not be written and is lost: {}", item, again);
				}
			}
		}
	}

	/** Writes what is queued, then stops the writer. */
	@Override
	public void close() {
		closing = true;
		try {
			thread.join(Duration.ofSeconds(30).toMillis());
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}
}
