package org.kerys.consent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;

import org.kerys.TestHttp;
import org.kerys.TestHttp.Answer;
import org.kerys.selfdata.SelfdataFixtures;
import org.kerys.selfdata.SelfdataFixtures.Person;
import org.kerys.selfdata.store.StorePagesTestSupport;
import tools.jackson.databind.JsonNode;

/**
 * What the consent pages' tests share, made through the real API with unique names (one database for the suite):
 * a self-data dataset in the built-in store and a citizen who got their data from it, a producer-side organisation
 * with an editor and a published treatment, a project it owns, a consent request, the project's client token; and
 * the form fields of a complete treatment. People here have a password (the pages sign in with the login form);
 * treatments are {@link ConsentFixtures#treatment}'s.
 */
public final class ConsentPagesFixtures {

	private final int port;
	private final SelfdataFixtures people;

	public ConsentPagesFixtures(int port) {
		this.port = port;
		this.people = new SelfdataFixtures(port);
	}

	public Person person(String prefix) {
		return people.person(prefix);
	}

	public UUID organization(String name) {
		return people.organization(name);
	}

	public void member(UUID organization, Person person, String role) {
		people.member(organization, person, role);
	}

	/** A self-data dataset whose records (card 12345, Dupont, 1980-03-05) are in the built-in store. */
	public UUID storeDataset() {
		return StorePagesTestSupport.storeDataset(port);
	}

	/** A citizen who asked for their data of the store dataset and got it (request COMPLETED, data found). */
	public Person citizenWithData(UUID dataset, String prefix) throws InterruptedException {
		Person citizen = people.person(prefix);
		TestHttp api = citizen.api(port);
		Answer submitted = api.post("/api/selfdata/requests", """
				{"dataset_id": "%s", "matching": {"card_number": "12345", "last_name": "dupont",
				 "birth_date": "1980-03-05"}}""".formatted(dataset));
		assertThat(submitted.status()).as(submitted.body()).isEqualTo(201);
		String id = submitted.json().get("id").asString();
		JsonNode request = null;
		for (int i = 0; i < 300; i++) {
			request = api.get("/api/selfdata/requests/" + id).json();
			if (java.util.List.of("COMPLETED", "REJECTED", "CANCELLED").contains(request.path("status").asString())) {
				break;
			}
			Thread.sleep(100);
		}
		assertThat(request.path("status").asString()).as(request.toString()).isEqualTo("COMPLETED");
		assertThat(request.path("data_found").asBoolean()).isTrue();
		return citizen;
	}

	/** The form fields of a complete treatment (for {@code POST /treatments/new}, with {@code organization_id}). */
	public static Map<String, String> treatmentForm(String title) {
		return Map.ofEntries(Map.entry("title_fr", title), Map.entry("title_en", title + " (EN)"),
				Map.entry("description_fr", "Étude des consommations d’énergie des foyers"),
				Map.entry("controller_name", "Métropole de Test"), Map.entry("controller_address", "1 place de la Mairie"),
				Map.entry("controller_email", "contact@example.org"), Map.entry("dpo_name", "Délégué"),
				Map.entry("dpo_email", "dpo@example.org"),
				Map.entry("purposes_fr", "Mesurer les économies d’énergie\nProposer des conseils"),
				Map.entry("purposes_en", "Measure energy savings\nGive advice"),
				Map.entry("legal_basis", "consent"), Map.entry("data_categories_fr", "Consommation mensuelle"),
				Map.entry("data_categories_en", "Monthly consumption"), Map.entry("recipients_fr", "L’équipe du projet"),
				Map.entry("retention_duration", "P1Y"), Map.entry("retention_description_fr", "Puis effacées"),
				Map.entry("security_measures_fr", "Chiffrement"), Map.entry("data_subject_categories_fr", "Abonnés"));
	}

	/** A treatment of the organisation ({@link ConsentFixtures#treatment}: "Coach énergie"), version 1 published by its editor; its id. */
	public String publishedTreatment(Person editor, UUID organization) {
		TestHttp api = editor.api(port);
		Answer created = api.post("/api/treatments", ConsentFixtures.treatment(organization, "P1Y"));
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		String id = created.json().get("id").asString();
		Answer published = api.post("/api/treatments/" + id + "/versions/1/publish", "");
		assertThat(published.status()).as(published.body()).isEqualTo(200);
		return id;
	}

	/** A new version of the treatment, published (consents under older versions are invalidated); its number. */
	public int publishNewVersion(Person editor, String treatment) {
		TestHttp api = editor.api(port);
		Answer created = api.post("/api/treatments/" + treatment + "/versions", ConsentFixtures.treatment(UUID.randomUUID(), "P2Y")
				.replaceFirst("\"organization_id\": \"[^\"]+\",", ""));
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		int version = created.json().get("versions").get(created.json().get("versions").size() - 1).get("version").asInt();
		Answer published = api.post("/api/treatments/" + treatment + "/versions/" + version + "/publish", "");
		assertThat(published.status()).as(published.body()).isEqualTo(200);
		return version;
	}

	/** A project of the organisation, made by one of its members; its id. */
	public String project(Person member, UUID organization, String title) {
		Answer created = member.api(port).post("/api/projects", """
				{"title": "%s", "type": "application", "description": "Conseils d’économies d’énergie",
				 "contact": "projet@example.org", "owner_organization_id": "%s"}""".formatted(title, organization));
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		return created.json().get("id").asString();
	}

	/** The project's request for the dataset's data under the treatment; its id. */
	public String consentRequest(Person member, String project, String treatment, UUID dataset) {
		Answer asked = member.api(port).post("/api/projects/" + project + "/consent-requests",
				"{\"treatment_id\": \"" + treatment + "\", \"dataset_id\": \"" + dataset + "\"}");
		assertThat(asked.status()).as(asked.body()).isEqualTo(201);
		return asked.json().get("id").asString();
	}

	/** A token of a new client of the project (client credentials at /oauth/token). */
	public TestHttp projectClient(Person member, String project) {
		Answer created = member.api(port).post("/api/projects/" + project + "/clients", "{\"name\": \"Serveur\"}");
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		String clientId = created.json().get("client_id").asString();
		String secret = created.json().get("client_secret").asString();
		Answer token = TestHttp.clientCredentials(port, clientId, secret);
		assertThat(token.status()).as(token.body()).isEqualTo(200);
		return TestHttp.anonymous(port).withHeader("Authorization", "Bearer " + token.json().get("access_token").asString());
	}
}
