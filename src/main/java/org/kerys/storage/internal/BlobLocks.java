package org.kerys.storage.internal;

import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * PostgreSQL advisory locks held until the current transaction ends: they order an upload that puts a blob in
 * place against a collector that removes unreferenced blobs, across threads and across Kerys instances.
 */
@Component
class BlobLocks {

	// Two-key advisory locks: the first key keeps storage's locks apart from other modules'.
	private static final int MEDIA = 0x4b530001;
	private static final int BLOB = 0x4b530002;

	private final JdbcClient jdbc;

	BlobLocks(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** Serialises uploads of one media, so that each sees the blob the previous one left. */
	void media(UUID mediaId) {
		lock(MEDIA, Long.hashCode(mediaId.getMostSignificantBits() ^ mediaId.getLeastSignificantBits()));
	}

	/** Taken after {@link #media} (never before) by an upload, and alone by the collector. */
	void blob(String sha256) {
		lock(BLOB, (int) Long.parseUnsignedLong(sha256.substring(0, 8), 16));
	}

	private void lock(int space, int key) {
		jdbc.sql("select pg_advisory_xact_lock(:space, :key)")
				.param("space", space)
				.param("key", key)
				.query((rs, i) -> 1)
				.single();
	}
}
