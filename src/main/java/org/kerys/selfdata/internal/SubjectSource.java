package org.kerys.selfdata.internal;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;

import tools.jackson.databind.JsonNode;

/**
 * Where a citizen's records are matched and read: the producer's node ({@link NodeSource}), or Kerys' built-in
 * personal store (an adapter over {@code internal.store.PersonalStore}). The first source that
 * {@linkplain #serves serves} a dataset is used.
 */
interface SubjectSource {

	/** {@code NODE} or {@code STORE}: the request's mode and the actor kind of the accesses it makes. */
	String mode();

	/** Whether this source holds the records of this dataset. */
	boolean serves(SelfdataDataset dataset);

	/**
	 * Matches the values to a person.
	 *
	 * @param login the pseudonymous login passed to the producer (the account id, never its name or email)
	 * @return found (with the secret kept sealed for data calls: a node's token, a store's subject key) or not found
	 * @throws SourceFailure when the source did not answer properly (garbage, refused, timeout)
	 */
	Match match(SelfdataDataset dataset, String login, Map<String, String> matching) throws SourceFailure;

	JsonNode gdata(SelfdataDataset dataset, String login, byte[] secret) throws SourceFailure;

	JsonNode tpbc(SelfdataDataset dataset, String login, byte[] secret, LocalDate min, LocalDate max)
			throws SourceFailure;

	/** Who was called, for the access list (a node's host, {@code kerys}). */
	String actor(SelfdataDataset dataset);

	/** The outcome of a matching: {@code secret} null when nothing was found. */
	record Match(boolean found, byte[] secret, OffsetDateTime expiresAt) {

		static Match none() {
			return new Match(false, null, null);
		}
	}

	/** A source that did not answer properly; {@code code} is stable, the message says what happened (no value). */
	final class SourceFailure extends Exception {

		private final String code;

		SourceFailure(String code, String message) {
			super(message);
			this.code = code;
		}

		SourceFailure(String code, String message, Throwable cause) {
			super(message, cause);
			this.code = code;
		}

		String code() {
			return code;
		}
	}

	/** The subject key is opaque; a node token is text. */
	static byte[] utf8(String value) {
		return value.getBytes(java.nio.charset.StandardCharsets.UTF_8);
	}

	static UUID uuid(String value) {
		try {
			return UUID.fromString(value);
		}
		catch (IllegalArgumentException e) {
			return null;
		}
	}
}
