package org.kerys.audit.internal;

import org.kerys.platform.CanonicalJson;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class EntryHashTests {

	@Test
	void shouldHashTheDocumentedCanonicalForm() {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("é", true);
		details.put("b", new BigDecimal("1.50"));
		details.put("a", List.of(1, "x\"y"));
		NewEntry entry = NewEntry.of("admin", "dataset.created", "dataset", "6f1c0e8a-3f1e-4d8e-9c1b-2a7d5e4f3b21",
				"success", details);
		Instant time = Instant.parse("2026-11-29T09:35:58.123456789Z");

		String canonical = EntryHash.canonical(1, time, entry.actor(), entry.action(), entry.targetType(),
				entry.targetId(), entry.outcome(), entry.details(), EntryHash.GENESIS);

		assertThat(canonical).isEqualTo("[\"kerys-audit/1\",1,\"2026-11-29T09:35:58.123456Z\",\"admin\","
				+ "\"dataset.created\",\"dataset\",\"6f1c0e8a-3f1e-4d8e-9c1b-2a7d5e4f3b21\",\"success\","
				+ "{\"a\":[1,\"x\\\"y\"],\"b\":1.5,\"é\":true},\"" + "0".repeat(64) + "\"]");
		// computed independently: python3 hashlib.sha256(canonical.encode()).hexdigest()
		assertThat(EntryHash.of(1, time, entry.actor(), entry.action(), entry.targetType(), entry.targetId(),
				entry.outcome(), entry.details(), EntryHash.GENESIS))
				.isEqualTo("152c8a8a4c8cca29c10bc65ea5e76cc8643f8cca4e0e54439fc15080de8649b1");
	}

	@Test
	void shouldGiveOneTextWhateverTheKeyOrderAndNumberSpelling() {
		// what PostgreSQL's JSONB gives back for what Kerys wrote: keys reordered, numbers respelled
		String written = CanonicalJson.write(CanonicalJson.read(
				"{\"size\": 1.0E10, \"ratio\": 0.10, \"zero\": -0.0, \"nested\": {\"z\": 1, \"a\": [2.50, null]}}"));
		String readBack = CanonicalJson.write(CanonicalJson.read(
				"{\"zero\": 0.0, \"nested\": {\"a\": [2.5, null], \"z\": 1}, \"size\": 10000000000, \"ratio\": 0.1}"));
		assertThat(written).isEqualTo(readBack)
				.isEqualTo("{\"nested\":{\"a\":[2.5,null],\"z\":1},\"ratio\":0.1,\"size\":10000000000,\"zero\":0}");
		assertThat(CanonicalJson.write(NewEntry.of(null, "a", null, null, "success",
				Map.of("d", 1.0E10, "f", 0.1)).details())).isEqualTo("{\"d\":10000000000,\"f\":0.1}");
	}

	@Test
	void shouldEscapeControlCharactersOneWay() {
		StringBuilder out = new StringBuilder();
		CanonicalJson.string("a\u0001\b\t\n\f\r\"\\/é😀", out);
		assertThat(out).hasToString("\"a\\u0001\\b\\t\\n\\f\\r\\\"\\\\/é😀\"");
	}

	@Test
	void shouldMakeAnyTextStorable() {
		NewEntry entry = NewEntry.of("x\u0000y", "login.failed", "account", "bad\uD800surrogate", "failure",
				Map.of("k\u0000", "v\uDC00", "n", Double.NaN));
		assertThat(entry.actor()).isEqualTo("x\uFFFDy");
		assertThat(entry.targetId()).isEqualTo("bad\uFFFDsurrogate");
		assertThat(CanonicalJson.write(entry.details())).isEqualTo("{\"k\uFFFD\":\"v\uFFFD\",\"n\":\"NaN\"}");
		assertThat(NewEntry.text("é".repeat(600))).hasSize(NewEntry.MAX_TEXT + 1).endsWith("…");
	}
}
