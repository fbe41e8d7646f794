package org.kerys.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.kerys.KerysHttpTest;
import org.kerys.TestHttp;
import org.kerys.TestHttp.Answer;
import org.kerys.access.Reusers.Person;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Reuse projects: declared, edited by their members, shown as reuses when public, moderated; data requests. */
@KerysHttpTest
class ProjectsTests {

	@LocalServerPort
	int port;

	@Test
	void shouldDeclareAndEditAProjectForItsMembersOnly() {
		Reusers make = new Reusers(port);
		Person creator = make.person("createur");
		Person colleague = make.person("collegue");
		Person stranger = make.person("inconnu");
		UUID organization = make.organization("Bureau d'études");
		make.member(organization, creator, "member");
		make.member(organization, colleague, "member");
		Answer created = creator.api(port).post("/api/projects", """
				{"title": "Carte des arrêts", "description": "Une application", "type": "application",
				 "themes": ["economy"], "expected_start": "2027-01-01", "expected_end": "2027-12-31",
				 "contact": "contact@example.org", "public": false, "owner_organization_id": "%s"}"""
				.formatted(organization));
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		String id = created.json().get("id").asString();
		assertThat(created.header("Location")).endsWith("/api/projects/" + id);
		assertThat(created.json().get("owner_organization_id").asString()).isEqualTo(organization.toString());
		assertThat(created.json().get("public").asBoolean()).isFalse();

		// the owner organisation's members are the project's members
		assertThat(colleague.api(port).get("/api/projects").json().findValuesAsString("id")).contains(id);
		Answer patched = colleague.api(port).send(colleague.api(port).request("/api/projects/" + id)
				.header("Content-Type", "application/json")
				.method("PATCH", java.net.http.HttpRequest.BodyPublishers.ofString("{\"title\": \"Carte des arrêts v2\"}")));
		assertThat(patched.status()).as(patched.body()).isEqualTo(200);
		assertThat(patched.json().get("title").asString()).isEqualTo("Carte des arrêts v2");
		assertThat(patched.json().get("description").asString()).isEqualTo("Une application");
		Answer put = creator.api(port).put("/api/projects/" + id, "{\"title\": \"Remplacé\", \"type\": \"study\"}");
		assertThat(put.status()).as(put.body()).isEqualTo(200);
		assertThat(put.json().get("description").asString()).isEmpty();
		assertThat(put.json().has("owner_organization_id") && !put.json().get("owner_organization_id").isNull()).isFalse();

		Answer refused = stranger.api(port).get("/api/projects/" + id);
		assertThat(refused.status()).isEqualTo(403);
		assertThat(refused.json().get("code").asString()).isEqualTo("KRS-403-PROJECT");
		assertThat(stranger.api(port).put("/api/projects/" + id, "{\"title\": \"x\", \"type\": \"study\"}").status())
				.isEqualTo(403);
		assertThat(stranger.api(port).get("/api/projects").json().findValuesAsString("id")).doesNotContain(id);
		assertThat(TestHttp.anonymous(port).get("/api/projects/" + id).status()).isEqualTo(401);
		assertThat(creator.api(port).get("/api/projects/pas-un-uuid").json().get("code").asString())
				.isEqualTo("KRS-404-PROJECT");
	}

	@Test
	void shouldRefuseBadProjects() {
		Reusers make = new Reusers(port);
		Person creator = make.person("createur");
		Answer empty = creator.api(port).post("/api/projects", "{}");
		assertThat(empty.status()).isEqualTo(400);
		assertThat(empty.json().get("errors").findValuesAsString("field")).containsExactlyInAnyOrder("title", "type");
		Answer wrong = creator.api(port).post("/api/projects", """
				{"title": " ", "type": "jeu", "themes": ["pas-un-theme"], "expected_start": "2027-02-01",
				 "expected_end": "2027-01-01"}""");
		assertThat(wrong.status()).isEqualTo(400);
		assertThat(wrong.json().get("errors")).extracting(e -> e.get("field").asString() + " " + e.get("code").asString())
				.containsExactlyInAnyOrder("title ERR-308", "type ERR-302", "themes[0] ERR-302", "expected_end ERR-303");
		Answer notMine = creator.api(port).post("/api/projects", "{\"title\": \"x\", \"type\": \"other\", "
				+ "\"owner_organization_id\": \"" + make.organization("Pas la mienne") + "\"}");
		assertThat(notMine.status()).isEqualTo(403);
		assertThat(notMine.json().get("code").asString()).isEqualTo("KRS-403-ORGANIZATION");
		assertThat(creator.api(port).post("/api/projects", "{\"title\": 3").status()).isEqualTo(400);
	}

	@Test
	void shouldShowPublicProjectsAsReusesUnlessAModeratorHidesThem() {
		Reusers make = new Reusers(port);
		Person creator = make.person("createur");
		Person moderator = make.person("moderateur", "moderator");
		String dataset = make.dataset(UUID.randomUUID(), false).get("global_id").asString();
		String shown = make.project(creator, ", \"public\": true");
		String hidden = make.project(creator, ", \"public\": false");
		for (String project : new String[] { shown, hidden }) {
			Answer linked = creator.api(port).post("/api/projects/" + project + "/datasets",
					"{\"dataset_id\": \"" + dataset + "\"}");
			assertThat(linked.status()).as(linked.body()).isEqualTo(200);
		}
		Answer reuses = TestHttp.anonymous(port).get("/api/datasets/" + dataset + "/reuses");
		assertThat(reuses.status()).as(reuses.body()).isEqualTo(200);
		assertThat(reuses.json().findValuesAsString("id")).containsExactly(shown);
		assertThat(reuses.json().at("/0/datasets/0/global_id").asString()).isEqualTo(dataset);
		assertThat(reuses.json().at("/0/datasets/0/title").asString()).startsWith("Données");
		assertThat(TestHttp.anonymous(port).get("/api/reuses?limit=200").json().findValuesAsString("id")).contains(shown)
				.doesNotContain(hidden);
		// each shown reuse has its own page and API entry; a private one is not found there
		Answer one = TestHttp.anonymous(port).get("/api/reuses/" + shown);
		assertThat(one.status()).as(one.body()).isEqualTo(200);
		assertThat(one.json().get("title").asString()).startsWith("Projet");
		assertThat(one.json().at("/datasets/0/global_id").asString()).isEqualTo(dataset);
		assertThat(TestHttp.anonymous(port).get("/api/reuses/" + hidden).json().get("code").asString())
				.isEqualTo("KRS-404-PROJECT");
		assertThat(TestHttp.anonymous(port).get("/api/reuses/not-an-id").status()).isEqualTo(404);
		Answer page = TestHttp.anonymous(port).get("/reuses/" + shown, "Accept", "text/html");
		assertThat(page.status()).as(page.body()).isEqualTo(200);
		assertThat(page.body()).contains(one.json().get("title").asString())
				.contains(one.json().at("/datasets/0/title").asString()).contains("/datasets/" + dataset)
				.contains(creator.login());
		assertThat(TestHttp.anonymous(port).get("/reuses", "Accept", "text/html").body()).contains("/reuses/" + shown);
		assertThat(TestHttp.anonymous(port).get("/reuses/" + hidden, "Accept", "text/html").status()).isEqualTo(404);

		assertThat(creator.api(port).post("/api/admin/projects/" + shown + "/moderation", "{\"decision\": \"reject\"}")
				.status()).isEqualTo(403);
		Answer rejected = moderator.api(port).post("/api/admin/projects/" + shown + "/moderation",
				"{\"decision\": \"reject\"}");
		assertThat(rejected.status()).as(rejected.body()).isEqualTo(200);
		assertThat(TestHttp.anonymous(port).get("/api/reuses/" + shown).status()).isEqualTo(404);
		assertThat(TestHttp.anonymous(port).get("/reuses/" + shown, "Accept", "text/html").status()).isEqualTo(404);
		assertThat(TestHttp.anonymous(port).get("/api/datasets/" + dataset + "/reuses").json().size()).isZero();
		assertThat(moderator.api(port).get("/api/admin/projects?moderation=rejected").json().findValuesAsString("id"))
				.contains(shown);
		assertThat(moderator.api(port).post("/api/admin/projects/" + shown + "/moderation", "{\"decision\": \"peut-être\"}")
				.status()).isEqualTo(400);
		moderator.api(port).post("/api/admin/projects/" + shown + "/moderation", "{\"decision\": \"approve\"}");
		assertThat(TestHttp.anonymous(port).get("/api/datasets/" + dataset + "/reuses").json().findValuesAsString("id"))
				.containsExactly(shown);

		assertThat(creator.api(port).delete("/api/projects/" + shown + "/datasets/" + dataset).status()).isEqualTo(204);
		assertThat(TestHttp.anonymous(port).get("/api/datasets/" + dataset + "/reuses").json().size()).isZero();
		assertThat(TestHttp.anonymous(port).get("/api/datasets/" + UUID.randomUUID() + "/reuses").json().get("code")
				.asString()).isEqualTo("ERR-104");
		assertThat(creator.api(port).post("/api/projects/" + shown + "/datasets", "{\"dataset_id\": \"" + UUID.randomUUID()
				+ "\"}").json().get("code").asString()).isEqualTo("ERR-104");
	}

	@Test
	void shouldTakeDataRequestsToTheModerators() {
		Reusers make = new Reusers(port);
		Person creator = make.person("createur");
		Person moderator = make.person("moderateur", "moderator");
		String project = make.project(creator, "");
		Answer asked = creator.api(port).post("/api/projects/" + project + "/data-requests",
				"{\"title\": \"Comptages vélo horaires\", \"description\": \"Par compteur\"}");
		assertThat(asked.status()).as(asked.body()).isEqualTo(201);
		String id = asked.json().get("id").asString();
		assertThat(creator.api(port).post("/api/projects/" + project + "/data-requests", "{}").json().get("code")
				.asString()).isEqualTo("ERR-202");
		assertThat(make.person("autre").api(port).post("/api/projects/" + project + "/data-requests",
				"{\"title\": \"x\"}").status()).isEqualTo(403);
		Answer listed = moderator.api(port).get("/api/admin/data-requests?limit=200");
		assertThat(listed.status()).as(listed.body()).isEqualTo(200);
		assertThat(listed.json().findValuesAsString("id")).contains(id);
		assertThat(creator.api(port).get("/api/admin/data-requests").status()).isEqualTo(403);
		assertThat(TestHttp.admin(port).get("/api/admin/data-requests").status()).isEqualTo(200);
	}

	@Test
	void shouldDescribeTheEndpointsInOpenApi() {
		var paths = TestHttp.anonymous(port).get("/v3/api-docs").json().get("paths");
		assertThat(paths.at("/~1api~1projects/post/summary").asString()).isEqualTo("Declare a reuse project");
		assertThat(paths.at("/~1api~1access-requests~1{id}~1accept/post/summary").asString())
				.isEqualTo("Accept an access request, with conditions");
		assertThat(paths.at("/~1api~1agreements~1{id}~1policy/get/summary").asString())
				.isEqualTo("The agreement as an ODRL 2.2 policy (JSON-LD)");
	}
}
