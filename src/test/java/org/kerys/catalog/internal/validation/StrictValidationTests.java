package org.kerys.catalog.internal.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.kerys.catalog.internal.validation.Records.JSON;
import static org.kerys.catalog.internal.validation.Records.object;
import static org.kerys.catalog.internal.validation.Records.problems;
import static org.kerys.catalog.internal.validation.Records.strict;

import java.util.Locale;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

class StrictValidationTests {

	@Test
	void shouldAcceptAValidRecordUnchanged() {
		ObjectNode record = Records.valid();

		ValidationReport report = strict(record);

		assertThat(report.valid()).isTrue();
		assertThat(report.errors()).isEmpty();
		assertThat(report.warnings()).isEmpty();
		assertThat(report.metadata()).isEqualTo(record).isNotSameAs(record);
	}

	@Test
	void shouldAcceptAValidSelfDataRecord() {
		assertThat(strict(Records.selfData()).errors()).isEmpty();
	}

	@Test
	void shouldRefuseWhatIsNotAnObjectWithErr101() {
		for (String json : new String[] { "[]", "\"text\"", "42", "null" }) {
			ValidationReport report = strict(JSON.readTree(json));
			assertThat(problems(report.errors())).as(json).containsExactly("ERR-101 ");
			assertThat(report.metadata().isEmpty()).isTrue();
		}
		assertThat(problems(strict(null).errors())).containsExactly("ERR-101 ");
	}

	@Test
	void shouldReportEveryUnknownFieldWithErr102() {
		ObjectNode record = Records.valid();
		record.put("collection_tag", "init");
		object(record, "/available_formats/0/checksum").put("file_encoding", "UTF-8");
		object(record, "/producer").put("siret", "123");

		assertThat(problems(strict(record).errors())).containsExactlyInAnyOrder("ERR-102 collection_tag",
				"ERR-102 available_formats[0].checksum.file_encoding", "ERR-102 producer.siret");
	}

	@Test
	void shouldKnowTheFieldsOfTheMediaSubtypeNamedByTheDiscriminator() {
		ObjectNode record = Records.valid();
		object(record, "/available_formats/0").put("api_documentation_url", "https://example.org/doc");

		// api_documentation_url belongs to a SERVICE media, not to a FILE
		assertThat(problems(strict(record).errors()))
				.containsExactly("ERR-102 available_formats[0].api_documentation_url");
	}

	@Test
	void shouldReportAnUnknownMediaTypeOnceAndNotEachOfItsFields() {
		ObjectNode record = Records.valid();
		object(record, "/available_formats/0").put("media_type", "STREAM");

		assertThat(problems(strict(record).errors())).containsExactly("ERR-302 available_formats[0].media_type");
	}

	@Test
	void shouldLeaveExtMetadataOpenToOtherExtensions() {
		ObjectNode record = Records.valid();
		record.putObject("ext_metadata").putObject("ext_other_portal").put("tag", "x");

		assertThat(strict(record).errors()).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "1.1.0", "1.4.1", "1.5.0", "2.0.0", "1.4.0-SNAPSHOT" })
	void shouldRefuseUnsupportedApiVersionsWithErr106(String version) {
		ObjectNode record = Records.valid();
		object(record, "/metadata_info").put("api_version", version);

		assertThat(problems(strict(record).errors())).containsExactly("ERR-106 metadata_info.api_version");
	}

	@ParameterizedTest
	@ValueSource(strings = { "1.2.0", "1.2.3", "1.3.0", "1.4.0" })
	void shouldAcceptApiVersionsFrom120To140(String version) {
		ObjectNode record = Records.valid();
		object(record, "/metadata_info").put("api_version", version);

		assertThat(strict(record).errors()).isEmpty();
	}

	@Test
	void shouldRefuseASelfDataDatasetWithoutContentWithErr107() {
		ObjectNode record = Records.selfData();
		record.remove("ext_metadata");

		assertThat(problems(strict(record).errors()))
				.containsExactly("ERR-107 ext_metadata.ext_selfdata.ext_selfdata_content");
	}

	@Test
	void shouldReportWrongTypesWithErr201() {
		ObjectNode record = Records.valid();
		object(record, "/available_formats/0").put("file_size", "343687");
		record.put("resource_title", 12);
		record.put("keywords", "air");
		object(record, "/access_condition/confidentiality").put("restricted_access", "false");
		((ArrayNode) record.get("contacts")).addNull();
		object(record, "/dataset_size").putNull("number_of_fields");

		assertThat(problems(strict(record).errors())).containsExactlyInAnyOrder(
				"ERR-201 available_formats[0].file_size", "ERR-201 resource_title", "ERR-201 keywords",
				"ERR-201 access_condition.confidentiality.restricted_access", "ERR-201 contacts[1]",
				"ERR-201 dataset_size.number_of_fields");
	}

	@Test
	void shouldReportMissingRequiredFieldsWithErr202() {
		ObjectNode record = Records.valid();
		record.remove("global_id");
		object(record, "/access_condition").remove("confidentiality");
		object(record, "/available_formats/0/checksum").remove("hash");
		object(record, "/access_condition/licence").remove("licence_label");
		((ArrayNode) record.get("synopsis")).removeAll();
		record.putNull("theme");

		assertThat(problems(strict(record).errors())).containsExactlyInAnyOrder("ERR-202 global_id",
				"ERR-202 access_condition.confidentiality", "ERR-202 available_formats[0].checksum.hash",
				"ERR-202 access_condition.licence.licence_label", "ERR-202 synopsis", "ERR-202 theme");
	}

	@Test
	void shouldRequireTheFieldsOfACustomLicence() {
		ObjectNode record = Records.valid();
		object(record, "/access_condition").putObject("licence").put("licence_type", "CUSTOM");

		assertThat(problems(strict(record).errors())).containsExactlyInAnyOrder(
				"ERR-202 access_condition.licence.custom_licence_label",
				"ERR-202 access_condition.licence.custom_licence_uri");
	}

	@Test
	void shouldReportTooLongValuesWithErr203() {
		ObjectNode record = Records.selfData();
		record.put("resource_title", "é".repeat(151));
		object(record, "/ext_metadata/ext_selfdata/ext_selfdata_content/matching_data/0").put("code", "c".repeat(31));
		record.put("local_id", "x".repeat(ScalarChecks.MAX_TEXT + 1));

		assertThat(problems(strict(record).errors())).containsExactlyInAnyOrder("ERR-203 resource_title",
				"ERR-203 ext_metadata.ext_selfdata.ext_selfdata_content.matching_data[0].code", "ERR-203 local_id");
	}

	@Test
	void shouldAcceptTitlesOf150Characters() {
		ObjectNode record = Records.valid();
		record.put("resource_title", "é".repeat(150));

		assertThat(strict(record).errors()).isEmpty();
	}

	@Test
	void shouldRefuseControlCharactersWithErr301ButAcceptTabsAndLineBreaks() {
		ObjectNode record = Records.valid();
		record.put("resource_title", "Qualité\u0007 de l'air");
		object(record, "/synopsis/0").put("text", "premi\u008Fre édition");
		object(record, "/summary/0").put("text", "ligne 1\r\nligne 2\tfin");
		record.putObject("ext_metadata").put("ext_note", "bip\u0000");

		assertThat(problems(strict(record).errors())).containsExactlyInAnyOrder("ERR-301 resource_title",
				"ERR-301 synopsis[0].text", "ERR-301 ext_metadata.ext_note");
	}

	@Test
	void shouldReportValuesOutsideTheVocabulariesWithErr302() {
		ObjectNode record = Records.valid();
		record.put("theme", "Economie");
		object(record, "/access_condition/licence").put("licence_label", "open-source-licence");
		object(record, "/available_formats/0").put("file_type", "text/x-unknown");
		object(record, "/available_formats/0/checksum").put("algo", "SHA-1");
		record.put("storage_status", "lost");
		((ArrayNode) record.get("resource_languages")).add("xx");

		assertThat(problems(strict(record).errors())).containsExactlyInAnyOrder("ERR-302 theme",
				"ERR-302 access_condition.licence.licence_label", "ERR-302 available_formats[0].file_type",
				"ERR-302 available_formats[0].checksum.algo", "ERR-302 storage_status",
				"ERR-302 resource_languages[2]");
	}

	@Test
	void shouldTellTheThemeCodeWhenGivenItsLabel() {
		ObjectNode record = Records.valid();
		record.put("theme", "Mobilité, Transport");

		assertThat(Records.VALIDATOR.validate(record, ValidationMode.STRICT, Locale.ENGLISH).errors()).singleElement()
				.extracting("message").isEqualTo("\"Mobilité, Transport\" is the label of a theme, whose code is \"transportation\".");
	}

	@Test
	void shouldCheckSelfDataEnumerationsWithErr302() {
		ObjectNode record = Records.selfData();
		ObjectNode content = object(record, "/ext_metadata/ext_selfdata/ext_selfdata_content");
		content.put("selfdata_access", "MAIL");
		object(record, "/ext_metadata/ext_selfdata/ext_selfdata_content/matching_data/0").put("type", "EMAIL");
		object(record, "/ext_metadata/ext_selfdata/ext_selfdata_content/storage_period").put("unit", "WEEKS");
		((ArrayNode) content.get("selfdata_categories")).add("HEALTH");

		assertThat(problems(strict(record).errors())).containsExactlyInAnyOrder(
				"ERR-302 ext_metadata.ext_selfdata.ext_selfdata_content.selfdata_access",
				"ERR-302 ext_metadata.ext_selfdata.ext_selfdata_content.matching_data[0].type",
				"ERR-302 ext_metadata.ext_selfdata.ext_selfdata_content.storage_period.unit",
				"ERR-302 ext_metadata.ext_selfdata.ext_selfdata_content.selfdata_categories[2]");
	}

	@Test
	void shouldRequireTheSelfDataContentFields() {
		ObjectNode record = Records.selfData();
		ObjectNode content = object(record, "/ext_metadata/ext_selfdata/ext_selfdata_content");
		content.remove("deletable_data");
		content.remove("selfdata_categories");
		object(record, "/ext_metadata/ext_selfdata/ext_selfdata_content/treatment_period").remove("unit");
		object(record, "/ext_metadata/ext_selfdata/ext_selfdata_content/matching_data/0").remove("code");
		object(record, "/ext_metadata/ext_selfdata/ext_selfdata_content/matching_data/0/validators/0").remove("type");

		String content0 = "ext_metadata.ext_selfdata.ext_selfdata_content.";
		assertThat(problems(strict(record).errors())).containsExactlyInAnyOrder("ERR-202 " + content0 + "deletable_data",
				"ERR-202 " + content0 + "selfdata_categories", "ERR-202 " + content0 + "treatment_period.unit",
				"ERR-202 " + content0 + "matching_data[0].code",
				"ERR-202 " + content0 + "matching_data[0].validators[0].type");
	}

	@Test
	void shouldRequireMatchingDataRegexpsThatCompile() {
		ObjectNode record = Records.selfData();
		ArrayNode validators = (ArrayNode) record.at("/ext_metadata/ext_selfdata/ext_selfdata_content/matching_data/0/validators");
		validators.addObject().put("type", "REGEXP").put("attribute", "[a-z");
		validators.addObject().put("type", "REGEXP");

		String validator = "ext_metadata.ext_selfdata.ext_selfdata_content.matching_data[0].validators";
		assertThat(problems(strict(record).errors())).containsExactlyInAnyOrder("ERR-303 " + validator + "[1].attribute",
				"ERR-202 " + validator + "[2].attribute");
	}

	@Test
	void shouldReportBadFormatsWithErr303() {
		ObjectNode record = Records.valid();
		record.put("global_id", "not-a-uuid");
		object(record, "/dataset_dates").put("created", "2020-12-01 08:00");
		object(record, "/dataset_dates").put("updated", "2020-12-01T08:00:00");
		object(record, "/contacts/0").put("email", "data at rennes.fr");
		object(record, "/available_formats/0/connector").put("url", "/media/39efa487");
		object(record, "/geography/bounding_box").put("north_latitude", 91);
		object(record, "/dataset_size").put("numbers_of_records", -1);
		record.put("doi", "doi:10.1234/x");
		object(record, "/metadata_info").put("api_version", "v1");

		assertThat(problems(strict(record).errors())).containsExactlyInAnyOrder("ERR-303 global_id",
				"ERR-303 dataset_dates.created", "ERR-303 dataset_dates.updated", "ERR-303 contacts[0].email",
				"ERR-303 available_formats[0].connector.url", "ERR-303 geography.bounding_box.north_latitude",
				"ERR-303 dataset_size.numbers_of_records", "ERR-303 doi", "ERR-303 metadata_info.api_version");
	}

	@Test
	void shouldRequireExactlyOneGdataAndOneTpbcMediaInApiModeWithErr305() {
		ObjectNode oneGdata = Records.selfData();
		((ArrayNode) oneGdata.get("available_formats")).remove(1);
		ObjectNode twoTpbc = Records.selfData();
		((ArrayNode) twoTpbc.get("available_formats")).add(Records.service("tpbc"));

		assertThat(problems(strict(oneGdata).errors())).containsExactly("ERR-305 available_formats");
		assertThat(strict(twoTpbc).errors()).singleElement()
				.satisfies(error -> assertThat(error.message()).contains("1 generic-data et 2 temporal-bar-chart"));
	}

	@Test
	void shouldNotRequireSelfDataMediaOutsideApiMode() {
		ObjectNode record = Records.selfData();
		object(record, "/ext_metadata/ext_selfdata/ext_selfdata_content").put("selfdata_access", "OUT");
		record.set("available_formats", Records.valid().get("available_formats"));

		assertThat(strict(record).errors()).isEmpty();
	}

	@Test
	void shouldRefusePersonalDataInOpenAccessWithErr306() {
		ObjectNode record = Records.valid();
		object(record, "/access_condition/confidentiality").put("gdpr_sensitive", true);

		assertThat(problems(strict(record).errors()))
				.containsExactly("ERR-306 access_condition.confidentiality.gdpr_sensitive");
	}

	@Test
	void shouldRefuseEmptyStringsWithErr308() {
		ObjectNode record = Records.valid();
		record.put("resource_title", "");
		((ArrayNode) record.get("keywords")).add("  ");
		record.put("local_id", "");

		assertThat(problems(strict(record).errors())).containsExactlyInAnyOrder("ERR-308 resource_title",
				"ERR-308 keywords[2]", "ERR-308 local_id");
	}

	@Test
	void shouldWriteMessagesInFrenchByDefaultAndInEnglishOnRequest() {
		ObjectNode record = Records.valid();
		record.put("collection_tag", "init");

		assertThat(Records.VALIDATOR.validate(record, ValidationMode.STRICT, Locale.GERMAN).errors())
				.singleElement().extracting("message").isEqualTo("Champ inconnu.");
		assertThat(Records.VALIDATOR.validate(record, ValidationMode.STRICT, null).errors())
				.singleElement().extracting("message").isEqualTo("Champ inconnu.");
		assertThat(Records.VALIDATOR.validate(record, ValidationMode.STRICT, Locale.UK).errors())
				.singleElement().extracting("message").isEqualTo("Unknown field.");
	}

	@Test
	void shouldLeaveTheInputUntouched() {
		ObjectNode record = Records.valid();
		record.put("resource_title", "");
		ObjectNode before = record.deepCopy();

		strict(record);
		Records.lenient(record);

		assertThat(record).isEqualTo(before);
	}
}
