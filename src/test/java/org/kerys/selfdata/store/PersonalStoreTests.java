package org.kerys.selfdata.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.kerys.selfdata.store.StoreFixtures.MAPPING;
import static org.kerys.selfdata.store.StoreFixtures.upload;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kerys.KerysHttpTest;
import org.kerys.TestHttp;
import org.kerys.TestHttp.Answer;
import org.kerys.selfdata.internal.store.PersonalStore;
import org.kerys.selfdata.internal.store.StorePurge;
import org.kerys.selfdata.store.StoreFixtures.Person;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import tools.jackson.databind.JsonNode;

/**
 * The built-in personal-data store through the real server: a producer's editor uploads CSV or JSON records, the
 * store finds a subject by normalised matching values and gives back its data in RUDI's shapes; bad records are
 * reported one by one and replace nothing; a new upload switches at once; raw rows hold no value in clear; only the
 * producer's people reach it; old records are purged.
 */
@KerysHttpTest
class PersonalStoreTests {

	/** Two subjects: Dupont (3 monthly readings, written three ways) and Lefèvre (2, one without value). */
	static final String CSV = """
			numero_carte;nom;date_naissance;commune;abonnement;mois;kwh
			0012345;Dupont;1980-03-05;Rennes;6;2025-01-01;"123,5"
			12345;DUPONT;05/03/1980;Rennes;6;2025-02-01;98
			"12 345"; Dupont ;1980-03-05;Saint-Malo;9;2025-03-01;101.25
			777;Lefèvre;1975-12-24;Brest;3;2025-01-01;50
			777;LEFEVRE;24/12/1975;Brest;3;2025-02-01;
			""";

	static final String LONG_AGO = "{\"value\": 50, \"unit\": \"YEARS\"}";

	@LocalServerPort
	int port;

	@Autowired
	PersonalStore store;

	@Autowired
	StorePurge purge;

	@Autowired
	JdbcClient jdbc;

	StoreFixtures make;
	Person editor;
	UUID producer;

	@BeforeEach
	void producer() {
		make = new StoreFixtures(port);
		producer = make.organization("Régie");
		editor = make.person("editeur");
		make.member(producer, editor, "editor");
	}

	static Map<String, String> dupont() {
		return Map.of("card_number", " 12345 ", "last_name", "dupont", "birth_date", "1980-03-05");
	}

	@Test
	void shouldStoreCsvAndFindSubjectsByNormalisedValues() {
		UUID dataset = make.selfData(producer, LONG_AGO);
		assertThat(store.holds(dataset)).isFalse();
		Answer uploaded = upload(editor.api(port), dataset, MAPPING, "releves.csv", CSV);
		assertThat(uploaded.status()).as(uploaded.body()).isEqualTo(200);
		assertThat(uploaded.json().get("records").asLong()).isEqualTo(5);
		assertThat(uploaded.json().get("subjects").asLong()).isEqualTo(2);
		assertThat(uploaded.json().has("millis")).isTrue();
		assertThat(store.holds(dataset)).isTrue();

		Optional<String> dupont = store.match(dataset, dupont());
		assertThat(dupont).isPresent();
		// the same person typed otherwise: case, accents, spacing, leading zeros, French date
		Optional<String> lefevre = store.match(dataset,
				Map.of("card_number", "0777", "last_name", "  lefèvre", "birth_date", "24-12-1975"));
		assertThat(lefevre).isPresent().isNotEqualTo(dupont);
		assertThat(store.match(dataset, Map.of("card_number", "12345", "last_name", "Durand", "birth_date",
				"1980-03-05"))).isEmpty();
		assertThat(store.match(dataset, Map.of("card_number", "12345", "last_name", "Dupont"))).isEmpty();
		assertThat(store.match(dataset, Map.of("card_number", "not a number", "last_name", "Dupont", "birth_date",
				"1980-03-05"))).isEmpty();
		assertThat(store.match(UUID.randomUUID(), dupont())).isEmpty();

		// generic data: the latest record's data columns, with their labels and types
		JsonNode gdata = store.gdata(dataset, dupont.get());
		assertThat(gdata.get("legend").get(0).get("text").asString()).isEqualTo("Ma consommation");
		assertThat(gdata.get("data")).hasSize(2);
		assertThat(gdata.get("data").get(0).get("label").get(1).get("text").asString()).isEqualTo("Town");
		assertThat(gdata.get("data").get(0).get("type").asString()).isEqualTo("STRING");
		assertThat(gdata.get("data").get(0).get("value").asString()).isEqualTo("Saint-Malo");
		assertThat(gdata.get("data").get(1).get("type").asString()).isEqualTo("LONG");
		assertThat(gdata.get("data").get(1).get("value").asString()).isEqualTo("9");

		// temporal bar chart: one series entry per date, one values entry per series column
		JsonNode all = store.tpbc(dataset, dupont.get(), null, null);
		assertThat(all.get("type").asString()).isEqualTo("BAR");
		assertThat(all.get("legendYAxis").get(0).get("text").asString()).isEqualTo("kWh");
		assertThat(all.get("series")).hasSize(3);
		assertThat(all.get("values").get(0).get("values").toString()).isEqualTo("[123.5,98.0,101.25]");
		assertThat(all.get("values").get(0).get("colour").asString()).isEqualTo("#336699");
		JsonNode some = store.tpbc(dataset, dupont.get(), LocalDate.of(2025, 2, 1), LocalDate.of(2025, 3, 31));
		assertThat(some.get("series").get(0).get("legend").get(0).get("text").asString()).isEqualTo("2025-02-01");
		assertThat(some.get("values").get(0).get("values").toString()).isEqualTo("[98.0,101.25]");
		assertThat(store.tpbc(dataset, lefevre.get(), null, null).get("values").get(0).get("values").toString())
				.isEqualTo("[50.0,null]");
		// an unknown subject key: the same shape, empty
		assertThat(store.gdata(dataset, "AAAA").get("data")).isEmpty();
		assertThat(store.tpbc(dataset, "not base64 !", null, null).get("series")).isEmpty();

		Answer status = editor.api(port).get(StoreFixtures.store(dataset));
		assertThat(status.status()).as(status.body()).isEqualTo(200);
		assertThat(status.json().get("records").asLong()).isEqualTo(5);
		assertThat(status.json().get("subjects").asLong()).isEqualTo(2);
		assertThat(status.json().get("uploaded_by").asString()).isEqualTo(editor.login());
		assertThat(status.body()).doesNotContainIgnoringCase("dupont").doesNotContain("12345").doesNotContain("Rennes");
		assertThat(jdbc.sql("""
				select count(*) from audit_entries where action = 'selfdata.store.uploaded' and target_id = :d
				and outcome = 'success'""").param("d", dataset.toString()).query(Long.class).single()).isEqualTo(1);
	}

	@Test
	void shouldStoreJsonArrays() {
		UUID dataset = make.selfData(producer, LONG_AGO);
		String json = """
				[{"numero_carte": 4242, "nom": "Le Goff", "date_naissance": "1990-07-14", "commune": "Vannes",
				  "abonnement": 12, "mois": "2025-05-01T00:00:00Z", "kwh": 12.5, "ignored": {"x": 1}},
				 {"numero_carte": "4242", "nom": "LE GOFF", "date_naissance": "14/07/1990", "commune": "Vannes",
				  "abonnement": "12", "mois": "2025-06-01", "kwh": "13"}]""";
		Answer uploaded = upload(editor.api(port), dataset, MAPPING, "releves.json", json);
		assertThat(uploaded.status()).as(uploaded.body()).isEqualTo(200);
		assertThat(uploaded.json().get("records").asLong()).isEqualTo(2);
		assertThat(uploaded.json().get("subjects").asLong()).isEqualTo(1);
		Optional<String> subject = store.match(dataset,
				Map.of("card_number", "4242", "last_name", "le  goff", "birth_date", "1990-07-14"));
		assertThat(subject).isPresent();
		assertThat(store.tpbc(dataset, subject.get(), null, null).get("values").get(0).get("values").toString())
				.isEqualTo("[12.5,13.0]");
	}

	@Test
	void shouldReportEveryBadRecordAndReplaceNothing() {
		UUID dataset = make.selfData(producer, LONG_AGO);
		assertThat(upload(editor.api(port), dataset, MAPPING, "releves.csv", CSV).status()).isEqualTo(200);
		UUID generation = currentGeneration(dataset);
		String bad = """
				numero_carte;nom;date_naissance;commune;abonnement;mois;kwh
				999;Martin;1970-01-01;Rennes;1;2025-01-01;10
				abc;Martin;1970-01-01;Rennes;1;2025-01-01;10
				999;;1970-01-01;Rennes;1;2025-01-01;10
				999;Martin;1970-01-01;Rennes;1;le mois dernier;10
				999;Martin;1970-01-01;Rennes;1;2025-02-01;beaucoup
				999;Martin;1970-01-01;Rennes
				999;Martin;1970-01-01;Rennes;1;2025-03-01;11
				""";
		Answer refused = upload(editor.api(port), dataset, MAPPING, "releves.csv", bad);
		assertThat(refused.status()).as(refused.body()).isEqualTo(422);
		assertThat(refused.header("Content-Type")).contains("application/problem+json");
		assertThat(refused.json().get("code").asString()).isEqualTo("KRS-422-STORE-ROWS");
		assertThat(refused.json().get("error_count").asLong()).isEqualTo(5);
		List<String> errors = new ArrayList<>();
		refused.json().get("errors").forEach(e -> errors.add(e.get("row").asLong() + " " + e.get("column").asString("-")
				+ " " + e.get("code").asString()));
		assertThat(errors).containsExactly("2 numero_carte KRS-STORE-TYPE", "3 nom KRS-STORE-MISSING",
				"4 mois KRS-STORE-DATE", "5 kwh KRS-STORE-NUMBER", "6 - KRS-STORE-COLUMNS");
		// nothing replaced, nothing left behind
		assertThat(currentGeneration(dataset)).isEqualTo(generation);
		assertThat(store.match(dataset, dupont())).isPresent();
		assertThat(store.match(dataset, Map.of("card_number", "999", "last_name", "Martin", "birth_date",
				"1970-01-01"))).isEmpty();
		assertThat(jdbc.sql("select count(*) from selfdata_store_generations where dataset_id = :d")
				.param("d", dataset).query(Long.class).single()).isEqualTo(1);

		// a broken file: reported at the record where reading stopped
		Answer broken = upload(editor.api(port), dataset, MAPPING, "releves.csv",
				"numero_carte;nom;date_naissance;commune;abonnement;mois;kwh\n1;\"Martin;1970-01-01;x;1;2025-01-01;1\n");
		assertThat(broken.status()).as(broken.body()).isEqualTo(422);
		assertThat(broken.json().get("errors").get(0).get("code").asString()).isEqualTo("KRS-STORE-UNREADABLE");
		Answer json = upload(editor.api(port), dataset, MAPPING, "releves.json", "[{\"numero_carte\": 1,");
		assertThat(json.status()).as(json.body()).isEqualTo(422);
		Answer noColumn = upload(editor.api(port), dataset, MAPPING, "releves.csv", "numero_carte;nom\n1;Martin\n");
		assertThat(noColumn.status()).as(noColumn.body()).isEqualTo(422);
		assertThat(noColumn.json().get("code").asString()).isEqualTo("KRS-422-STORE-FILE");
		assertThat(noColumn.json().get("detail").asString()).contains("date_naissance");
		Answer empty = upload(editor.api(port), dataset, MAPPING, "releves.csv",
				"numero_carte;nom;date_naissance;commune;abonnement;mois;kwh\n");
		assertThat(empty.status()).as(empty.body()).isEqualTo(422);
		assertThat(currentGeneration(dataset)).isEqualTo(generation);
		assertThat(jdbc.sql("select count(*) from selfdata_store_generations where dataset_id = :d")
				.param("d", dataset).query(Long.class).single()).isEqualTo(1);
	}

	@Test
	void shouldRefuseBadMappings() {
		UUID dataset = make.selfData(producer, LONG_AGO);
		Answer unknown = upload(editor.api(port), dataset, """
				{"matching": {"card_number": "numero_carte", "last_name": "nom", "email": "courriel", "proof": "x"},
				 "data": [{"column": "commune", "type": "COLOUR"}], "series": ["kwh"]}""", "r.csv", CSV);
		assertThat(unknown.status()).as(unknown.body()).isEqualTo(400);
		assertThat(unknown.json().get("code").asString()).isEqualTo("KRS-400-STORE-MAPPING");
		List<String> fields = new ArrayList<>();
		unknown.json().get("errors").forEach(e -> fields.add(e.get("field").asString()));
		assertThat(fields).containsExactlyInAnyOrder("matching.email", "matching.proof", "data[0].type", "date");
		Answer missing = upload(editor.api(port), dataset, "{\"matching\": {\"card_number\": \"numero_carte\"}, "
				+ "\"data\": [\"commune\"]}", "r.csv", CSV);
		assertThat(missing.status()).isEqualTo(400);
		assertThat(missing.body()).contains("matching.last_name");
		assertThat(upload(editor.api(port), dataset, "{not json", "r.csv", CSV).status()).isEqualTo(400);
		assertThat(store.holds(dataset)).isFalse();
	}

	@Test
	void shouldAnswerFromTheOldRecordsUntilTheNewUploadIsComplete() throws Exception {
		UUID dataset = make.selfData(producer, LONG_AGO);
		assertThat(upload(editor.api(port), dataset, MAPPING, "releves.csv", CSV).status()).isEqualTo(200);
		String oldKey = store.match(dataset, dupont()).orElseThrow();

		byte[] whole = StoreFixtures.multipart(MAPPING, "releves.csv", "text/csv", """
				numero_carte;nom;date_naissance;commune;abonnement;mois;kwh
				555;Nouveau;2000-01-01;Redon;1;2025-01-01;1
				""".getBytes(StandardCharsets.UTF_8));
		int half = whole.length - 60;
		// a raw HTTP/1.1 request, so that the body's end is held back for as long as the test needs
		try (Socket socket = new Socket("localhost", port)) {
			socket.setSoTimeout(60_000);
			OutputStream out = socket.getOutputStream();
			out.write(("PUT " + StoreFixtures.store(dataset) + " HTTP/1.1\r\nHost: localhost\r\n"
					+ "Authorization: Bearer " + editor.token() + "\r\nContent-Type: multipart/form-data; boundary="
					+ StoreFixtures.BOUNDARY + "\r\nContent-Length: " + whole.length + "\r\nConnection: close\r\n\r\n")
					.getBytes(StandardCharsets.US_ASCII));
			out.write(whole, 0, half);
			out.flush();
			long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
			while (jdbc.sql("select count(*) from selfdata_store_generations where dataset_id = :d and state = 'LOADING'")
					.param("d", dataset).query(Long.class).single() == 0) {
				assertThat(System.nanoTime()).as("the upload started loading").isLessThan(deadline);
				Thread.sleep(20);
			}
			// mid-upload: the old records still answer
			assertThat(store.match(dataset, dupont())).contains(oldKey);
			assertThat(store.gdata(dataset, oldKey).get("data")).hasSize(2);
			out.write(whole, half, whole.length - half);
			out.flush();
			String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			assertThat(response).startsWith("HTTP/1.1 200");
		}
		// switched: only the new records answer, and the old generation is gone
		assertThat(store.match(dataset, dupont())).isEmpty();
		assertThat(store.match(dataset, Map.of("card_number", "555", "last_name", "nouveau", "birth_date",
				"2000-01-01"))).isPresent();
		assertThat(jdbc.sql("select count(*) from selfdata_store_generations where dataset_id = :d")
				.param("d", dataset).query(Long.class).single()).isEqualTo(1);
		assertThat(jdbc.sql("""
				select count(*) from selfdata_store_subjects s where not exists
				(select 1 from selfdata_store_generations g where g.generation_id = s.generation_id)
				and s.generation_id in (select generation_id from selfdata_store_generations where dataset_id = :d)""")
				.param("d", dataset).query(Long.class).single()).isZero();
	}

	@Test
	void shouldFollowANewUploadsMappingAtOnce() {
		UUID dataset = make.selfData(producer, LONG_AGO);
		assertThat(upload(editor.api(port), dataset, MAPPING, "releves.csv", CSV).status()).isEqualTo(200);
		String key = store.match(dataset, dupont()).orElseThrow();
		assertThat(store.gdata(dataset, key).get("data")).hasSize(2);

		// other column names, matching on the card and the name only (the birth date is optional), one data column
		String mapping = """
				{"matching": {"card_number": "carte", "last_name": "nom"},
				 "data": [{"column": "ville", "label": "Ville"}]}""";
		assertThat(upload(editor.api(port), dataset, mapping, "releves.csv", """
				carte;nom;ville
				12345;Dupont;Vannes
				""").status()).isEqualTo(200);
		// what the citizen typed is read under the new mapping at once (the birth date no longer counts)
		Optional<String> again = store.match(dataset, Map.of("card_number", "12345", "last_name", "DUPONT",
				"birth_date", "1999-01-01"));
		assertThat(again).isPresent().isNotEqualTo(Optional.of(key));
		assertThat(store.match(dataset, dupont())).isEqualTo(again);
		JsonNode gdata = store.gdata(dataset, again.get());
		assertThat(gdata.get("data")).hasSize(1);
		assertThat(gdata.get("data").get(0).get("value").asString()).isEqualTo("Vannes");
		// the old subject key no longer opens anything
		assertThat(store.gdata(dataset, key).get("data")).isEmpty();
	}

	@Test
	void shouldKeepNoMatchingValueNorRecordInClear() {
		UUID dataset = make.selfData(producer, LONG_AGO);
		assertThat(upload(editor.api(port), dataset, MAPPING, "releves.csv", CSV).status()).isEqualTo(200);
		UUID generation = currentGeneration(dataset);
		List<String> raw = jdbc.sql("""
				select encode(lookup, 'escape') || ' ' || encode(sealed, 'escape') || ' ' || key_id || ' ' || records
				|| ' ' || oldest || ' ' || newest from selfdata_store_subjects where generation_id = :g""")
				.param("g", generation).query(String.class).list();
		assertThat(raw).hasSize(2);
		raw.add(jdbc.sql("select mapping::text || uploaded_by from selfdata_store_generations where generation_id = :g")
				.param("g", generation).query(String.class).single());
		for (String row : raw) {
			for (String value : List.of("Dupont", "dupont", "DUPONT", "12345", "1980", "Lef", "LEFEVRE", "lefevre",
					"Rennes", "Saint-Malo", "Brest", "123.5", "101.25")) {
				assertThat(row).as("a raw row").doesNotContain(value);
			}
		}
	}

	@Test
	void shouldLetOnlyTheProducersPeopleIn() {
		UUID dataset = make.selfData(producer, LONG_AGO);
		Person member = make.person("membre");
		make.member(producer, member, "member");
		Person outsider = make.person("autre");
		UUID otherOrganization = make.organization("Autre");
		make.member(otherOrganization, outsider, "admin");

		assertThat(upload(TestHttp.anonymous(port), dataset, MAPPING, "r.csv", CSV).status()).isEqualTo(401);
		assertThat(TestHttp.anonymous(port).get(StoreFixtures.store(dataset)).status()).isEqualTo(401);
		Answer stranger = upload(outsider.api(port), dataset, MAPPING, "r.csv", CSV);
		assertThat(stranger.status()).as(stranger.body()).isEqualTo(403);
		assertThat(stranger.json().get("code").asString()).isEqualTo("ERR-403");
		assertThat(outsider.api(port).get(StoreFixtures.store(dataset)).status()).isEqualTo(403);
		// a plain member sees the status but does not upload; the platform administrator is not the producer
		assertThat(upload(member.api(port), dataset, MAPPING, "r.csv", CSV).status()).isEqualTo(403);
		Answer status = member.api(port).get(StoreFixtures.store(dataset));
		assertThat(status.status()).as(status.body()).isEqualTo(200);
		assertThat(status.json().get("uploaded").asBoolean()).isFalse();
		assertThat(upload(TestHttp.admin(port), dataset, MAPPING, "r.csv", CSV).status()).isEqualTo(403);
		assertThat(store.holds(dataset)).isFalse();

		assertThat(upload(editor.api(port), UUID.randomUUID(), MAPPING, "r.csv", CSV).status()).isEqualTo(404);
		Answer notSelfData = upload(editor.api(port), make.open(producer), MAPPING, "r.csv", CSV);
		assertThat(notSelfData.status()).as(notSelfData.body()).isEqualTo(409);
		assertThat(notSelfData.json().get("code").asString()).isEqualTo("KRS-409-NOT-SELFDATA");
		Answer notMultipart = editor.api(port).put(StoreFixtures.store(dataset), "[]");
		assertThat(notMultipart.status()).as(notMultipart.body()).isEqualTo(415);
	}

	@Test
	void shouldPurgeRecordsOlderThanTheStoragePeriod() {
		UUID dataset = make.selfData(producer, "{\"value\": 6, \"unit\": \"MONTHS\"}");
		LocalDate today = LocalDate.now(ZoneOffset.UTC);
		String csv = "numero_carte;nom;date_naissance;commune;abonnement;mois;kwh\n"
				+ "1;Ancien;1950-01-01;Rennes;1;" + today.minusYears(2) + ";1\n"
				+ "1;Ancien;1950-01-01;Rennes;1;" + today.minusYears(1) + ";2\n"
				+ "2;Recent;1960-01-01;Rennes;1;" + today.minusYears(1) + ";3\n"
				+ "2;Recent;1960-01-01;Rennes;1;" + today.minusDays(10) + ";4\n";
		assertThat(upload(editor.api(port), dataset, MAPPING, "r.csv", csv).status()).isEqualTo(200);
		Map<String, String> ancien = Map.of("card_number", "1", "last_name", "Ancien", "birth_date", "1950-01-01");
		Map<String, String> recent = Map.of("card_number", "2", "last_name", "Recent", "birth_date", "1960-01-01");
		assertThat(store.match(dataset, ancien)).isPresent();

		StorePurge.Report report = purge.purge(today);
		assertThat(report.ran()).isTrue();
		assertThat(report.records()).isGreaterThanOrEqualTo(3);
		assertThat(store.match(dataset, ancien)).isEmpty();
		String key = store.match(dataset, recent).orElseThrow();
		JsonNode left = store.tpbc(dataset, key, null, null);
		assertThat(left.get("values").get(0).get("values").toString()).isEqualTo("[4.0]");
		Answer status = editor.api(port).get(StoreFixtures.store(dataset));
		assertThat(status.json().get("records").asLong()).isEqualTo(1);
		assertThat(status.json().get("subjects").asLong()).isEqualTo(1);
		// again: nothing more to do for this dataset
		purge.purge(today);
		assertThat(store.tpbc(dataset, key, null, null).get("series")).hasSize(1);
		assertThat(jdbc.sql("""
				select count(*) from audit_entries where action = 'selfdata.store.purged' and target_id = :d""")
				.param("d", dataset.toString()).query(Long.class).single()).isEqualTo(1);
	}

	private UUID currentGeneration(UUID dataset) {
		return jdbc.sql("select generation_id from selfdata_stores where dataset_id = :d").param("d", dataset)
				.query(UUID.class).single();
	}
}
