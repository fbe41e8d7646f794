package org.kerys.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.kerys.KerysHttpTest;
import org.kerys.RudiRecords;
import org.kerys.TestHttp;
import org.kerys.TestHttp.Answer;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.node.ObjectNode;

@KerysHttpTest
class DirectoryApiTests {

	@LocalServerPort
	int port;

	@Test
	void shouldCreateReadReplaceAndDeleteOrganizations() {
		String id = UUID.randomUUID().toString();
		String org = "{\"organization_id\":\"" + id + "\",\"organization_name\":\"Ville de Test\",\"organization_coordinates\":{\"latitude\":48.1,\"longitude\":-1.6}}";
		Answer created = TestHttp.admin(port).post("/api/v1/organizations", org);
		assertThat(created.status()).isEqualTo(201);
		assertThat(created.json()).isEqualTo(TestHttp.parse(org));
		assertThat(TestHttp.anonymous(port).get("/api/v1/organizations/" + id).json()).isEqualTo(TestHttp.parse(org));
		assertThat(TestHttp.admin(port).post("/api/v1/organizations", org).status()).isEqualTo(409);

		String renamed = org.replace("Ville de Test", "Ville renommée");
		assertThat(TestHttp.admin(port).put("/api/v1/organizations/" + id, renamed).status()).isEqualTo(200);
		assertThat(TestHttp.anonymous(port).get("/api/v1/organizations/" + id).json().get("organization_name").asString())
				.isEqualTo("Ville renommée");
		assertThat(TestHttp.anonymous(port).get("/api/v1/organizations?limit=500").json().get("total").asLong())
				.isPositive();
		assertThat(TestHttp.admin(port).delete("/api/v1/organizations/" + id).status()).isEqualTo(204);
		assertThat(TestHttp.anonymous(port).get("/api/v1/organizations/" + id).status()).isEqualTo(404);
	}

	@Test
	void shouldValidateContactsWithEveryProblem() {
		Answer answer = TestHttp.admin(port).post("/api/v1/contacts",
				"{\"contact_id\":\"nope\",\"contact_name\":\"\",\"email\":\"not-an-email\",\"colour\":\"blue\"}");
		assertThat(answer.status()).isEqualTo(400);
		assertThat(answer.json().get("errors")).extracting(e -> e.get("code").asString() + " " + e.get("field").asString())
				.containsExactlyInAnyOrder("ERR-201 contact_id", "ERR-308 contact_name", "ERR-201 email", "ERR-102 colour");
		String id = UUID.randomUUID().toString();
		String contact = "{\"contact_id\":\"" + id + "\",\"contact_name\":\"Service SIG\",\"email\":\"sig@example.org\"}";
		assertThat(TestHttp.admin(port).post("/api/v1/contacts", contact).status()).isEqualTo(201);
		assertThat(TestHttp.anonymous(port).get("/api/v1/contacts/" + id).json()).isEqualTo(TestHttp.parse(contact));
	}

	@Test
	void shouldRegisterTheProducerOfASavedDatasetAndProtectIt() {
		UUID producer = UUID.randomUUID();
		ObjectNode record = RudiRecords.open("Producteur enregistré", producer, "Syndicat des eaux",
				"d41d8cd98f00b204e9800998ecf8427e", 0);
		assertThat(TestHttp.admin(port).post("/api/v1/resources", RudiRecords.write(record)).status()).isEqualTo(201);
		Answer org = TestHttp.anonymous(port).get("/api/v1/organizations/" + producer);
		assertThat(org.json().get("organization_name").asString()).isEqualTo("Syndicat des eaux");
		Answer refused = TestHttp.admin(port).delete("/api/v1/organizations/" + producer);
		assertThat(refused.status()).isEqualTo(409);
		assertThat(refused.json().get("code").asString()).isEqualTo("KRS-409-IN-USE");
		String contactId = record.get("contacts").get(0).get("contact_id").asString();
		assertThat(TestHttp.anonymous(port).get("/api/v1/contacts/" + contactId).status()).isEqualTo(200);
	}

	@Test
	void shouldAnswerTheApiVersion() {
		assertThat(TestHttp.anonymous(port).get("/api/version").json().get("api_version").asString()).isEqualTo("1.4.0");
	}
}
