package org.kerys.catalog.internal.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.kerys.catalog.internal.validation.Records.lenient;
import static org.kerys.catalog.internal.validation.Records.problems;
import static org.kerys.catalog.internal.validation.Records.strict;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.kerys.platform.ProblemException.FieldError;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The 387 real records of Rennes (RUDI 1.2.0): what strict mode refuses, lenient mode maps, and says so. */
class RennesRecordsTests {

	private static final List<JsonNode> RECORDS = Records.rennes();

	@Test
	void shouldHave387Records() {
		assertThat(RECORDS).hasSize(387);
	}

	@Test
	void shouldValidateEveryRecordLeniently() {
		for (JsonNode record : RECORDS) {
			assertThat(lenient(record).errors()).as(record.path("global_id").asString()).isEmpty();
		}
	}

	@Test
	void shouldChangeOnlyWhatTheWarningsReport() {
		for (JsonNode record : RECORDS) {
			ValidationReport report = lenient(record);
			JsonNode input = record.deepCopy();
			JsonNode output = report.metadata().deepCopy();
			for (FieldError warning : report.warnings()) {
				remove(input, warning.field());
				remove(output, warning.field());
				if (warning.field().endsWith(".checksum.file_encoding")) {
					// moved, not removed: the warning names the checksum, the value now sits in the media
					remove(output, warning.field().replace(".checksum.file_encoding", ".file_encoding"));
				}
			}
			assertThat(output).as(record.path("global_id").asString()).isEqualTo(input);
		}
	}

	@Test
	void shouldWarnLenientlyAboutEveryProblemStrictModeFinds() {
		for (JsonNode record : RECORDS) {
			List<String> strictErrors = problems(strict(record).errors());
			assertThat(strictErrors).isNotEmpty();
			assertThat(problems(lenient(record).warnings())).containsAll(strictErrors);
		}
	}

	@Test
	void shouldProduceRecordsThatPassStrictValidationExceptForMissingMedia() {
		for (JsonNode record : RECORDS) {
			List<String> errors = problems(strict(lenient(record).metadata()).errors());
			assertThat(errors).isSubsetOf("ERR-202 available_formats");
		}
	}

	@Test
	void shouldRefuseTheFirstRecordStrictlyWithTheRudiCodes() {
		ValidationReport report = strict(RECORDS.get(0));

		assertThat(report.valid()).isFalse();
		assertThat(problems(report.errors())).containsExactlyInAnyOrder("ERR-302 theme",
				"ERR-201 available_formats[0].file_size", "ERR-102 available_formats[0].checksum.file_encoding",
				"ERR-202 access_condition.confidentiality", "ERR-102 collection_tag");
	}

	@Test
	void shouldCountTheMappingsTheRecordsNeed() {
		Map<String, Integer> recordsPerMapping = new TreeMap<>();
		for (JsonNode record : RECORDS) {
			lenient(record).warnings().stream()
					.map(warning -> warning.code() + " " + warning.field().replaceAll("\\[\\d+]", "[]"))
					.distinct()
					.forEach(mapping -> recordsPerMapping.merge(mapping, 1, Integer::sum));
		}

		assertThat(recordsPerMapping).containsExactlyInAnyOrderEntriesOf(Map.ofEntries(
				Map.entry("ERR-102 collection_tag", 387),
				Map.entry("ERR-202 access_condition.confidentiality", 387),
				Map.entry("ERR-302 theme", 387),
				Map.entry("ERR-102 available_formats[].checksum.file_encoding", 331),
				Map.entry("ERR-201 available_formats[].file_size", 331),
				Map.entry("ERR-201 available_formats[]", 56),
				Map.entry("ERR-202 available_formats", 56),
				Map.entry("ERR-202 synopsis[].lang", 1),
				Map.entry("ERR-202 summary[].lang", 1),
				Map.entry("ERR-301 synopsis[].text", 1),
				Map.entry("ERR-301 summary[].text", 1)));
	}

	private static final Pattern STEP = Pattern.compile("([^.\\[]+)|\\[(\\d+)]");

	/** Removes the value at a validator path such as {@code available_formats[0].checksum.hash}, if present. */
	private static void remove(JsonNode root, String path) {
		JsonNode parent = null;
		JsonNode node = root;
		Object last = null;
		Matcher matcher = STEP.matcher(path);
		while (matcher.find()) {
			if (node == null) {
				return;
			}
			parent = node;
			last = matcher.group(1) != null ? matcher.group(1) : Integer.valueOf(matcher.group(2));
			node = last instanceof Integer index ? node.get(index) : node.get((String) last);
		}
		if (node == null || parent == null) {
			return;
		}
		if (last instanceof Integer index) {
			((ArrayNode) parent).remove(index.intValue());
		}
		else {
			((ObjectNode) parent).remove((String) last);
		}
	}
}
