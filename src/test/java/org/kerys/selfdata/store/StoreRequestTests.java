package org.kerys.selfdata.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.kerys.selfdata.store.StoreFixtures.MAPPING;
import static org.kerys.selfdata.store.StoreFixtures.upload;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.kerys.KerysHttpTest;
import org.kerys.TestHttp;
import org.kerys.TestHttp.Answer;
import org.kerys.selfdata.store.StoreFixtures.Person;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * A citizen's request on a dataset whose producer uploaded its records to the built-in store (selfcore's request
 * flow over selfstore's PersonalStore): matched in the store, data read from it, JSON and CSV, accesses listed.
 */
@KerysHttpTest
class StoreRequestTests {

	@LocalServerPort
	int port;

	@Test
	void shouldGiveACitizenTheirRecordsFromTheStore() throws Exception {
		StoreFixtures make = new StoreFixtures(port);
		UUID producer = make.organization("Énergie");
		Person editor = make.person("editeur");
		make.member(producer, editor, "editor");
		UUID dataset = make.selfData(producer, PersonalStoreTests.LONG_AGO);
		assertThat(upload(editor.api(port), dataset, MAPPING, "releves.csv", PersonalStoreTests.CSV).status())
				.isEqualTo(200);
		TestHttp citizen = make.person("abonne").api(port);

		Answer submitted = citizen.post("/api/selfdata/requests", """
				{"dataset_id": "%s", "matching": {"card_number": "12345", "last_name": "dupont",
				 "birth_date": "1980-03-05"}}""".formatted(dataset));
		assertThat(submitted.status()).as(submitted.body()).isEqualTo(201);
		JsonNode done = awaitClosed(citizen, submitted.json().get("id").asString());
		assertThat(done.get("status").asString()).isEqualTo("COMPLETED");
		assertThat(done.get("mode").asString()).isEqualTo("STORE");
		assertThat(done.get("data_found").asBoolean()).isTrue();

		Answer gdata = citizen.get("/api/selfdata/" + dataset + "/gdata");
		assertThat(gdata.status()).as(gdata.body()).isEqualTo(200);
		assertThat(gdata.json().at("/data/0/value").asString()).isEqualTo("Saint-Malo");
		Answer tpbc = citizen.get("/api/selfdata/" + dataset + "/tpbc?min-date=2025-02-01&max-date=2025-03-31");
		assertThat(tpbc.json().at("/values/0/values").toString()).isEqualTo("[98.0,101.25]");
		assertThat(citizen.get("/api/selfdata/" + dataset + "/tpbc.csv").body())
				.isEqualTo("series,Consommation (kWh)\r\n2025-01-01,123.5\r\n2025-02-01,98.0\r\n2025-03-01,101.25\r\n");
		List<String> accesses = new ArrayList<>();
		citizen.get("/api/me/data-accesses").json()
				.forEach(a -> accesses.add(a.get("actor_kind").asString() + ":" + a.get("what").asString()));
		assertThat(accesses).containsExactly("CITIZEN:TPBC", "CITIZEN:TPBC", "CITIZEN:GDATA", "STORE:MATCHING");

		// someone typing values the store does not hold: the same answer, then no data
		TestHttp other = make.person("autre").api(port);
		Answer none = other.post("/api/selfdata/requests", """
				{"dataset_id": "%s", "matching": {"card_number": "12345", "last_name": "Durand",
				 "birth_date": "1980-03-05"}}""".formatted(dataset));
		assertThat(none.status()).isEqualTo(201);
		assertThat(none.json().properties().stream().map(java.util.Map.Entry::getKey).toList())
				.containsExactly("id", "status");
		JsonNode notFound = awaitClosed(other, none.json().get("id").asString());
		assertThat(notFound.get("data_found").asBoolean()).isFalse();
		assertThat(other.get("/api/selfdata/" + dataset + "/gdata").status()).isEqualTo(404);
	}

	private static JsonNode awaitClosed(TestHttp api, String id) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
		while (true) {
			JsonNode request = api.get("/api/selfdata/requests/" + id).json();
			if (List.of("COMPLETED", "REJECTED", "CANCELLED").contains(request.get("status").asString())) {
				return request;
			}
			assertThat(System.nanoTime()).isLessThan(deadline);
			Thread.sleep(100);
		}
	}
}
