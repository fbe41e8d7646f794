package org.kerys.storage.internal;

import java.time.Instant;
import java.util.UUID;

/**
 * The file stored for a media (a row of {@code media_files}): its blob's SHA-256, its MD5 and size, and the
 * content type and name it was uploaded with. An encrypted file ({@code +crypt}) also has the id of the media key
 * that opens it and the size of its plaintext; both are null for a file stored in clear.
 */
record MediaFile(UUID mediaId, UUID globalId, String sha256, String md5, long size, String contentType,
		String fileName, Instant storedAt, UUID keyId, Long plainSize) {

	boolean encrypted() {
		return keyId != null;
	}
}
