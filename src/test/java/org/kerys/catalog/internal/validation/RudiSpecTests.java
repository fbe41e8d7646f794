package org.kerys.catalog.internal.validation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The compiled spec says what the OpenAPI files say, plus the documented errata. */
class RudiSpecTests {

	private final Schema metadata = RudiSpec.metadata();

	@Test
	void shouldReadTheRequiredFieldsOfMetadataFromTheSpec() {
		assertThat(metadata.required).containsExactly("global_id", "resource_title", "synopsis", "summary", "theme",
				"keywords", "producer", "contacts", "available_formats", "dataset_dates", "storage_status",
				"access_condition", "metadata_info");
		assertThat(metadata.closed).isTrue();
		assertThat(metadata.properties.get("access_condition").required).containsExactly("licence", "confidentiality");
	}

	@Test
	void shouldMergeTheMediaSubtypesWithTheirBase() {
		Schema media = metadata.properties.get("available_formats").items;

		assertThat(media.discriminator).isEqualTo("media_type");
		assertThat(media.mapping).containsOnlyKeys("FILE", "SERVICE", "SERIES");
		Schema file = media.mapping.get("FILE");
		assertThat(file.required).containsExactlyInAnyOrder("media_type", "media_id", "connector", "file_type",
				"file_size", "checksum");
		assertThat(file.properties).containsKeys("media_name", "media_dates", "file_encoding");
		assertThat(file.properties.get("file_type").enumeration).hasSize(72).contains("text/csv", "text/x-yaml+crypt");
		assertThat(file.discriminator).isNull();
	}

	@Test
	void shouldPlugTheSelfDataExtensionIntoExtMetadata() {
		Schema extensions = metadata.properties.get("ext_metadata");
		Schema content = extensions.properties.get("ext_selfdata").properties.get("ext_selfdata_content");

		assertThat(extensions.closed).isFalse();
		assertThat(content.name).isEqualTo("SelfdataContent");
		assertThat(content.required).contains("selfdata_categories").doesNotContain("category");
		assertThat(content.properties.get("storage_period").required).containsExactly("value", "unit");
		assertThat(content.properties.get("matching_data").items.properties.get("label").items.name)
				.isEqualTo("DictionaryEntry");
	}

	@Test
	void shouldAcceptAnythingWhereTheSpecPointsOutsideItself() {
		assertThat(metadata.properties.get("geography").properties.get("geographic_distribution").isAny()).isTrue();
	}
}
