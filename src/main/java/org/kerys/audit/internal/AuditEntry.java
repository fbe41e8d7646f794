package org.kerys.audit.internal;

import java.time.Instant;

import tools.jackson.databind.JsonNode;

/**
 * One entry of the ledger as stored. {@code time} has microsecond precision (PostgreSQL's), which is what the hash
 * covers.
 */
record AuditEntry(long sequence, Instant time, String actor, String action, String targetType, String targetId,
		String outcome, JsonNode details, String previousHash, String hash) {

	/** The hash that this entry's fields call for: equal to {@link #hash()} unless the entry was changed. */
	String expectedHash() {
		return EntryHash.of(sequence, time, actor, action, targetType, targetId, outcome, details, previousHash);
	}
}
