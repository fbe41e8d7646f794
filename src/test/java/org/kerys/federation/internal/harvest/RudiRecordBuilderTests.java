package org.kerys.federation.internal.harvest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.kerys.federation.internal.dcat.EuVocabularies;
import org.kerys.federation.internal.harvest.RudiRecordBuilder.Link;

import tools.jackson.databind.JsonNode;

/** The shared rules of the harvest mappings: themes, licences, languages, dates, geometries, media. */
class RudiRecordBuilderTests {

	private static final List<String> RUDI_THEMES = List.of("economy", "citizenship", "energyNetworks", "culture",
			"transportation", "children", "environment", "townPlanning", "location", "education", "publicSpace",
			"health", "housing", "society");

	@Test
	void shouldReadTheThemeTableBothWays() {
		for (String theme : RUDI_THEMES) {
			assertThat(RudiRecordBuilder.themeOf(theme)).isEqualTo(theme);
			for (EuVocabularies.Concept eu : EuVocabularies.themes(theme)) {
				String back = EuVocabularies.rudiTheme(eu.uri());
				assertThat(back).as(eu.code()).isNotNull();
				assertThat(EuVocabularies.themes(back)).as(eu.code() + " → " + back).contains(eu);
			}
		}
		assertThat(EuVocabularies.rudiTheme("REGI")).isEqualTo("townPlanning");
		assertThat(EuVocabularies.rudiTheme("https://publications.europa.eu/resource/authority/data-theme/SOCI"))
				.isEqualTo("society");
		assertThat(EuVocabularies.rudiTheme("JUST")).isEqualTo("health");
		assertThat(EuVocabularies.rudiTheme("AGRI")).isNull();
		assertThat(EuVocabularies.rudiTheme("http://example.org/themes/TRAN")).as("not the EU table").isNull();
	}

	@Test
	void shouldMapThemeLabelsAndWords() {
		assertThat(RudiRecordBuilder.themeOf("Mobilité, Transport")).isEqualTo("transportation");
		assertThat(RudiRecordBuilder.themeOf("ÉCONOMIE")).isEqualTo("economy");
		assertThat(RudiRecordBuilder.themeOf("Santé, Sécurité")).isEqualTo("health");
		assertThat(RudiRecordBuilder.themeOf("Sport et loisirs")).isEqualTo("culture");
		assertThat(RudiRecordBuilder.themeOf("https://www.data.gouv.fr/fr/topics/logement/")).isEqualTo("housing");
		assertThat(RudiRecordBuilder.themeOf("Divers")).isNull();
	}

	@Test
	void shouldRecogniseTheLicencesOfTheRudiVocabulary() {
		assertThat(RudiRecordBuilder.licenceCode("odc-odbl")).isEqualTo("odbl-1.0");
		assertThat(RudiRecordBuilder.licenceCode(null, "http://opendatacommons.org/licenses/odbl/")).isEqualTo("odbl-1.0");
		assertThat(RudiRecordBuilder.licenceCode("Licence Ouverte v2.0 (Etalab)")).isEqualTo("etalab-2.0");
		assertThat(RudiRecordBuilder.licenceCode("fr-lo")).isEqualTo("etalab-1.0");
		assertThat(RudiRecordBuilder.licenceCode("http://publications.europa.eu/resource/authority/licence/CC0"))
				.isEqualTo("public-domain-cc0");
		assertThat(RudiRecordBuilder.licenceCode("cc-by", "http://www.opendefinition.org/licenses/cc-by")).isNull();
		for (String code : List.of("odbl-1.0", "etalab-1.0", "etalab-2.0", "cc-by-nd-4.0", "public-domain-cc0",
				"apache-2.0", "mit", "gpl-3.0")) {
			assertThat(RudiRecordBuilder.licenceCode(RudiRecordBuilder.licenceUri(code))).as(code).isEqualTo(code);
		}
	}

	@Test
	void shouldReadLanguagesDatesAndGeometries() {
		assertThat(RudiRecordBuilder.languageOf("fr-FR")).isEqualTo("fr");
		assertThat(RudiRecordBuilder.languageOf("http://publications.europa.eu/resource/authority/language/ENG"))
				.isEqualTo("en");
		assertThat(RudiRecordBuilder.languageOf("br")).as("not in RUDI's list").isNull();
		assertThat(RudiRecordBuilder.time("2024-01-31").toString()).isEqualTo("2024-01-31T00:00Z");
		assertThat(RudiRecordBuilder.time("2024-01-31T08:00:00.000000").toString()).isEqualTo("2024-01-31T08:00Z");
		assertThat(RudiRecordBuilder.time("2024").toString()).isEqualTo("2024-01-01T00:00Z");
		assertThat(RudiRecordBuilder.time("demain")).isNull();
		assertThat(RudiRecordBuilder.boundingBox(
				"<http://www.opengis.net/def/crs/OGC/1.3/CRS84> POLYGON((-1.7 48.0, -1.6 48.0, -1.6 48.2, -1.7 48.0))"))
				.containsExactly(-1.7, 48.0, -1.6, 48.2);
		assertThat(RudiRecordBuilder.boundingBox("{\"type\":\"Point\",\"coordinates\":[-1.68,48.11]}"))
				.containsExactly(-1.68, 48.11, -1.68, 48.11);
		assertThat(RudiRecordBuilder.boundingBox("POLYGON((351000 6785000, 352000 6786000))")).as("Lambert 93")
				.isNull();
	}

	@Test
	void shouldRejectWhatCannotBecomeRudiMetadata() {
		RudiRecordBuilder noLink = new RudiRecordBuilder("https://source.example.org", "a", null).title("A")
				.created("2024-01-01");
		assertThat(org.assertj.core.api.Assertions.catchThrowable(noLink::build)).hasMessageContaining("no resource");
		RudiRecordBuilder noTitle = new RudiRecordBuilder("https://source.example.org", "b", null)
				.link(Link.of("x", "https://source.example.org/x.csv", "CSV")).created("2024-01-01");
		assertThat(org.assertj.core.api.Assertions.catchThrowable(noTitle::build)).hasMessageContaining("no title");
		RudiRecordBuilder noDate = new RudiRecordBuilder("https://source.example.org", "c", null).title("C")
				.link(Link.of("x", "https://source.example.org/x.csv", "CSV"));
		assertThat(org.assertj.core.api.Assertions.catchThrowable(noDate::build)).hasMessageContaining("no date");
	}

	@Test
	void shouldBuildValidMetadataFromTheLeastASourceMayGive() throws Exception {
		JsonNode minimal = new RudiRecordBuilder("https://source.example.org", "d", null)
				.title("x".repeat(200)).link(Link.of(null, "https://source.example.org/files/d.csv", null))
				.contact("Sans courriel", "pas-un-courriel", null, null).updated("2024-05-01T10:00:00+02:00").build();
		RecordedSource.assertValid(minimal);
		assertThat(minimal.get("resource_title").asString()).hasSize(150).endsWith("…");
		assertThat(minimal.at("/available_formats/0/media_name").asString()).isEqualTo("d.csv");
		assertThat(minimal.at("/available_formats/0/media_caption").asString()).isEqualTo("CSV, text/csv");
		assertThat(minimal.at("/dataset_dates/created").asString()).isEqualTo("2024-05-01T10:00+02:00");
		assertThat(minimal.get("theme").asString()).isEqualTo(RudiRecordBuilder.DEFAULT_THEME);
		assertThat(minimal.get("contacts")).isEmpty();
		assertThat(minimal.at("/access_condition/licence/custom_licence_uri").asString())
				.isEqualTo("https://source.example.org");
	}
}
