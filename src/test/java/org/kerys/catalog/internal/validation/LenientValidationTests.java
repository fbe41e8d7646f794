package org.kerys.catalog.internal.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.kerys.catalog.internal.validation.Records.lenient;
import static org.kerys.catalog.internal.validation.Records.object;
import static org.kerys.catalog.internal.validation.Records.problems;

import java.util.Locale;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

class LenientValidationTests {

	@Test
	void shouldChangeNothingInAValidRecord() {
		ObjectNode record = Records.valid();

		ValidationReport report = lenient(record);

		assertThat(report.errors()).isEmpty();
		assertThat(report.warnings()).isEmpty();
		assertThat(report.metadata()).isEqualTo(record);
	}

	@ParameterizedTest
	@CsvSource(delimiter = ';', value = { "Economie;economy", "économie;economy", "MOBILITE, TRANSPORT;transportation",
			"Référentiels  géographiques;location", "Networks, Energy;energyNetworks", "ville;townPlanning" })
	void shouldMapThemeLabelsToCodes(String label, String code) {
		ObjectNode record = Records.valid();
		record.put("theme", label);

		ValidationReport report = lenient(record);

		assertThat(report.errors()).isEmpty();
		assertThat(report.metadata().get("theme").asString()).isEqualTo(code);
		assertThat(problems(report.warnings())).containsExactly("ERR-302 theme");
		assertThat(report.warnings().get(0).message()).contains(label, code);
	}

	@Test
	void shouldConvertNumbersAndBooleansSentAsStrings() {
		ObjectNode record = Records.valid();
		object(record, "/available_formats/0").put("file_size", "343687");
		object(record, "/geography/bounding_box").put("north_latitude", "48.25");
		object(record, "/access_condition/confidentiality").put("restricted_access", "false");

		ValidationReport report = lenient(record);

		assertThat(report.errors()).isEmpty();
		assertThat(problems(report.warnings())).containsExactlyInAnyOrder("ERR-201 available_formats[0].file_size",
				"ERR-201 geography.bounding_box.north_latitude", "ERR-201 access_condition.confidentiality.restricted_access");
		assertThat(report.metadata().at("/available_formats/0/file_size").longValue()).isEqualTo(343687L);
		assertThat(report.metadata().at("/geography/bounding_box/north_latitude").decimalValue()).isEqualByComparingTo("48.25");
		assertThat(report.metadata().at("/access_condition/confidentiality/restricted_access").isBoolean()).isTrue();
	}

	@Test
	void shouldMoveTheChecksumFileEncodingToTheMedia() {
		ObjectNode record = Records.valid();
		object(record, "/available_formats/0").remove("file_encoding");
		object(record, "/available_formats/0/checksum").put("file_encoding", "charset=us-ascii");

		ValidationReport report = lenient(record);

		assertThat(report.errors()).isEmpty();
		assertThat(problems(report.warnings())).containsExactly("ERR-102 available_formats[0].checksum.file_encoding");
		assertThat(report.metadata().at("/available_formats/0/file_encoding").asString()).isEqualTo("charset=us-ascii");
		assertThat(report.metadata().at("/available_formats/0/checksum").has("file_encoding")).isFalse();
	}

	@Test
	void shouldDefaultAMissingConfidentialityToOpenData() {
		ObjectNode record = Records.valid();
		object(record, "/access_condition").remove("confidentiality");

		ValidationReport report = lenient(record);

		assertThat(report.errors()).isEmpty();
		assertThat(problems(report.warnings())).containsExactly("ERR-202 access_condition.confidentiality");
		assertThat(report.metadata().at("/access_condition/confidentiality"))
				.isEqualTo(Records.valid().at("/access_condition/confidentiality"));
	}

	@Test
	void shouldDefaultANullConfidentialityToOpenData() {
		ObjectNode record = Records.valid();
		object(record, "/access_condition").putNull("confidentiality");

		ValidationReport report = lenient(record);

		assertThat(report.errors()).isEmpty();
		assertThat(problems(report.warnings())).containsExactly("ERR-202 access_condition.confidentiality");
	}

	@Test
	void shouldRemoveUnknownFieldsNullsAndControlCharacters() {
		ObjectNode record = Records.valid();
		record.put("collection_tag", "init");
		record.putNull("doi");
		object(record, "/synopsis/0").put("text", "premi\u008Fre");

		ValidationReport report = lenient(record);

		assertThat(report.errors()).isEmpty();
		assertThat(problems(report.warnings())).containsExactlyInAnyOrder("ERR-102 collection_tag", "ERR-201 doi",
				"ERR-301 synopsis[0].text");
		assertThat(report.metadata().has("collection_tag")).isFalse();
		assertThat(report.metadata().has("doi")).isFalse();
		assertThat(report.metadata().at("/synopsis/0/text").asString()).isEqualTo("premire");
	}

	@Test
	void shouldGiveATextWithoutLanguageTheDatasetsFirstLanguage() {
		ObjectNode record = Records.valid();
		record.putArray("resource_languages").add("en");
		object(record, "/synopsis/0").remove("lang");

		ValidationReport report = lenient(record);

		assertThat(problems(report.warnings())).containsExactly("ERR-202 synopsis[0].lang");
		assertThat(report.metadata().at("/synopsis/0/lang").asString()).isEqualTo("en");
	}

	@Test
	void shouldAcceptADatasetWithoutMediaWithAWarning() {
		ObjectNode record = Records.valid();
		record.putArray("available_formats").addNull();

		ValidationReport report = lenient(record);

		assertThat(report.errors()).isEmpty();
		assertThat(problems(report.warnings())).containsExactly("ERR-201 available_formats[0]", "ERR-202 available_formats");
		assertThat(report.metadata().get("available_formats")).isEmpty();
	}

	@Test
	void shouldKeepAsErrorsWhatCannotBeMapped() {
		ObjectNode record = Records.valid();
		record.put("theme", "Astronomie");
		object(record, "/available_formats/0").put("file_size", "12 ko");
		record.remove("global_id");
		((ArrayNode) record.get("synopsis")).removeAll();

		ValidationReport report = lenient(record);

		assertThat(problems(report.errors())).containsExactlyInAnyOrder("ERR-302 theme",
				"ERR-201 available_formats[0].file_size", "ERR-202 global_id", "ERR-202 synopsis");
		assertThat(report.valid()).isFalse();
	}

	@Test
	void shouldSayWhatWasMappedInEnglishToo() {
		ObjectNode record = Records.valid();
		record.put("theme", "Economie");

		ValidationReport report = Records.VALIDATOR.validate(record, ValidationMode.LENIENT, Locale.ENGLISH);

		assertThat(report.warnings()).singleElement().extracting("message")
				.isEqualTo("Theme \"Economie\" mapped to the code \"economy\".");
	}
}
