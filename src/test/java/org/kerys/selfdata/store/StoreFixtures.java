package org.kerys.selfdata.store;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

import org.kerys.TestHttp;
import org.kerys.TestHttp.Answer;
import org.kerys.TestPeople;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the store tests (and the consent tests) share: people, an organisation and its self-data datasets made through
 * the real API (as the administrator, {@link TestPeople}), with unique names since every test shares one database;
 * and the multipart upload.
 */
public final class StoreFixtures {

	static final String BOUNDARY = "kerys-store-boundary-7f3a";
	private static final JsonMapper json = JsonMapper.builder().build();

	private final TestPeople people;

	public StoreFixtures(int port) {
		this.people = new TestPeople(port);
	}

	public record Person(String login, String token) {

		public TestHttp api(int port) {
			return TestHttp.anonymous(port).withHeader("Authorization", "Bearer " + token);
		}
	}

	public static String unique(String prefix) {
		return TestPeople.unique(prefix);
	}

	/** An account with a personal token holding {@code media.write}. */
	public Person person(String prefix) {
		TestPeople.Person person = people.person(prefix, List.of("media.write"));
		return new Person(person.login(), person.token());
	}

	public UUID organization(String name) {
		return people.organization(name);
	}

	public void member(UUID organization, Person person, String role) {
		people.member(organization, person.login(), role);
	}

	/**
	 * A self-data dataset of this producer (API mode) whose matching fields are a card number (LONG, required), a
	 * last name (STRING, required) and a birth date (DATE); its id.
	 */
	public UUID selfData(UUID producer, String storagePeriod) {
		ObjectNode record = TestPeople.openRecord("Consommations", producer);
		((ObjectNode) record.at("/access_condition/confidentiality")).put("restricted_access", true)
				.put("gdpr_sensitive", true);
		record.set("ext_metadata", json.readTree("""
				{"ext_selfdata": {"ext_selfdata_content": {
				  "matching_data": [
				    {"code": "card_number", "type": "LONG", "required": true, "label": [{"lang": "fr", "text": "Numéro de carte"}]},
				    {"code": "last_name", "type": "STRING", "required": true, "label": [{"lang": "fr", "text": "Nom"}]},
				    {"code": "birth_date", "type": "DATE", "label": [{"lang": "fr", "text": "Date de naissance"}]},
				    {"code": "proof", "type": "ATTACHMENT"}],
				  "selfdata_access": "API", "selfdata_held": "consommations", "selfdata_categories": ["PRIVATE_LIFE"],
				  "storage_period": %s, "treatment_period": {"value": 30, "unit": "DAYS"},
				  "deletable_data": false, "deletion_reason": ["Obligation légale"]}}}""".formatted(storagePeriod)));
		record.set("available_formats", json.readTree("""
				[{"media_type": "SERVICE", "media_id": "%s", "media_name": "generic-data",
				  "connector": {"url": "https://node.example.org/api/gdata", "interface_contract": "generic-data"}},
				 {"media_type": "SERVICE", "media_id": "%s", "media_name": "temporal-bar-chart",
				  "connector": {"url": "https://node.example.org/api/tpbc", "interface_contract": "temporal-bar-chart"}}]
				""".formatted(UUID.randomUUID(), UUID.randomUUID())));
		return UUID.fromString(people.dataset(record).get("global_id").asString());
	}

	/** An open (not self-data) dataset of this producer; its id. */
	public UUID open(UUID producer) {
		return UUID.fromString(people.dataset(TestPeople.openRecord("Ouvert", producer)).get("global_id").asString());
	}

	/** The mapping of the CSV files of these tests. */
	static final String MAPPING = """
			{"matching": {"card_number": "numero_carte", "last_name": "nom", "birth_date": "date_naissance"},
			 "data": [{"column": "commune", "label": [{"lang": "fr", "text": "Commune"}, {"lang": "en", "text": "Town"}]},
			          {"column": "abonnement", "type": "LONG", "label": "Abonnement"}],
			 "date": "mois",
			 "series": [{"column": "kwh", "label": [{"lang": "fr", "text": "Consommation (kWh)"}], "colour": "#336699"}],
			 "legend": [{"lang": "fr", "text": "Ma consommation"}],
			 "chart": {"type": "BAR", "legend_y": "kWh", "legend_x": "Mois"}}""";

	static String store(UUID dataset) {
		return "/api/selfdata/" + dataset + "/store";
	}

	/** A multipart body: the mapping, then the file. */
	static byte[] multipart(String mapping, String filename, String contentType, byte[] file) {
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		String head = "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"mapping\"\r\n"
				+ "Content-Type: application/json\r\n\r\n" + mapping + "\r\n--" + BOUNDARY
				+ "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + filename + "\"\r\nContent-Type: "
				+ contentType + "\r\n\r\n";
		body.writeBytes(head.getBytes(StandardCharsets.UTF_8));
		body.writeBytes(file);
		body.writeBytes(("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
		return body.toByteArray();
	}

	static Answer upload(TestHttp http, UUID dataset, String mapping, String filename, String content) {
		String type = filename.endsWith(".json") ? "application/json" : "text/csv";
		return http.send(http.request(store(dataset))
				.header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
				.PUT(HttpRequest.BodyPublishers.ofByteArray(
						multipart(mapping, filename, type, content.getBytes(StandardCharsets.UTF_8)))));
	}
}
