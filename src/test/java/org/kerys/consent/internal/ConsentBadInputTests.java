package org.kerys.consent.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.kerys.consent.ConsentFixtures.consent;

import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.util.Base64;
import java.util.UUID;

import io.jsonwebtoken.Jwts;
import org.junit.jupiter.api.Test;
import org.kerys.KerysHttpTest;
import org.kerys.TestHttp;
import org.kerys.TestHttp.Answer;
import org.kerys.consent.ConsentFixtures;
import org.kerys.consent.ConsentFixtures.World;
import org.kerys.selfdata.store.StoreFixtures.Person;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * What the consent module refuses, with its code, leaving nothing written: malformed treatments, consent to a draft
 * or obsolete version or on behalf of someone else, another citizen's consent, a project fetching a citizen who
 * never consented or consented to another project, forged and altered receipts.
 */
@KerysHttpTest
class ConsentBadInputTests {

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Test
	void shouldRefuseMalformedTreatmentsFieldByField() {
		ConsentFixtures make = new ConsentFixtures(port);
		UUID organization = make.make.organization("Watt");
		Person editor = make.make.person("editeur");
		make.make.member(organization, editor, "editor");
		TestHttp api = editor.api(port);
		long before = count("treatments");

		Answer empty = api.post("/api/treatments", "{\"organization_id\": \"" + organization + "\"}");
		assertThat(empty.status()).isEqualTo(400);
		assertThat(empty.json().get("errors").findValuesAsString("field")).contains("title", "controller", "dpo",
				"purposes", "legal_basis", "data_categories", "retention");
		String wrong = ConsentFixtures.treatment(organization, "P99Y").replace("\"consent\"", "\"because\"")
				.replace("\"title\": {", "\"owner\": \"me\", \"title\": {\"de\": \"Titel\", ");
		Answer errors = api.post("/api/treatments", wrong);
		assertThat(errors.status()).isEqualTo(400);
		assertThat(errors.json().get("errors").findValuesAsString("field")).contains("owner", "title.de",
				"legal_basis", "retention.duration");
		assertThat(api.post("/api/treatments", ConsentFixtures.treatment(organization, "one year")).json()
				.get("errors").findValuesAsString("field")).containsExactly("retention.duration");
		assertThat(api.post("/api/treatments", "[]").json().get("code").asString()).isEqualTo("ERR-101");
		assertThat(api.post("/api/treatments", "{not json").status()).isEqualTo(400);
		Answer unknownOrganization = api.post("/api/treatments", ConsentFixtures.treatment(UUID.randomUUID(), "P1Y"));
		assertThat(unknownOrganization.status()).isEqualTo(422);
		assertThat(unknownOrganization.json().get("code").asString()).isEqualTo("KRS-422-ORGANIZATION");
		// another organisation's editor
		Person stranger = make.make.person("autre");
		assertThat(stranger.api(port).post("/api/treatments", ConsentFixtures.treatment(organization, "P1Y")).json()
				.get("code").asString()).isEqualTo("KRS-403-TREATMENT");
		assertThat(count("treatments")).isEqualTo(before);

		// a draft is only its organisation's; a published version never changes; one draft at a time
		String id = api.post("/api/treatments", ConsentFixtures.treatment(organization, "P1Y")).json().get("id")
				.asString();
		assertThat(TestHttp.anonymous(port).get("/api/treatments/" + id).status()).isEqualTo(404);
		assertThat(stranger.api(port).get("/api/treatments/" + id + "/versions/1").status()).isEqualTo(404);
		assertThat(api.post("/api/treatments/" + id + "/versions", content(organization)).json().get("code")
				.asString()).isEqualTo("KRS-409-TREATMENT-DRAFT");
		assertThat(api.post("/api/treatments/" + id + "/versions/1/publish", "").status()).isEqualTo(200);
		assertThat(api.post("/api/treatments/" + id + "/versions/1/publish", "").json().get("code").asString())
				.isEqualTo("KRS-409-TREATMENT-IMMUTABLE");
		assertThat(api.put("/api/treatments/" + id + "/versions/1", content(organization)).json().get("code")
				.asString()).isEqualTo("KRS-409-TREATMENT-IMMUTABLE");
		assertThat(api.get("/api/treatments/" + id + "/versions/7").json().get("code").asString())
				.isEqualTo("KRS-404-TREATMENT-VERSION");
		assertThat(api.get("/api/treatments/not-an-id").json().get("code").asString()).isEqualTo("KRS-404-TREATMENT");
		assertThat(api.post("/api/treatments/" + id + "/versions/x/publish", "").status()).isEqualTo(400);
	}

	@Test
	void shouldRefuseConsentsThatAreNotTheCitizensOwnToAPublishedVersion() throws Exception {
		ConsentFixtures make = new ConsentFixtures(port);
		World world = make.world("P1Y");
		Person person = make.citizenWithData(world.dataset());
		TestHttp citizen = person.api(port);
		long before = count("consents");

		// on behalf of someone else: there is no field for it
		Answer onBehalf = citizen.post("/api/consents", consent(world, 1).replaceFirst("\\{",
				"{\"account_id\": \"" + UUID.randomUUID() + "\", "));
		assertThat(onBehalf.status()).isEqualTo(400);
		assertThat(onBehalf.json().get("code").asString()).isEqualTo("ERR-102");
		assertThat(citizen.post("/api/consents", consent(world, 1).replace("\"project_id\"",
				"\"subject\": \"x\", \"project_id\"")).json().at("/errors/0/field").asString())
				.isEqualTo("scope.subject");
		// nor by a machine: the project's own client cannot consent for a citizen
		TestHttp client = make.client(world.editor(), world.project());
		assertThat(client.post("/api/consents", consent(world, 1)).status()).isEqualTo(403);
		// missing and wrong fields, all at once
		Answer missing = citizen.post("/api/consents", "{\"version\": \"one\", \"scope\": {}}");
		assertThat(missing.json().get("errors").findValuesAsString("field")).containsExactly("treatment_id", "version",
				"scope.dataset_id", "scope.project_id");
		// a version that does not exist, a scope the project does not ask, a citizen without data
		assertThat(citizen.post("/api/consents", consent(world, 5)).json().get("code").asString())
				.isEqualTo("KRS-404-TREATMENT-VERSION");
		assertThat(citizen.post("/api/consents", consent(world, 1).replace(world.project(),
				UUID.randomUUID().toString())).json().get("code").asString()).isEqualTo("KRS-422-CONSENT-SCOPE");
		assertThat(make.make.person("sans-donnees").api(port).post("/api/consents", consent(world, 1)).json()
				.get("code").asString()).isEqualTo("KRS-409-CONSENT-NO-DATA");
		assertThat(count("consents")).isEqualTo(before);

		// the same consent sent five times at once: one is given, the others are told so; never a 500
		java.util.List<java.util.concurrent.CompletableFuture<Answer>> racing = new java.util.ArrayList<>();
		for (int i = 0; i < 5; i++) {
			racing.add(java.util.concurrent.CompletableFuture.supplyAsync(() -> citizen.post("/api/consents",
					consent(world, 1))));
		}
		java.util.List<Integer> statuses = racing.stream().map(java.util.concurrent.CompletableFuture::join)
				.map(Answer::status).sorted().toList();
		assertThat(statuses).containsExactly(201, 409, 409, 409, 409);
		assertThat(count("consents")).isEqualTo(before + 1);

		// another citizen's consent does not exist for anyone else
		String id = citizen.get("/api/me/consents").json().at("/0/id").asString();
		TestHttp other = make.make.person("voisin").api(port);
		for (Answer answer : new Answer[] { other.get("/api/consents/" + id), other.get("/api/consents/" + id + "/receipt"),
				other.post("/api/consents/" + id + "/withdraw", ""), world.editor().api(port).get("/api/consents/" + id) }) {
			assertThat(answer.status()).isEqualTo(404);
			assertThat(answer.json().get("code").asString()).isEqualTo("KRS-404-CONSENT");
		}
		assertThat(citizen.get("/api/consents/" + id).json().get("status").asString()).isEqualTo("given");
		assertThat(other.get("/api/me/consents").json().size()).isZero();
	}

	@Test
	void shouldRefuseProjectsFetchingCitizensWhoDidNotConsentToThem() throws Exception {
		ConsentFixtures make = new ConsentFixtures(port);
		World world = make.world("P1Y");
		TestHttp citizen = make.citizenWithData(world.dataset()).api(port);
		TestHttp client = make.client(world.editor(), world.project());
		// a second project of the same organisation, asking for the same data
		String second = make.project(world.editor(), world.organization());
		Answer asked = world.editor().api(port).post("/api/projects/" + second + "/consent-requests",
				"{\"treatment_id\": \"" + world.treatment() + "\", \"dataset_id\": \"" + world.dataset() + "\"}");
		assertThat(asked.status()).as(asked.body()).isEqualTo(201);
		TestHttp secondClient = make.client(world.editor(), second);

		citizen.post("/api/consents", consent(world, 1));
		String ref = client.get("/api/projects/" + world.project() + "/consented-subjects").json().at("/0/subject_ref")
				.asString();
		String gdata = "/gateway/selfdata/" + world.dataset() + "/" + ref + "/gdata";
		assertThat(client.get(gdata).status()).isEqualTo(200);
		// the other project, with the first project's reference: refused, as for a reference it never had
		for (String path : new String[] { gdata, "/gateway/selfdata/" + world.dataset() + "/sr_nobody/gdata",
				"/gateway/selfdata/" + UUID.randomUUID() + "/" + ref + "/gdata" }) {
			Answer refused = secondClient.get(path);
			assertThat(refused.status()).as(path).isEqualTo(403);
			assertThat(refused.json().get("code").asString()).isEqualTo("KRS-403-CONSENT");
		}
		assertThat(secondClient.get("/api/projects/" + second + "/consented-subjects").json().size()).isZero();
		// the first project, another dataset or a made-up reference: refused
		assertThat(client.get("/gateway/selfdata/" + UUID.randomUUID() + "/" + ref + "/gdata").status()).isEqualTo(403);
		assertThat(client.get("/gateway/selfdata/" + world.dataset() + "/sr_" + "x".repeat(200) + "/gdata").status())
				.isEqualTo(403);
		assertThat(client.get("/gateway/selfdata/" + world.dataset() + "/" + ref + "/tpbc?min-date=yesterday").json()
				.get("code").asString()).isEqualTo("KRS-400-DATES");
		// people (even the project's members and the citizen) do not use this door
		assertThat(world.editor().api(port).get(gdata).json().get("code").asString())
				.isEqualTo("KRS-403-CONSENT-CLIENT");
		assertThat(citizen.get(gdata).status()).isEqualTo(403);
		assertThat(TestHttp.anonymous(port).get(gdata).status()).isEqualTo(401);
		// a project asks only under its own organisation's published treatment, for self-data
		UUID elsewhere = make.make.organization("Ailleurs");
		Person otherEditor = make.make.person("ailleurs");
		make.make.member(elsewhere, otherEditor, "editor");
		String foreign = make.publishedTreatment(otherEditor, elsewhere, "P1Y");
		assertThat(world.editor().api(port).post("/api/projects/" + world.project() + "/consent-requests",
				"{\"treatment_id\": \"" + foreign + "\", \"dataset_id\": \"" + world.dataset() + "\"}").json().get("code")
				.asString()).isEqualTo("KRS-422-CONSENT-CONTROLLER");
		UUID open = make.make.open(world.organization());
		assertThat(world.editor().api(port).post("/api/projects/" + second + "/consent-requests",
				"{\"treatment_id\": \"" + world.treatment() + "\", \"dataset_id\": \"" + open + "\"}").json().get("code")
				.asString()).isEqualTo("KRS-422-CONSENT-DATASET");
		assertThat(world.editor().api(port).post("/api/projects/" + second + "/consent-requests",
				"{\"treatment_id\": \"" + world.treatment() + "\", \"dataset_id\": \"" + world.dataset() + "\"}").json()
				.get("code").asString()).isEqualTo("KRS-409-CONSENT-REQUEST-EXISTS");
	}

	@Test
	void shouldRefuseForgedAndAlteredReceipts() throws Exception {
		ConsentFixtures make = new ConsentFixtures(port);
		World world = make.world("P1Y");
		TestHttp citizen = make.citizenWithData(world.dataset()).api(port);
		String id = citizen.post("/api/consents", consent(world, 1)).json().get("id").asString();
		String jws = citizen.get("/api/consents/" + id + "/receipt").json().get("jws").asString();
		String[] parts = jws.split("\\.");
		JsonNode header = TestHttp.parse(new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8));
		String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);

		// forged: the same claims and key id, signed by another key
		KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
		generator.initialize(2048);
		RSAPrivateKey other = (RSAPrivateKey) generator.generateKeyPair().getPrivate();
		String forged = Jwts.builder().header().keyId(header.get("kid").asString()).type(header.get("typ").asString())
				.and().content(payload.getBytes(StandardCharsets.UTF_8)).signWith(other, Jwts.SIG.RS256).compact();
		assertThat(verify(forged).json().get("code").asString()).isEqualTo("KRS-422-RECEIPT-SIGNATURE");
		// altered: the signature of another receipt, the algorithm downgraded to none, a byte changed
		String none = Base64.getUrlEncoder().withoutPadding().encodeToString(
				"{\"alg\":\"none\",\"typ\":\"kerys-consent-receipt+jwt\"}".getBytes(StandardCharsets.UTF_8));
		String flipped = parts[2].charAt(5) == 'A' ? "B" : "A";
		for (String altered : new String[] { parts[0] + "." + parts[1] + "." + parts[2].substring(0, 5) + flipped
				+ parts[2].substring(6), none + "." + parts[1] + ".", none + "." + parts[1] + ".x" }) {
			Answer refused = verify(altered);
			assertThat(refused.status()).as(altered).isIn(400, 422);
		}
		assertThat(verify("not a receipt").json().get("code").asString()).isEqualTo("KRS-400-RECEIPT");
		assertThat(TestHttp.anonymous(port).post("/api/consents/verify", "{\"jws\": \"" + jws + "\"}").json()
				.get("code").asString()).isEqualTo("ERR-102");
		assertThat(verify(jws).json().get("valid").asBoolean()).isTrue();
		// signed by Kerys, but not a receipt: an access token of a project client
		String token = make.client(world.editor(), world.project()).request("/").build().headers()
				.firstValue("Authorization").orElseThrow().substring(7);
		assertThat(verify(token).json().get("code").asString()).isEqualTo("KRS-422-RECEIPT-SIGNATURE");
	}

	private Answer verify(String receipt) {
		return TestHttp.anonymous(port).post("/api/consents/verify", "{\"receipt\": \"" + receipt + "\"}");
	}

	private static String content(UUID organization) {
		return ConsentFixtures.treatment(organization, "P1Y").replaceFirst("\"organization_id\": \"[^\"]+\",", "");
	}

	private long count(String table) {
		return jdbc.sql("select count(*) from " + table).query(Long.class).single();
	}
}
