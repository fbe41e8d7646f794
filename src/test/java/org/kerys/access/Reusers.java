package org.kerys.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;

import org.kerys.TestHttp;
import org.kerys.TestHttp.Answer;
import org.kerys.TestPeople;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the access tests share, made through the real API as the administrator with unique names (one database for
 * the whole suite): accounts with a personal token, organisations and memberships, restricted datasets ({@link
 * TestPeople}), projects.
 */
final class Reusers {

	private final int port;
	private final TestPeople people;

	Reusers(int port) {
		this.port = port;
		this.people = new TestPeople(port);
	}

	record Person(String login, String token) {

		TestHttp api(int port) {
			return TestHttp.anonymous(port).withHeader("Authorization", "Bearer " + token);
		}
	}

	static String unique(String prefix) {
		return TestPeople.unique(prefix);
	}

	Person person(String prefix, String... platformRoles) {
		TestPeople.Person person = people.person(prefix, List.of(), platformRoles);
		return new Person(person.login(), person.token());
	}

	UUID organization(String name) {
		return people.organization(name);
	}

	void member(UUID organization, Person person, String role) {
		people.member(organization, person.login(), role);
	}

	/** A dataset of this producer, restricted or open, with one FILE media; the record as created. */
	ObjectNode dataset(UUID producer, boolean restricted) {
		ObjectNode record = TestPeople.openRecord("Données", producer);
		((ObjectNode) record.at("/access_condition/confidentiality")).put("restricted_access", restricted);
		return people.dataset(record);
	}

	/**
	 * A producer organisation with an editor and a plain member, a restricted dataset, and a reuser's project (the
	 * access requests tests' world).
	 */
	record World(Reusers make, UUID producer, Person editor, Person member, Person reuser, String project,
			ObjectNode dataset, String datasetId, String mediaId) {

		/** An access request of the reuser's project for the dataset; its id. */
		String ask() {
			return make.request(reuser, project, datasetId);
		}
	}

	World world() {
		UUID producer = organization("Producteur");
		Person editor = person("editeur");
		Person member = person("membre");
		member(producer, editor, "editor");
		member(producer, member, "member");
		Person reuser = person("reutilisateur");
		String project = project(reuser, "");
		ObjectNode dataset = dataset(producer, true);
		return new World(this, producer, editor, member, reuser, project, dataset, dataset.get("global_id").asString(),
				dataset.at("/available_formats/0/media_id").asString());
	}

	/** A new project of this person; its id. */
	String project(Person owner, String extra) {
		Answer created = owner.api(port).post("/api/projects",
				"{\"title\": \"" + unique("Projet") + "\", \"type\": \"application\"" + extra + "}");
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		return created.json().get("id").asString();
	}

	/** An access request of the project for the dataset; its id. */
	String request(Person member, String project, String datasetId) {
		Answer asked = member.api(port).post("/api/projects/" + project + "/access-requests",
				"{\"dataset_id\": \"" + datasetId + "\", \"purpose\": \"Étude de fréquentation\"}");
		assertThat(asked.status()).as(asked.body()).isEqualTo(201);
		return asked.json().get("id").asString();
	}

	/** A token of a project client, from /oauth/token. */
	String clientToken(String clientId, String secret) {
		Answer answer = tokenRequest(clientId, secret);
		assertThat(answer.status()).as(answer.body()).isEqualTo(200);
		return answer.json().get("access_token").asString();
	}

	Answer tokenRequest(String clientId, String secret) {
		return TestHttp.clientCredentials(port, clientId, secret);
	}

	TestHttp bearer(String token) {
		return TestHttp.anonymous(port).withHeader("Authorization", "Bearer " + token);
	}
}
