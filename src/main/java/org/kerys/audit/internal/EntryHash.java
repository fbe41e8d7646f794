package org.kerys.audit.internal;

import org.kerys.platform.CanonicalJson;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;

import tools.jackson.databind.JsonNode;

/**
 * The hash of a ledger entry: lower-case hex SHA-256 of the UTF-8 bytes of the {@link CanonicalJson canonical JSON}
 * of this array, in this order:
 *
 * <pre>
 * ["kerys-audit/1", sequence, time, actor, action, target_type, target_id, outcome, details, previous_hash]
 * </pre>
 *
 * <ul>
 * <li>{@code "kerys-audit/1"}: the version of this form;</li>
 * <li>{@code sequence}: a JSON number (1, 2, 3…);</li>
 * <li>{@code time}: a string, UTC, always six fraction digits: {@code "2026-11-29T09:35:58.123456Z"};</li>
 * <li>{@code actor}, {@code action}, {@code target_type}, {@code target_id}, {@code outcome}: strings, or
 * {@code null};</li>
 * <li>{@code details}: the details object, canonical (sorted keys, plain numbers);</li>
 * <li>{@code previous_hash}: the previous entry's hash, 64 hex digits; {@code "000…000"} (64 zeros) for entry 1.</li>
 * </ul>
 * Example: {@code ["kerys-audit/1",1,"2026-11-29T09:35:58.123456Z","admin","dataset.created","dataset",
 * "0b7c…","success",{},"0000…0000"]}.
 */
final class EntryHash {

	static final String GENESIS = "0".repeat(64);
	static final String VERSION = "kerys-audit/1";
	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
			.withZone(ZoneOffset.UTC);

	private EntryHash() {
	}

	static String of(long sequence, Instant time, String actor, String action, String targetType, String targetId,
			String outcome, JsonNode details, String previousHash) {
		return sha256(canonical(sequence, time, actor, action, targetType, targetId, outcome, details, previousHash));
	}

	static String canonical(long sequence, Instant time, String actor, String action, String targetType,
			String targetId, String outcome, JsonNode details, String previousHash) {
		StringBuilder out = new StringBuilder(256);
		out.append('[');
		CanonicalJson.string(VERSION, out);
		out.append(',').append(sequence).append(',');
		CanonicalJson.string(time(time), out);
		for (String field : new String[] { actor, action, targetType, targetId, outcome }) {
			out.append(',');
			if (field == null) {
				out.append("null");
			}
			else {
				CanonicalJson.string(field, out);
			}
		}
		out.append(',');
		CanonicalJson.write(details, out);
		out.append(',');
		CanonicalJson.string(previousHash, out);
		return out.append(']').toString();
	}

	static String time(Instant time) {
		return TIME.format(time.truncatedTo(ChronoUnit.MICROS));
	}

	private static String sha256(String text) {
		try {
			return HexFormat.of().formatHex(
					MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
		}
	}
}
