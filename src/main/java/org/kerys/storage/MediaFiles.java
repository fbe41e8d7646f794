package org.kerys.storage;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.Collection;
import java.util.Optional;
import java.util.UUID;

/** The stored files of media, as other modules may use them. */
public interface MediaFiles {

	/** True when a file was uploaded for this media. */
	boolean stored(UUID mediaId);

	/**
	 * These media no longer exist (their dataset was deleted or changed): forget their files, in the caller's
	 * transaction; a blob no other media uses is removed from disk once that transaction commits.
	 */
	void release(Collection<UUID> mediaIds);

	/**
	 * The media's file as its readers get it: as stored, or decrypted when it was uploaded encrypted
	 * ({@code +crypt}, see {@code docs/encryption.md}). Decides nothing about who may read it: the caller does.
	 * @return empty when no file was stored for this media
	 */
	Optional<PlainFile> plain(UUID mediaId);

	/**
	 * A media's file in clear. For an encrypted file, {@link #transfer} writes no byte before the whole file's GCM
	 * tag was checked; a file that fails it (altered at rest) is refused with a {@code ProblemException} 500
	 * {@code KRS-500-CRYPT-INTEGRITY}, logged. Memory stays constant whatever the size.
	 */
	interface PlainFile {

		UUID mediaId();

		/** Bytes of the plaintext (for a file in clear, of the file). */
		long size();

		/** The SHA-256 of the stored bytes (the ciphertext for an encrypted file): a validator, not the plaintext's hash. */
		String sha256();

		Instant storedAt();

		boolean encrypted();

		/**
		 * The media type readers get: the declared {@code file_type} without its {@code +crypt} suffix, or
		 * {@code application/octet-stream} when none is declared or usable.
		 */
		String contentType();

		/**
		 * Checks an encrypted file's tag now (reading it whole), so that a caller can fail before it commits a
		 * response; {@link #transfer} then does not check again. Nothing to do for a file in clear.
		 */
		void verify();

		/**
		 * Writes {@code length} bytes of the plaintext from {@code first} (a byte range of the plaintext; 0 and
		 * {@link #size()} for all of it), verifying first if {@link #verify()} was not called.
		 * @throws IOException when the file cannot be read; a client that stops reading ends the transfer quietly
		 */
		void transfer(long first, long length, OutputStream out) throws IOException;
	}
}
