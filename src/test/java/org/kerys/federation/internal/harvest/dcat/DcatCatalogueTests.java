package org.kerys.federation.internal.harvest.dcat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.function.Function;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.kerys.federation.internal.harvest.RecordedSource;
import org.kerys.federation.internal.harvest.RecordedSource.Reply;
import org.kerys.federation.internal.harvest.RecordedSource.Request;
import org.kerys.federation.internal.harvest.RemoteCatalogue;
import org.kerys.federation.internal.harvest.RemoteCatalogue.Entry;
import org.kerys.federation.internal.harvest.RemoteCatalogue.HarvestFailure;

import tools.jackson.databind.JsonNode;

/**
 * The DCAT-AP reader against a recorded catalogue of two Hydra pages, in Turtle (current Hydra terms), RDF/XML
 * (legacy {@code hydra:PagedCollection} / {@code hydra:nextPage}) and JSON-LD.
 */
class DcatCatalogueTests {

	private static final String LYCEES = "https://geo.region.example.fr/dataset/lycees-publics";
	private static final String TRAFIC = "https://geo.region.example.fr/dataset/trafic-routier";
	private static final String ZONES = "https://geo.region.example.fr/dataset/zones-humides";
	private static final String AIDES = "https://geo.region.example.fr/dataset/aides-agricoles";

	private static Function<Request, Reply> recorded(String syntax) {
		String type = switch (syntax) {
			case "ttl" -> "text/turtle";
			case "rdf" -> "application/rdf+xml";
			default -> "application/ld+json";
		};
		return request -> {
			if (!request.path().equals("/catalog")) {
				return null;
			}
			String page = request.query().getOrDefault("page", "1");
			return "1".equals(page) || "2".equals(page)
					? Reply.ok(type, RecordedSource.file("dcat/catalog-" + page + "." + syntax)) : null;
		};
	}

	private static DcatCatalogue catalogue(RecordedSource source) {
		return new DcatCatalogue(source.uri("/catalog"), RecordedSource.outbound(), true);
	}

	@ParameterizedTest
	@ValueSource(strings = { "ttl", "rdf", "jsonld" })
	void shouldFollowTheHydraPagesInEverySyntax(String syntax) throws Exception {
		try (RecordedSource source = new RecordedSource(recorded(syntax))) {
			RemoteCatalogue.Page first = catalogue(source).page(null, null);
			assertThat(first.next()).isEqualTo(source.base() + "/catalog?page=2");
			assertThat(first.entries()).extracting(Entry::remoteId).containsExactly(LYCEES, TRAFIC);
			RemoteCatalogue.Page second = catalogue(source).page(first.next(), null);
			assertThat(second.next()).isNull();
			assertThat(second.entries()).extracting(Entry::remoteId).containsExactly(AIDES, ZONES);
			assertThat(source.requests().get(0).query()).isEmpty();
			assertThat(source.requests().get(1).query()).containsEntry("page", "2");
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "rdf", "jsonld" })
	void shouldMapTheSameWhateverTheSyntax(String syntax) throws Exception {
		List<Entry> turtle;
		try (RecordedSource source = new RecordedSource(recorded("ttl"))) {
			turtle = RecordedSource.all(catalogue(source), null);
		}
		try (RecordedSource source = new RecordedSource(recorded(syntax))) {
			List<Entry> other = RecordedSource.all(catalogue(source), null);
			assertThat(other).hasSameSizeAs(turtle);
			for (int i = 0; i < other.size(); i++) {
				// the identifiers derived from the source's URL differ: each syntax is served on its own port
				assertThat(withoutIds(other.get(i))).as(other.get(i).remoteId()).isEqualTo(withoutIds(turtle.get(i)));
			}
		}
	}

	private static String withoutIds(Entry entry) {
		return entry.remoteId() + " " + entry.problem() + " "
				+ String.valueOf(entry.metadata()).replaceAll("\"(media_id|contact_id)\":\"[0-9a-f-]{36}\"", "");
	}

	@Test
	void shouldMapEveryMappableDatasetToValidRudiMetadata() throws Exception {
		try (RecordedSource source = new RecordedSource(recorded("ttl"))) {
			List<Entry> entries = RecordedSource.all(catalogue(source), null);
			assertThat(entries).filteredOn(e -> e.problem() == null).hasSize(3)
					.allSatisfy(e -> RecordedSource.assertValid(e.metadata()));
		}
	}

	@Test
	void shouldMapTheFieldsOfADataset() throws Exception {
		try (RecordedSource source = new RecordedSource(recorded("ttl"))) {
			List<Entry> entries = catalogue(source).page(null, null).entries();
			JsonNode lycees = entries.get(0).metadata();
			assertThat(lycees.get("resource_title").asString()).isEqualTo("Lycées publics");
			assertThat(lycees.get("local_id").asString()).isEqualTo("lycees-publics");
			assertThat(lycees.get("summary").toString()).isEqualTo("[{\"lang\":\"fr\",\"text\":"
					+ "\"Localisation et caractéristiques des lycées publics de la région.\"},{\"lang\":\"en\",\"text\":"
					+ "\"Location and features of the region's public high schools.\"}]");
			assertThat(lycees.get("synopsis")).hasSize(2);
			assertThat(lycees.get("resource_languages").toString()).isEqualTo("[\"en\",\"fr\"]");
			assertThat(lycees.get("theme").asString()).as("EDUC").isEqualTo("education");
			assertThat(lycees.get("keywords").toString()).isEqualTo("[\"lycée\",\"éducation\",\"high school\"]");
			assertThat(lycees.at("/access_condition/licence/licence_label").asString())
					.as("the distributions' licence").isEqualTo("etalab-2.0");
			assertThat(lycees.at("/access_condition/confidentiality/restricted_access").asBoolean()).isFalse();
			assertThat(lycees.at("/dataset_dates/created").asString()).isEqualTo("2018-09-01T00:00Z");
			assertThat(lycees.at("/dataset_dates/updated").asString()).isEqualTo("2024-03-01T10:00+01:00");
			assertThat(lycees.at("/temporal_spread/start_date").asString()).isEqualTo("2023-09-01T00:00Z");
			assertThat(lycees.at("/temporal_spread/end_date").asString()).isEqualTo("2024-08-31T00:00Z");
			JsonNode box = lycees.at("/geography/bounding_box");
			assertThat(box.get("west_longitude").asDouble()).isEqualTo(-5.14);
			assertThat(box.get("east_longitude").asDouble()).isEqualTo(-1.01);
			assertThat(box.get("south_latitude").asDouble()).isEqualTo(47.28);
			assertThat(box.get("north_latitude").asDouble()).isEqualTo(48.9);
			assertThat(lycees.at("/contacts/0/contact_name").asString()).isEqualTo("Service éducation de la Région");
			assertThat(lycees.at("/contacts/0/email").asString()).isEqualTo("education@region.example.fr");
			assertThat(lycees.at("/contacts/0/organization_name").asString()).isEqualTo("Région Bretagne");
			assertThat(lycees.at("/metadata_info/metadata_source").asString()).isEqualTo(LYCEES);
			JsonNode csv = lycees.at("/available_formats/0");
			assertThat(csv.get("media_type").asString()).as("size and SHA-256 known: a file").isEqualTo("FILE");
			assertThat(csv.get("file_type").asString()).isEqualTo("text/csv");
			assertThat(csv.get("file_size").asLong()).isEqualTo(52311);
			assertThat(csv.at("/checksum/algo").asString()).isEqualTo("SHA-256");
			assertThat(csv.at("/connector/url").asString()).isEqualTo("https://geo.region.example.fr/files/lycees-publics.csv");
			JsonNode wfs = lycees.at("/available_formats/1");
			assertThat(wfs.get("media_type").asString()).isEqualTo("SERVICE");
			assertThat(wfs.at("/connector/interface_contract").asString()).isEqualTo("wfs");

			JsonNode trafic = entries.get(1).metadata();
			assertThat(trafic.get("theme").asString()).isEqualTo("transportation");
			assertThat(trafic.at("/access_condition/licence/licence_type").asString()).isEqualTo("CUSTOM");
			assertThat(trafic.at("/access_condition/licence/custom_licence_uri").asString())
					.isEqualTo("http://publications.europa.eu/resource/authority/licence/CC_BY_4_0");
			assertThat(trafic.at("/access_condition/licence/custom_licence_label/0/text").asString())
					.isEqualTo("http://publications.europa.eu/resource/authority/licence/CC_BY_4_0");
			assertThat(trafic.at("/geography/bounding_box/west_longitude").asDouble()).as("GeoJSON locn:geometry")
					.isEqualTo(-4.8);
			assertThat(trafic.at("/contacts/0/contact_name").asString()).isEqualTo("Direction des routes");
			assertThat(trafic.at("/available_formats/0/media_caption").asString()).startsWith("Excel XLSX");
		}
	}

	@Test
	void shouldReportADatasetWithoutDistributionAsAProblem() throws Exception {
		try (RecordedSource source = new RecordedSource(recorded("ttl"))) {
			Entry aides = catalogue(source).page(source.base() + "/catalog?page=2", null).entries().get(0);
			assertThat(aides.remoteId()).isEqualTo(AIDES);
			assertThat(aides.metadata()).isNull();
			assertThat(aides.problem()).contains("no resource");
		}
	}

	@Test
	void shouldKeepOnlyWhatChangedSinceWhenAsked() throws Exception {
		try (RecordedSource source = new RecordedSource(recorded("ttl"))) {
			List<Entry> entries = RecordedSource.all(catalogue(source), Instant.parse("2024-02-01T00:00:00Z"));
			assertThat(entries).extracting(Entry::remoteId).containsExactly(LYCEES, ZONES);
		}
	}

	@Test
	void shouldFailWhenTheSourceFails() {
		assertFailure(request -> new Reply(502, "text/html", "<html>Bad gateway</html>"), "502");
		assertFailure(request -> Reply.ok("text/turtle", "@prefix dcat: <http://www.w3.org/ns/dcat#> .\n<a> a dcat:Dataset ; dcat:keyword \"unterminated"),
				"Not a readable");
		assertFailure(request -> Reply.ok("text/html", "<!DOCTYPE html><html><body>Portail</body></html>"),
				"HTML page");
		assertFailure(request -> Reply.ok("application/ld+json", "{\"@graph\": []}"), "not a DCAT catalogue");
	}

	@Test
	void shouldFailWhenThePagingContradictsItself() {
		// a page without datasets that announces a next one
		assertFailure(request -> "2".equals(request.query().get("page"))
				? Reply.ok("text/turtle", RecordedSource.file("dcat/catalog-2.ttl").replaceAll(
						"(?s)<https://geo.region.example.fr/dataset/zones-humides>\\s+a dcat:Dataset.*", "")
						.replace("hydra:totalItems", "hydra:next <{{base}}/catalog?page=3> ;\n    hydra:totalItems"))
				: recorded("ttl").apply(request), "has no dataset but announces a next page");
		// one page, announcing more datasets than it has
		assertFailure(request -> Reply.ok("text/turtle",
				RecordedSource.file("dcat/catalog-1.ttl").replace("hydra:next <{{base}}/catalog?page=2> ;", "")),
				"announces 4 datasets but its only page has 2");
		// a page that sends back to itself
		assertFailure(request -> Reply.ok("text/turtle",
				RecordedSource.file("dcat/catalog-1.ttl").replace("/catalog?page=2> ;", "/catalog> ;")),
				"names itself as the next page");
	}

	@Test
	void shouldRefuseALoopbackSourceUnlessAllowed() {
		try (RecordedSource source = new RecordedSource(recorded("ttl"))) {
			assertThatThrownBy(() -> new DcatCatalogue(source.uri("/catalog"), RecordedSource.outbound(), false)
					.page(null, null)).isInstanceOf(HarvestFailure.class).hasMessageContaining("127.0.0.1");
			assertThat(source.requests()).isEmpty();
		}
	}

	private static void assertFailure(Function<Request, Reply> answers, String reason) {
		RecordedSource.assertFailure(answers, DcatCatalogueTests::catalogue, reason);
	}
}
