package org.kerys.selfdata.internal.crypto;

/**
 * A bean that keeps values sealed by {@link PersonalKeys}: {@code personal-keys rotate} calls every one of them to
 * seal again, under the current key, each value still under another key (use {@link PersonalKeys#reseal}). Both
 * methods may run beside a running Kerys and again after a crash.
 */
public interface Resealer {

	/** What is resealed, for the command's output (e.g. "self-data requests"). */
	String what();

	/** Seals again under {@code keys.currentKeyId()} every value under another key; returns how many. */
	int resealAll();

	/** How many values are sealed under the key {@code keyId}. */
	long countUnder(String keyId);
}
