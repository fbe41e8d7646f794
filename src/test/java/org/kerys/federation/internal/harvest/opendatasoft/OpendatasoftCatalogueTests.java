package org.kerys.federation.internal.harvest.opendatasoft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.function.Function;

import org.junit.jupiter.api.Test;
import org.kerys.federation.internal.harvest.RecordedSource;
import org.kerys.federation.internal.harvest.RecordedSource.Reply;
import org.kerys.federation.internal.harvest.RecordedSource.Request;
import org.kerys.federation.internal.harvest.RemoteCatalogue;
import org.kerys.federation.internal.harvest.RemoteCatalogue.Entry;
import org.kerys.federation.internal.harvest.RemoteCatalogue.HarvestFailure;

import tools.jackson.databind.JsonNode;

/**
 * The Opendatasoft reader against recorded Explore API v2.1 {@code catalog/datasets} pages shaped like Rennes
 * Métropole's portal (limit = 2: two pages, 2 and 1 datasets).
 */
class OpendatasoftCatalogueTests {

	private static final String JSON = "application/json; charset=utf-8";
	private static final String DATASETS = "/api/explore/v2.1/catalog/datasets";

	private static Reply recorded(Request request) {
		if (!request.path().equals(DATASETS)) {
			return null;
		}
		String offset = request.query().get("offset");
		return "0".equals(offset) || "2".equals(offset)
				? Reply.ok(JSON, RecordedSource.file("opendatasoft/datasets-" + offset + ".json")) : null;
	}

	private static OpendatasoftCatalogue catalogue(RecordedSource source) {
		return new OpendatasoftCatalogue(source.uri("/"), RecordedSource.outbound(), true, 2);
	}

	@Test
	void shouldPageUpToTheTotalCount() throws Exception {
		try (RecordedSource source = new RecordedSource(OpendatasoftCatalogueTests::recorded)) {
			RemoteCatalogue.Page first = catalogue(source).page(null, null);
			assertThat(first.next()).isEqualTo("2");
			RemoteCatalogue.Page second = catalogue(source).page(first.next(), null);
			assertThat(second.next()).isNull();
			assertThat(RecordedSource.all(catalogue(source), null)).extracting(Entry::remoteId)
					.containsExactly("equipements-sportifs", "budget-primitif-rennes-metropole", "plan-de-ville-archives");
			assertThat(source.requests().get(0).query()).containsEntry("limit", "2").containsEntry("offset", "0")
					.containsEntry("order_by", "dataset_id").doesNotContainKey("where");
		}
	}

	@Test
	void shouldAcceptTheApiUrlAsWellAsThePortal() throws Exception {
		try (RecordedSource source = new RecordedSource(OpendatasoftCatalogueTests::recorded)) {
			new OpendatasoftCatalogue(source.uri("/api/explore/v2.1/"), RecordedSource.outbound(), true, 2).page(null, null);
			assertThat(source.requests()).extracting(Request::path).containsExactly(DATASETS);
		}
	}

	@Test
	void shouldMapEveryMappableDatasetToValidRudiMetadata() throws Exception {
		try (RecordedSource source = new RecordedSource(OpendatasoftCatalogueTests::recorded)) {
			List<Entry> entries = RecordedSource.all(catalogue(source), null);
			assertThat(entries.subList(0, 2)).allSatisfy(e -> {
				assertThat(e.problem()).isNull();
				RecordedSource.assertValid(e.metadata());
			});
		}
	}

	@Test
	void shouldMapTheFieldsOfADataset() throws Exception {
		try (RecordedSource source = new RecordedSource(OpendatasoftCatalogueTests::recorded)) {
			List<Entry> entries = catalogue(source).page(null, null).entries();
			JsonNode sports = entries.get(0).metadata();
			String api = source.base() + "/api/explore/v2.1/catalog/datasets/equipements-sportifs";
			assertThat(sports.get("resource_title").asString()).isEqualTo("Équipements sportifs");
			assertThat(sports.get("local_id").asString()).isEqualTo("equipements-sportifs");
			assertThat(sports.at("/summary/0/text").asString()).isEqualTo(
					"Localisation des équipements sportifs de Rennes Métropole : gymnases, piscines, terrains de grands jeux, salles spécialisées.\nMise à jour trimestrielle.");
			assertThat(sports.get("theme").asString()).isEqualTo("culture");
			assertThat(sports.get("keywords").toString()).isEqualTo("[\"sport\",\"équipement\",\"piscine\",\"gymnase\"]");
			assertThat(sports.get("resource_languages").toString()).isEqualTo("[\"fr\"]");
			assertThat(sports.at("/access_condition/licence/licence_label").asString()).isEqualTo("odbl-1.0");
			assertThat(sports.at("/dataset_dates/created").asString()).isEqualTo("2016-09-13T00:00Z");
			assertThat(sports.at("/dataset_dates/updated").asString()).isEqualTo("2024-04-02T09:12:44Z");
			assertThat(sports.at("/dataset_dates/published").asString()).isEqualTo("2016-09-14T00:00Z");
			assertThat(sports.at("/metadata_info/metadata_dates/updated").asString())
					.isEqualTo("2024-04-02T09:13:02.117Z");
			assertThat(sports.at("/metadata_info/metadata_source").asString())
					.isEqualTo(source.base() + "/explore/dataset/equipements-sportifs/");
			JsonNode box = sports.at("/geography/bounding_box");
			assertThat(box.get("west_longitude").asDouble()).isEqualTo(-1.9455);
			assertThat(box.get("north_latitude").asDouble()).isEqualTo(48.2538);
			assertThat(sports.at("/dataset_size/numbers_of_records").asLong()).isEqualTo(412);
			assertThat(sports.at("/dataset_size/number_of_fields").asLong()).isEqualTo(4);
			assertThat(sports.at("/contacts/0/contact_name").asString()).isEqualTo("Direction des sports");
			assertThat(sports.at("/contacts/0/email").asString()).isEqualTo("sports@rennesmetropole.example.fr");
			assertThat(sports.at("/contacts/0/organization_name").asString()).isEqualTo("Rennes Métropole");
			JsonNode media = sports.get("available_formats");
			assertThat(media).extracting(m -> m.at("/connector/url").asString()).containsExactly(api + "/exports/csv",
					api + "/exports/json", api + "/exports/geojson");
			assertThat(media).extracting(m -> m.get("media_type").asString()).containsOnly("SERVICE");
			assertThat(media.get(0).get("media_name").asString()).isEqualTo("Équipements sportifs (CSV)");
			assertThat(media.get(0).get("media_caption").asString()).isEqualTo("Export CSV Opendatasoft (CSV, text/csv)");
			assertThat(media.get(2).at("/media_dates/updated").asString()).isEqualTo("2024-04-02T09:12:51Z");

			JsonNode budget = entries.get(1).metadata();
			String budgetApi = source.base() + "/api/explore/v2.1/catalog/datasets/budget-primitif-rennes-metropole";
			assertThat(budget.get("theme").asString()).isEqualTo("economy");
			assertThat(budget.at("/access_condition/licence/licence_label").asString()).isEqualTo("etalab-2.0");
			assertThat(budget.get("available_formats")).as("no geographic field: no GeoJSON; the attachment")
					.extracting(m -> m.at("/connector/url").asString()).containsExactly(budgetApi + "/exports/csv",
							budgetApi + "/exports/json", budgetApi + "/attachments/guide_de_lecture_pdf");
			assertThat(budget.at("/temporal_spread/start_date").asString()).isEqualTo("2015-01-01T00:00Z");
			assertThat(budget.at("/temporal_spread/end_date").asString()).isEqualTo("2024-12-31T00:00Z");
			assertThat(budget.get("contacts")).as("no contact email").isEmpty();
			assertThat(budget.has("geography")).isFalse();
		}
	}

	@Test
	void shouldReportADatasetWithoutDataAsAProblem() throws Exception {
		try (RecordedSource source = new RecordedSource(OpendatasoftCatalogueTests::recorded)) {
			Entry archives = catalogue(source).page("2", null).entries().get(0);
			assertThat(archives.remoteId()).isEqualTo("plan-de-ville-archives");
			assertThat(archives.metadata()).isNull();
			assertThat(archives.problem()).contains("no resource");
		}
	}

	@Test
	void shouldAskOnlyForWhatChangedSince() throws Exception {
		try (RecordedSource source = new RecordedSource(request -> Reply.ok(JSON,
				RecordedSource.file("opendatasoft/datasets-2.json").replace("\"total_count\": 3", "\"total_count\": 1")))) {
			RemoteCatalogue.Page page = catalogue(source).page(null, Instant.parse("2023-11-01T00:00:00Z"));
			assertThat(page.entries()).hasSize(1);
			assertThat(page.next()).isNull();
			assertThat(source.requests().get(0).query()).containsEntry("where",
					"metas.default.modified>=date'2023-11-01T00:00:00Z'");
		}
	}

	@Test
	void shouldFailWhenTheSourceFails() {
		assertFailure(request -> new Reply(500, JSON, "{\"error_code\": \"InternalError\"}"), "500");
		assertFailure(request -> new Reply(404, "text/html", "<h1>Not found</h1>"), "404");
		assertFailure(request -> Reply.ok(JSON, "{\"total_count\": 3, \"results\": [{\"dataset_id\""), "Not JSON");
		assertFailure(request -> Reply.ok(JSON, "{\"nhits\": 3, \"datasets\": []}"), "no total_count or results");
	}

	@Test
	void shouldFailWhenThePagingContradictsItself() {
		assertFailure(request -> {
			Reply reply = recorded(request);
			return reply == null ? null
					: Reply.ok(JSON, reply.body().replace("\"total_count\": 3", "\"total_count\": 4"));
		}, "announced 4 datasets but delivered only 3");
		assertFailure(request -> "0".equals(request.query().get("offset")) ? recorded(request)
				: Reply.ok(JSON, "{\"total_count\": 3, \"results\": []}"), "is empty");
	}

	@Test
	void shouldRefuseALoopbackSourceUnlessAllowed() {
		try (RecordedSource source = new RecordedSource(OpendatasoftCatalogueTests::recorded)) {
			assertThatThrownBy(() -> new OpendatasoftCatalogue(source.uri("/"), RecordedSource.outbound(), false)
					.page(null, null)).isInstanceOf(HarvestFailure.class).hasMessageContaining("127.0.0.1");
			assertThat(source.requests()).isEmpty();
		}
	}

	private static void assertFailure(Function<Request, Reply> answers, String reason) {
		RecordedSource.assertFailure(answers, OpendatasoftCatalogueTests::catalogue, reason);
	}
}
