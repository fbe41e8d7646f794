package org.kerys.platform;

/**
 * Signals between the Kerys instances that share a database, for caches that must drop what they hold when another
 * instance changes it: a signal is sent with the change's transaction and reaches this instance at its commit, and
 * the others through PostgreSQL's {@code NOTIFY} (within milliseconds of the commit).
 */
public interface ClusterSignals {

	/**
	 * Signals a change on a channel (a lower-case identifier, e.g. {@code kerys_consent}): when the current
	 * transaction commits (at once without one), to this instance's listeners and every other instance's.
	 */
	void signal(String channel);

	/** Runs {@code action} at each signal on the channel, and whenever the link to the other instances is lost or back. */
	void listen(String channel, Runnable action);

	/**
	 * Whether other instances' signals reach this one now; while not, a cache must not trust what it holds (a signal
	 * may be missed).
	 */
	boolean connected();
}
