package org.kerys.federation.internal.harvest.ckan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.junit.jupiter.api.Test;
import org.kerys.federation.internal.harvest.RecordedSource;
import org.kerys.federation.internal.harvest.RecordedSource.Reply;
import org.kerys.federation.internal.harvest.RecordedSource.Request;
import org.kerys.federation.internal.harvest.RemoteCatalogue;
import org.kerys.federation.internal.harvest.RemoteCatalogue.Entry;
import org.kerys.federation.internal.harvest.RemoteCatalogue.HarvestFailure;
import org.kerys.federation.internal.harvest.RudiRecordBuilder;

import tools.jackson.databind.JsonNode;

/** The CKAN reader against recorded {@code package_search} pages (rows = 2: three pages of 2, 2 and 1 packages). */
class CkanCatalogueTests {

	private static final String JSON = "application/json";

	/** The recorded pages, by {@code start}. */
	private static Reply recorded(Request request) {
		if (!request.path().equals("/api/3/action/package_search")) {
			return null;
		}
		String start = request.query().get("start");
		return switch (start) {
			case "0", "2", "4" -> Reply.ok(JSON, RecordedSource.file("ckan/package_search-" + start + ".json"));
			default -> null;
		};
	}

	private static CkanCatalogue catalogue(RecordedSource source, String path) {
		return new CkanCatalogue(source.uri(path), RecordedSource.outbound(), true, 2);
	}

	@Test
	void shouldPageThroughEveryPackageInOrder() throws Exception {
		try (RecordedSource source = new RecordedSource(CkanCatalogueTests::recorded)) {
			CkanCatalogue catalogue = catalogue(source, "/");
			RemoteCatalogue.Page first = catalogue.page(null, null);
			assertThat(first.next()).isEqualTo("2");
			RemoteCatalogue.Page second = catalogue.page(first.next(), null);
			assertThat(second.next()).isEqualTo("4");
			RemoteCatalogue.Page third = catalogue.page(second.next(), null);
			assertThat(third.next()).isNull();
			assertThat(RecordedSource.all(catalogue, null)).extracting(Entry::remoteId).containsExactly(
					"5f2a9c3e-6d1b-4c7e-9a0f-2b1d3c4e5f60", "7a8b9c0d-2222-4f4f-8e8e-bbbbbbbbbbbb",
					"9c0d1e2f-4444-4b4b-8c8c-cccccccccccc", "0d1e2f3a-6666-4c4c-8d8d-dddddddddddd",
					"1e2f3a4b-7777-4d4d-8e8e-eeeeeeeeeeee");
			Map<String, String> query = source.requests().get(0).query();
			assertThat(query).containsEntry("rows", "2").containsEntry("start", "0")
					.containsEntry("sort", "metadata_modified asc,name asc").doesNotContainKey("fq");
		}
	}

	@Test
	void shouldAcceptTheApiUrlAsWellAsTheSiteRoot() throws Exception {
		try (RecordedSource source = new RecordedSource(CkanCatalogueTests::recorded)) {
			assertThat(catalogue(source, "/api/3/").page(null, null).entries()).hasSize(2);
			assertThat(catalogue(source, "/api/3/action").page(null, null).entries()).hasSize(2);
			assertThatThrownBy(() -> new CkanCatalogue(source.uri(""), RecordedSource.outbound(), true).page(null, null))
					.as("100 rows by default: the recorded page of 2 (of 5) is then short").isInstanceOf(HarvestFailure.class);
			assertThat(source.requests().get(2).query()).containsEntry("rows", "100");
			assertThat(source.requests()).extracting(Request::path).containsOnly("/api/3/action/package_search");
		}
	}

	@Test
	void shouldMapEveryMappablePackageToValidRudiMetadata() throws Exception {
		try (RecordedSource source = new RecordedSource(CkanCatalogueTests::recorded)) {
			List<Entry> entries = RecordedSource.all(catalogue(source, "/"), null);
			List<Entry> mapped = entries.stream().filter(e -> e.problem() == null).toList();
			assertThat(mapped).hasSize(4);
			mapped.forEach(e -> RecordedSource.assertValid(e.metadata()));
			assertThat(mapped).allSatisfy(e -> assertThat(e.metadata().has("global_id")).isFalse())
					.allSatisfy(e -> assertThat(e.metadata().has("producer")).isFalse());
		}
	}

	@Test
	void shouldMapTheFieldsOfAPackage() throws Exception {
		try (RecordedSource source = new RecordedSource(CkanCatalogueTests::recorded)) {
			JsonNode bus = catalogue(source, "/").page(null, null).entries().get(0).metadata();
			assertThat(bus.get("resource_title").asString()).isEqualTo("Horaires théoriques du réseau de bus");
			assertThat(bus.get("local_id").asString()).isEqualTo("horaires-theoriques-reseau-bus");
			assertThat(bus.at("/summary/0/lang").asString()).isEqualTo("fr");
			assertThat(bus.at("/summary/0/text").asString()).startsWith("Horaires théoriques").contains("septembre");
			assertThat(bus.at("/synopsis/0/text").asString())
					.isEqualTo("Horaires théoriques du réseau de bus de la métropole au format GTFS.");
			assertThat(bus.get("theme").asString()).isEqualTo("transportation");
			assertThat(bus.get("keywords").toString()).isEqualTo("[\"bus\",\"GTFS\",\"horaires\"]");
			assertThat(bus.at("/access_condition/licence/licence_type").asString()).isEqualTo("STANDARD");
			assertThat(bus.at("/access_condition/licence/licence_label").asString()).isEqualTo("odbl-1.0");
			assertThat(bus.at("/access_condition/confidentiality/restricted_access").asBoolean()).isFalse();
			assertThat(bus.at("/dataset_dates/created").asString()).isEqualTo("2019-03-05T10:12:33.123456Z");
			assertThat(bus.at("/dataset_dates/updated").asString()).isEqualTo("2024-01-10T08:00Z");
			assertThat(bus.at("/metadata_info/api_version").asString()).isEqualTo("1.4.0");
			assertThat(bus.at("/metadata_info/metadata_source").asString())
					.isEqualTo(source.base() + "/dataset/horaires-theoriques-reseau-bus");
			assertThat(bus.at("/temporal_spread/start_date").asString()).isEqualTo("2024-01-08T00:00Z");
			assertThat(bus.at("/temporal_spread/end_date").asString()).isEqualTo("2024-07-06T00:00Z");
			JsonNode box = bus.at("/geography/bounding_box");
			assertThat(box.get("west_longitude").asDouble()).isEqualTo(-1.8);
			assertThat(box.get("east_longitude").asDouble()).isEqualTo(-1.45);
			assertThat(box.get("south_latitude").asDouble()).isEqualTo(48.0);
			assertThat(box.get("north_latitude").asDouble()).isEqualTo(48.25);
			assertThat(bus.get("contacts")).hasSize(2);
			assertThat(bus.at("/contacts/0/contact_name").asString()).isEqualTo("Cellule open data");
			assertThat(bus.at("/contacts/0/email").asString()).isEqualTo("opendata@example-metropole.fr");
			assertThat(bus.at("/contacts/0/organization_name").asString())
					.isEqualTo("Métropole – Direction de la mobilité");
			assertThat(bus.at("/contacts/1/email").asString()).isEqualTo("mobilite@example-metropole.fr");
			assertThat(bus.get("storage_status").asString()).isEqualTo("online");

			JsonNode media = bus.get("available_formats");
			assertThat(media).hasSize(3);
			JsonNode gtfs = media.get(0);
			assertThat(gtfs.get("media_type").asString()).isEqualTo("SERVICE");
			assertThat(gtfs.get("media_name").asString()).isEqualTo("GTFS du réseau de bus");
			assertThat(gtfs.at("/connector/url").asString()).endsWith("/download/gtfs.zip");
			assertThat(gtfs.at("/connector/interface_contract").asString()).isEqualTo("dwnl");
			assertThat(gtfs.get("media_caption").asString()).isEqualTo("Fichier GTFS complet (ZIP, application/zip)");
			JsonNode stops = media.get(1);
			assertThat(stops.get("media_type").asString()).as("size and MD5 known: a file").isEqualTo("FILE");
			assertThat(stops.get("file_type").asString()).isEqualTo("text/csv");
			assertThat(stops.get("file_size").asLong()).isEqualTo(183402);
			assertThat(stops.at("/checksum/algo").asString()).isEqualTo("MD5");
			assertThat(stops.at("/checksum/hash").asString()).isEqualTo("9e107d9d372bb6826bd81d3542a419d6");
			assertThat(stops.at("/media_dates/updated").asString()).isEqualTo("2024-01-10T07:58:40Z");
			assertThat(media.get(2).at("/connector/interface_contract").asString()).isEqualTo("wms");

			String again = catalogue(source, "/").page(null, null).entries().get(0).metadata().toString();
			assertThat(again).as("identifiers are stable from one harvest to the next").isEqualTo(bus.toString());
		}
	}

	@Test
	void shouldMapLicencesThemesAndDefaults() throws Exception {
		try (RecordedSource source = new RecordedSource(CkanCatalogueTests::recorded)) {
			List<Entry> entries = RecordedSource.all(catalogue(source, "/"), null);
			JsonNode budget = entries.get(1).metadata();
			assertThat(budget.get("theme").asString()).isEqualTo("economy");
			assertThat(budget.at("/access_condition/licence/licence_label").asString()).isEqualTo("etalab-2.0");
			assertThat(budget.at("/dataset_dates/created").asString()).as("the issued extra")
					.isEqualTo("2023-01-31T00:00+01:00");
			assertThat(budget.at("/dataset_dates/published").asString()).isEqualTo("2023-01-31T00:00+01:00");
			assertThat(budget.at("/available_formats/0/media_caption").asString())
					.isEqualTo("Excel XLSX, application/vnd.openxmlformats-officedocument.spreadsheetml.sheet, 48213 octets");

			JsonNode air = entries.get(2).metadata();
			assertThat(air.get("theme").asString()).as("EU data theme ENVI in the extras").isEqualTo("environment");
			assertThat(air.at("/summary/0/text").asString()).as("HTML removed")
					.isEqualTo("Indice quotidien de la qualité de l'air (indice ATMO) par commune.");
			assertThat(air.get("resource_languages").toString()).isEqualTo("[\"fr\"]");
			assertThat(air.at("/access_condition/licence/licence_type").asString()).isEqualTo("CUSTOM");
			assertThat(air.at("/access_condition/licence/custom_licence_label/0/text").asString())
					.isEqualTo("Creative Commons Attribution");
			assertThat(air.at("/access_condition/licence/custom_licence_uri").asString())
					.isEqualTo("http://www.opendefinition.org/licenses/cc-by");
			assertThat(air.at("/contacts/0/contact_name").asString()).isEqualTo("Air Breizh");

			JsonNode markets = entries.get(4).metadata();
			assertThat(markets.get("theme").asString()).as("no theme maps: the default")
					.isEqualTo(RudiRecordBuilder.DEFAULT_THEME);
			assertThat(markets.get("contacts")).as("no email anywhere: no RUDI contact").isEmpty();
			assertThat(markets.at("/access_condition/licence/licence_type").asString()).isEqualTo("CUSTOM");
			assertThat(markets.at("/access_condition/licence/custom_licence_label/0/text").asString())
					.isEqualTo("License not specified");
			assertThat(markets.at("/access_condition/licence/custom_licence_uri").asString())
					.isEqualTo(source.base() + "/dataset/marches-alimentaires");
			assertThat(markets.at("/synopsis/0/text").asString())
					.isEqualTo("Les marchés alimentaires de la ville : jour, horaires et emplacement.");
		}
	}

	@Test
	void shouldReportAPackageThatCannotBeMapped() throws Exception {
		try (RecordedSource source = new RecordedSource(CkanCatalogueTests::recorded)) {
			Entry empty = catalogue(source, "/").page("2", null).entries().get(1);
			assertThat(empty.remoteId()).isEqualTo("0d1e2f3a-6666-4c4c-8d8d-dddddddddddd");
			assertThat(empty.metadata()).isNull();
			assertThat(empty.deleted()).isFalse();
			assertThat(empty.problem()).contains("no resource");
		}
	}

	@Test
	void shouldAskOnlyForWhatChangedSince() throws Exception {
		try (RecordedSource source = new RecordedSource(request -> Reply.ok(JSON,
				RecordedSource.file("ckan/package_search-4.json").replace("\"count\": 5", "\"count\": 1")))) {
			RemoteCatalogue.Page page = catalogue(source, "/").page(null, Instant.parse("2024-06-01T00:00:00Z"));
			assertThat(page.entries()).hasSize(1);
			assertThat(page.next()).isNull();
			assertThat(source.requests().get(0).query()).containsEntry("fq",
					"metadata_modified:[2024-06-01T00:00:00Z TO *]");
		}
	}

	@Test
	void shouldFailWhenTheSourceFails() throws Exception {
		assertFailure(request -> new Reply(503, "text/html", "<h1>Service Unavailable</h1>"), "503");
		assertFailure(request -> Reply.ok(JSON, "{\"success\": true, \"result\": {\"count\": 5, \"results\": ["),
				"Not JSON");
		assertFailure(request -> Reply.ok("text/html", "<html><body>Welcome</body></html>"), "Not JSON");
		assertFailure(request -> Reply.ok(JSON, "{\"success\": true, \"result\": {\"packages\": []}}"),
				"Not a CKAN package_search result");
		assertFailure(request -> Reply.ok(JSON,
				"{\"success\": false, \"error\": {\"__type\": \"Search Query Error\", \"message\": \"Invalid fq\"}}"),
				"Invalid fq");
	}

	@Test
	void shouldFailWhenThePagingContradictsItself() throws Exception {
		// announces 7 packages, delivers 5: the last page is short
		assertFailure(request -> recordedWithCount(request, 7), "announced 7 packages but delivered only 5");
		// an empty page before the announced end
		try (RecordedSource source = new RecordedSource(request -> Reply.ok(JSON,
				"{\"success\": true, \"result\": {\"count\": 5, \"results\": []}}"))) {
			assertThatThrownBy(() -> catalogue(source, "/").page("2", null)).isInstanceOf(HarvestFailure.class)
					.hasMessageContaining("is empty");
		}
	}

	@Test
	void shouldRefuseALoopbackSourceUnlessAllowed() throws Exception {
		try (RecordedSource source = new RecordedSource(CkanCatalogueTests::recorded)) {
			CkanCatalogue refused = new CkanCatalogue(source.uri("/"), RecordedSource.outbound(), false);
			assertThatThrownBy(() -> refused.page(null, null)).isInstanceOf(HarvestFailure.class)
					.hasMessageContaining("127.0.0.1");
			assertThat(source.requests()).isEmpty();
		}
	}

	private static Reply recordedWithCount(Request request, int count) {
		Reply reply = recorded(request);
		return reply == null ? null : Reply.ok(JSON, reply.body().replace("\"count\": 5", "\"count\": " + count));
	}

	private static void assertFailure(Function<Request, Reply> answers, String reason) {
		RecordedSource.assertFailure(answers, source -> catalogue(source, "/"), reason);
	}
}
