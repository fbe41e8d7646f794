package org.kerys.consent;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.kerys.TestHttp;
import org.kerys.TestHttp.Answer;
import org.kerys.selfdata.store.StoreFixtures;
import org.kerys.selfdata.store.StoreFixtures.Person;
import org.kerys.selfdata.store.StorePagesTestSupport;
import tools.jackson.databind.JsonNode;

/**
 * What the consent tests share, made through the real API: a reuser organisation (the controller) with an editor,
 * its published treatment and its project asking citizens for a self-data dataset whose records are in the built-in
 * store; citizens who got their data (card 12345, Dupont); the project's client.
 */
public final class ConsentFixtures {

	/** A treatment body, with this retention (an ISO-8601 period). */
	public static String treatment(UUID organization, String duration) {
		return """
				{"organization_id": "%s",
				 "title": {"fr": "Coach énergie", "en": "Energy coach"},
				 "description": {"fr": "Conseils pour réduire sa consommation."},
				 "controller": {"name": "Association Watt Rennes", "address": "1 place de la Mairie, Rennes", "email": "contact@watt.example.org"},
				 "dpo": {"name": "Délégué", "email": "dpo@watt.example.org"},
				 "purposes": [{"fr": "Calculer des conseils d'économie d'énergie", "en": "Compute energy-saving advice"}],
				 "legal_basis": "consent",
				 "data_categories": [{"fr": "Consommation d'énergie", "en": "Energy consumption"}],
				 "recipients": [{"fr": "Conseillers de l'association"}],
				 "retention": {"duration": "%s", "description": {"fr": "Le temps du coaching"}},
				 "transfers_outside_eu": {"any": false},
				 "security_measures": [{"fr": "Chiffrement au repos"}],
				 "data_subject_categories": [{"fr": "Abonnés", "en": "Subscribers"}]}"""
				.formatted(organization, duration);
	}

	private final int port;
	public final StoreFixtures make;

	public ConsentFixtures(int port) {
		this.port = port;
		this.make = new StoreFixtures(port);
	}

	/** A controller organisation, its editor, a published treatment, a project of it asking for a store dataset. */
	public record World(UUID organization, Person editor, String treatment, String project, UUID dataset,
			String request) {
	}

	public World world(String duration) {
		UUID organization = make.organization("Watt");
		Person editor = make.person("editeur");
		make.member(organization, editor, "editor");
		String treatment = publishedTreatment(editor, organization, duration);
		String project = project(editor, organization);
		UUID dataset = StorePagesTestSupport.storeDataset(port);
		Answer asked = editor.api(port).post("/api/projects/" + project + "/consent-requests",
				"{\"treatment_id\": \"" + treatment + "\", \"dataset_id\": \"" + dataset + "\", \"message\": \"Merci\"}");
		assertThat(asked.status()).as(asked.body()).isEqualTo(201);
		return new World(organization, editor, treatment, project, dataset, asked.json().get("id").asString());
	}

	/** A treatment created and published by this editor; its id. */
	public String publishedTreatment(Person editor, UUID organization, String duration) {
		Answer created = editor.api(port).post("/api/treatments", treatment(organization, duration));
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		String id = created.json().get("id").asString();
		Answer published = editor.api(port).post("/api/treatments/" + id + "/versions/1/publish", "");
		assertThat(published.status()).as(published.body()).isEqualTo(200);
		return id;
	}

	/** A project owned by the organisation; its id. */
	public String project(Person member, UUID organization) {
		Answer created = member.api(port).post("/api/projects", """
				{"title": "%s", "type": "service", "owner_organization_id": "%s"}"""
				.formatted(StoreFixtures.unique("Coach"), organization));
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		return created.json().get("id").asString();
	}

	/** A citizen who asked for their data of the dataset and got it (Dupont's records). */
	public Person citizenWithData(UUID dataset) throws InterruptedException {
		Person citizen = make.person("abonne");
		Answer submitted = citizen.api(port).post("/api/selfdata/requests", """
				{"dataset_id": "%s", "matching": {"card_number": "12345", "last_name": "Dupont",
				 "birth_date": "1980-03-05"}}""".formatted(dataset));
		assertThat(submitted.status()).as(submitted.body()).isEqualTo(201);
		String id = submitted.json().get("id").asString();
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		while (true) {
			JsonNode request = citizen.api(port).get("/api/selfdata/requests/" + id).json();
			if (List.of("COMPLETED", "REJECTED", "CANCELLED").contains(request.get("status").asString())) {
				assertThat(request.get("data_found").asBoolean()).as(request.toString()).isTrue();
				return citizen;
			}
			assertThat(System.nanoTime()).as("the store matching finishes").isLessThan(deadline);
			Thread.sleep(100);
		}
	}

	/** The consent body of a citizen for the world's request. */
	public static String consent(World world, int version) {
		return """
				{"treatment_id": "%s", "version": %d, "scope": {"dataset_id": "%s", "project_id": "%s"}}"""
				.formatted(world.treatment(), version, world.dataset(), world.project());
	}

	/** A new client of the project, and an access token of it: an HTTP client calling with that token. */
	public TestHttp client(Person member, String project) {
		Answer created = member.api(port).post("/api/projects/" + project + "/clients", "{\"name\": \"Serveur\"}");
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		Answer token = TestHttp.clientCredentials(port, created.json().get("client_id").asString(),
				created.json().get("client_secret").asString());
		assertThat(token.status()).as(token.body()).isEqualTo(200);
		return TestHttp.anonymous(port).withHeader("Authorization",
				"Bearer " + token.json().get("access_token").asString());
	}
}
