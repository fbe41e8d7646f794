package org.kerys.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.kerys.KerysHttpTest;
import org.kerys.PortalSession;
import org.kerys.TestHttp;
import org.kerys.TestHttp.Answer;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The pages that close the gaps of the restricted-data pages, over HTTP as a browser without JavaScript uses them: a
 * project's data page (link a dataset by its id or address, unlink it, ask for data that does not exist yet), the
 * public reuses listed on a dataset's page, and the producer's inbox showing each invalid field of an answer next
 * to it.
 */
@KerysHttpTest
class ProjectDataPagesTests {

	@LocalServerPort
	int port;

	/** A person who signs in to the pages and calls the API with a personal token. */
	record Member(String login, String password, Reusers.Person person) {
	}

	private Member member(String prefix) {
		String login = Reusers.unique(prefix);
		String password = "Kerys-pass " + UUID.randomUUID();
		Answer created = TestHttp.admin(port).post("/api/admin/users", """
				{"login": "%s", "email": "%s@example.org", "password": "%s"}""".formatted(login, login, password));
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		Answer token = TestHttp.basic(port, login, password).post("/api/auth/token", "{\"scopes\": []}");
		assertThat(token.status()).as(token.body()).isEqualTo(201);
		return new Member(login, password, new Reusers.Person(login, token.json().get("token").asString()));
	}

	private PortalSession signIn(Member member) {
		return PortalSession.signIn(port, member.login(), member.password()).orElseThrow();
	}

	private Answer follow(PortalSession session, Answer redirect) {
		assertThat(redirect.status()).as(redirect.body()).isEqualTo(302);
		String location = redirect.header("Location");
		return session.get(location.replaceFirst("^https?://[^/]+", ""));
	}

	@Test
	void shouldLinkADatasetByItsAddressUnlinkItAndAskForMissingData() {
		Reusers make = new Reusers(port);
		UUID producer = make.organization("Producteur");
		String datasetId = make.dataset(producer, false).get("global_id").asString();
		String datasetTitle = TestHttp.admin(port).get("/api/v1/resources/" + datasetId).json()
				.get("resource_title").asString();
		Member owner = member("lieur");
		String project = make.project(owner.person(), "");
		PortalSession session = signIn(owner);

		assertThat(session.get("/projects/" + project).body()).contains("/projects/" + project + "/datasets");
		Answer page = session.get("/projects/" + project + "/datasets");
		assertThat(page.status()).isEqualTo(200);
		assertThat(page.body()).contains("id=\"l-dataset\"", "aria-describedby=\"l-dataset-hint\"");

		// by the address of the dataset's page, as copied from the browser
		Answer linked = session.post("/projects/" + project + "/datasets",
				Map.of("dataset_id", "https://kerys.example.org/datasets/" + datasetId));
		assertThat(linked.header("Location")).endsWith("/projects/" + project + "/datasets");
		Answer after = follow(session, linked);
		assertThat(after.body()).contains("/datasets/" + datasetId, datasetTitle);
		assertThat(owner.person().api(port).get("/api/projects/" + project).json().get("dataset_ids").toString())
				.contains(datasetId);

		Answer unlinked = session.post("/projects/" + project + "/datasets/" + datasetId + "/unlink", Map.of());
		assertThat(follow(session, unlinked).status()).isEqualTo(200);
		assertThat(owner.person().api(port).get("/api/projects/" + project).json().get("dataset_ids").size())
				.isZero();

		// a data request reaches the moderators
		String wanted = Reusers.unique("Comptages vélo");
		Answer asked = session.post("/projects/" + project + "/data-requests",
				Map.of("title", wanted, "description", "Par heure, depuis 2020"));
		assertThat(follow(session, asked).body()).contains(wanted, "Par heure, depuis 2020");
		assertThat(TestHttp.admin(port).get("/api/admin/data-requests?limit=200").body()).contains(wanted);
	}

	@Test
	void shouldShowEachInvalidFieldOfTheDataFormsNextToIt() {
		Member owner = member("formulaires");
		String project = new Reusers(port).project(owner.person(), "");
		PortalSession session = signIn(owner);
		session.get("/projects/" + project + "/datasets");

		Answer notAnId = session.post("/projects/" + project + "/datasets", Map.of("dataset_id", "pas un identifiant"));
		assertThat(notAnId.status()).isEqualTo(400);
		assertThat(notAnId.body()).contains("id=\"l-dataset-error\"", "aria-invalid=\"true\"",
				"aria-describedby=\"l-dataset-error l-dataset-hint\"", "value=\"pas un identifiant\"");

		Answer unknown = session.post("/projects/" + project + "/datasets",
				Map.of("dataset_id", UUID.randomUUID().toString()));
		assertThat(unknown.status()).isEqualTo(404);
		assertThat(unknown.body()).contains("id=\"l-dataset-error\"", "Aucun jeu de données n’a cet identifiant");

		Answer blank = session.post("/projects/" + project + "/data-requests?lang=en",
				Map.of("title", "  ", "description", "Gardé"));
		assertThat(blank.status()).isEqualTo(400);
		assertThat(blank.body()).contains("id=\"d-title-error\"", "aria-describedby=\"d-title-error\"", "Gardé")
				.doesNotContain("id=\"l-dataset-error\"");
		session.get("/projects/" + project + "/datasets?lang=fr");
		Answer tooLong = session.post("/projects/" + project + "/data-requests", Map.of("title", "x".repeat(201)));
		assertThat(tooLong.status()).isEqualTo(400);
		assertThat(tooLong.body()).contains("id=\"d-title-error\"", "trop long");
		assertThat(TestHttp.admin(port).get("/api/admin/data-requests?limit=200").body()).doesNotContain("x".repeat(201));
	}

	@Test
	void shouldKeepAProjectsDataPageToItsMembers() {
		Member owner = member("membre");
		String project = new Reusers(port).project(owner.person(), "");
		PortalSession stranger = signIn(member("intrus"));
		assertThat(stranger.get("/projects/" + project + "/datasets").status()).isEqualTo(403);
		stranger.get("/projects");
		assertThat(stranger.post("/projects/" + project + "/datasets", Map.of("dataset_id", UUID.randomUUID().toString()))
				.status()).isEqualTo(403);
		assertThat(stranger.post("/projects/" + project + "/data-requests", Map.of("title", "Intrusion")).status())
				.isEqualTo(403);
		assertThat(stranger.post("/projects/" + project + "/datasets/" + UUID.randomUUID() + "/unlink", Map.of())
				.status()).isEqualTo(403);
		assertThat(stranger.get("/projects/" + UUID.randomUUID() + "/datasets").status()).isEqualTo(404);
		Answer anonymous = PortalSession.anonymous(port).get("/projects/" + project + "/datasets");
		assertThat(anonymous.status()).isEqualTo(302);
		assertThat(anonymous.header("Location")).contains("/login");
	}

	@Test
	void shouldListThePublicReusesOfADatasetOnItsPage() {
		Reusers make = new Reusers(port);
		UUID producer = make.organization("Producteur");
		String datasetId = make.dataset(producer, false).get("global_id").asString();
		Reusers.Person author = make.person("auteur");
		UUID reuserOrganization = UUID.randomUUID();
		String organizationName = Reusers.unique("Association");
		assertThat(TestHttp.admin(port).post("/api/v1/organizations", "{\"organization_id\": \"" + reuserOrganization
				+ "\", \"organization_name\": \"" + organizationName + "\"}").status()).isEqualTo(201);
		make.member(reuserOrganization, author, "member");
		String shown = make.project(author, ", \"public\": true, \"type\": \"study\", \"owner_organization_id\": \""
				+ reuserOrganization + "\"");
		String personal = make.project(author, ", \"public\": true");
		String hidden = make.project(author, "");
		for (String project : List.of(shown, personal, hidden)) {
			assertThat(author.api(port).post("/api/projects/" + project + "/datasets",
					"{\"dataset_id\": \"" + datasetId + "\"}").status()).isEqualTo(200);
		}
		String title = author.api(port).get("/api/projects/" + shown).json().get("title").asString();
		String personalTitle = author.api(port).get("/api/projects/" + personal).json().get("title").asString();
		String hiddenTitle = author.api(port).get("/api/projects/" + hidden).json().get("title").asString();

		Answer page = PortalSession.anonymous(port).get("/datasets/" + datasetId);
		assertThat(page.status()).isEqualTo(200);
		assertThat(page.body()).contains("id=\"reuses-heading\"", title, "Étude", "par " + organizationName,
				personalTitle, "par " + author.login(), "href=\"/reuses/" + shown + "\"", "/reuses?dataset=" + datasetId)
				.doesNotContain(hiddenTitle);
		assertThat(PortalSession.anonymous(port).get("/reuses?dataset=" + datasetId).body())
				.contains("id=\"reuse-" + shown + "\"", "href=\"/reuses/" + shown + "\"");
		// the reuse's own page: what it is, by whom, the datasets it uses
		assertThat(PortalSession.anonymous(port).get("/reuses/" + shown).body()).contains(title, "Étude",
				"par " + organizationName, "/datasets/" + datasetId);
		assertThat(PortalSession.anonymous(port).get("/datasets/" + datasetId + "?lang=en").body())
				.contains("Reuses of this data", "Study", "by " + organizationName);

		String unused = make.dataset(producer, false).get("global_id").asString();
		assertThat(PortalSession.anonymous(port).get("/datasets/" + unused).body())
				.contains("Aucune réutilisation publique de ce jeu de données").doesNotContain(title);
	}

	@Test
	void shouldShowEachInvalidFieldOfAnAnswerNextToItInTheInbox() {
		Reusers make = new Reusers(port);
		UUID producer = make.organization("Producteur");
		Member editor = member("editeur");
		make.member(producer, editor.person(), "editor");
		Reusers.Person reuser = make.person("demandeur");
		String datasetId = make.dataset(producer, true).get("global_id").asString();
		String project = make.project(reuser, "");
		String request = make.request(reuser, project, datasetId);
		PortalSession session = signIn(editor);
		session.get("/access/inbox?organization=" + producer);

		Answer invalid = session.post("/access/requests/" + request + "/accept", Map.of("end_date", "2020-01-01",
				"rate_limit_per_minute", "beaucoup", "purpose", "Étude gardée"));
		assertThat(invalid.status()).isEqualTo(400);
		assertThat(invalid.body()).contains("id=\"rate-0-error\"", "aria-describedby=\"rate-0-error\"",
				"value=\"beaucoup\"", "Étude gardée").doesNotContain("id=\"rmsg-0-error\"");
		Answer past = session.post("/access/requests/" + request + "/accept", Map.of("end_date", "2020-01-01"));
		assertThat(past.status()).isEqualTo(400);
		assertThat(past.body()).contains("id=\"end-0-error\"", "aria-describedby=\"end-0-error\"",
				"Choisissez une date à venir", "value=\"2020-01-01\"");

		Answer noReason = session.post("/access/requests/" + request + "/reject?lang=en", Map.of("message", " "));
		assertThat(noReason.status()).isEqualTo(400);
		assertThat(noReason.body()).contains("id=\"rmsg-0-error\"", "aria-describedby=\"rmsg-0-error\"")
				.doesNotContain("id=\"end-0-error\"");
		assertThat(reuser.api(port).get("/api/access-requests/" + request).json().get("state").asString())
				.isEqualTo("SUBMITTED");
		session.get("/access/inbox?lang=fr");

		// a refusal about the request itself, not a field, is said above the inbox
		assertThat(follow(session, session.post("/access/requests/" + request + "/reject", Map.of("message", "Non")))
				.body()).contains("La demande est refusée");
		Answer again = session.post("/access/requests/" + request + "/reject", Map.of("message", "Non"));
		assertThat(follow(session, again).body()).contains("déjà reçu une réponse");
		// even with an invalid field: the request's form is no longer there to show it
		Answer late = session.post("/access/requests/" + request + "/accept", Map.of("rate_limit_per_minute", "x"));
		assertThat(follow(session, late).body()).contains("déjà reçu une réponse");
	}
}
