package org.kerys.consent.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.kerys.KerysHttpTest;
import org.kerys.PortalSession;
import org.kerys.TestHttp;
import org.kerys.TestHttp.Answer;
import org.kerys.consent.ConsentPagesFixtures;
import org.kerys.selfdata.SelfdataFixtures.Person;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * The consent pages over HTTP, as a browser without JavaScript uses them: the treatment forms (every error at its
 * input, the values kept, FR and EN), versions and publication; a project's requests; a citizen's consent request
 * screen, consent, renewal after a new version, withdrawal, export and receipt; and who may not (403, 404, no CSRF).
 */
@KerysHttpTest
class ConsentPagesTests {

	private static final Pattern TREATMENT = Pattern.compile("/treatments/([0-9a-f-]{36})$");

	@LocalServerPort
	int port;

	private PortalSession signIn(Person person) {
		PortalSession session = PortalSession.signIn(port, person.login(), person.password()).orElseThrow();
		session.get("/account");
		return session;
	}

	private static String location(Answer answer) {
		assertThat(answer.status()).as(answer.body()).isIn(302, 303);
		return answer.header("Location").replaceFirst("^https?://[^/]+", "");
	}

	@Test
	void shouldWriteAndPublishATreatmentThroughTheForms() {
		ConsentPagesFixtures make = new ConsentPagesFixtures(port);
		UUID organization = make.organization("Énergie");
		Person editor = make.person("editrice");
		Person member = make.person("membre");
		make.member(organization, editor, "editor");
		make.member(organization, member, "member");
		PortalSession browser = signIn(editor);

		Answer list = browser.get("/treatments");
		assertThat(list.status()).isEqualTo(200);
		assertThat(list.body()).contains("Registre des traitements").contains("id=\"new-treatment-" + organization + "\"");
		Answer form = browser.get("/treatments/new?organization=" + organization);
		assertThat(form.status()).isEqualTo(200);
		assertThat(form.body()).contains("name=\"title_fr\"").contains("name=\"purposes_en\"")
				.contains("<option value=\"P6M\">6 mois</option>").contains("Mission d’intérêt public")
				.contains("name=\"_csrf\"");
		assertThat(browser.get("/treatments/new?lang=en").body()).contains("New treatment").contains("In English")
				.contains("Public task").contains("1 year");
		browser.get("/treatments/new?lang=fr");

		// nothing but a title and a bad address: every error at its input, the values kept
		Answer bad = browser.post("/treatments/new", Map.of("organization_id", organization.toString(), "title_fr",
				"Économies <d’énergie>", "dpo_email", "pas-un-courriel", "purposes_fr", "Mesurer"));
		assertThat(bad.status()).isEqualTo(400);
		assertThat(bad.body()).contains("role=\"alert\"").contains("id=\"e-dpo_email\"").contains("id=\"e-controller_name\"")
				.contains("id=\"e-legal_basis\"").contains("id=\"e-data_categories\"").contains("id=\"e-retention_duration\"")
				.doesNotContain("id=\"e-title\"").doesNotContain("id=\"e-purposes\"")
				.contains("value=\"Économies &lt;d’énergie&gt;\"").contains("value=\"pas-un-courriel\"")
				.contains("n’a pas la forme attendue").contains("Ce champ est obligatoire").contains("href=\"#g-dpo_email\"")
				.contains("aria-describedby=\"e-dpo_email\"");
		assertThat(browser.get("/treatments").body()).doesNotContain("Économies");

		// complete: a draft, then published
		Map<String, String> fields = new HashMap<>(ConsentPagesFixtures.treatmentForm("Économies d’énergie"));
		fields.put("organization_id", organization.toString());
		String path = location(browser.post("/treatments/new", fields));
		Matcher id = TREATMENT.matcher(path);
		assertThat(id.find()).as(path).isTrue();
		String treatment = id.group(1);
		Answer draft = browser.get(path);
		assertThat(draft.body()).contains("Le traitement est enregistré comme brouillon").contains("id=\"publish-form\"")
				.contains("Mesurer les économies d’énergie").contains("Proposer des conseils").contains("1 an")
				.contains("data-status=\"DRAFT\"");
		assertThat(location(browser.post(path + "/versions/1/publish", Map.of()))).isEqualTo(path);
		Answer published = browser.get(path);
		assertThat(published.body()).contains("La version 1 est publiée").contains("data-status=\"PUBLISHED\"")
				.containsPattern("<code class=\"sha256\">[0-9a-f]{64}</code>").contains("id=\"new-version\"")
				.doesNotContain("id=\"publish-form\"");
		assertThat(TestHttp.anonymous(port).get("/api/treatments/" + treatment).json().get("published_version").asInt())
				.isEqualTo(1);

		// a new version starts from the published content; publishing it says what it does to consents
		Answer next = browser.get(path + "/versions/new");
		assertThat(next.status()).isEqualTo(200);
		assertThat(next.body()).contains("value=\"Économies d’énergie\"").contains("Mesurer les économies d’énergie\nProposer des conseils")
				.contains("<option value=\"P1Y\" selected=\"selected\">");
		Map<String, String> changed = new HashMap<>(ConsentPagesFixtures.treatmentForm("Économies d’énergie"));
		changed.put("retention_duration", "P2Y");
		changed.put("transfers_any", "true");
		Answer noDetails = browser.post(path + "/versions/new", changed);
		assertThat(noDetails.status()).isEqualTo(400);
		assertThat(noDetails.body()).contains("id=\"e-transfers_details\"");
		changed.put("transfers_details_fr", "Hébergement au Canada");
		assertThat(location(browser.post(path + "/versions/new", changed))).isEqualTo(path);
		Answer second = browser.get(path);
		assertThat(second.body()).contains("id=\"edit-draft\"").contains("seront invalidés")
				.contains("Hébergement au Canada");
		// the draft is edited with the same form, prefilled; the published version never is
		assertThat(browser.get(path + "/versions/2/edit").body()).contains(">Hébergement au Canada</textarea>");
		changed.put("title_fr", "Économies d’énergie, saison 2");
		assertThat(location(browser.post(path + "/versions/2/edit", changed))).isEqualTo(path);
		assertThat(browser.get(path).body()).contains("Le brouillon (version 2) est enregistré");
		assertThat(location(browser.get(path + "/versions/1/edit"))).isEqualTo(path);
		assertThat(browser.get(path).body()).contains("La version 1 est publiée ou remplacée");
		assertThat(browser.post(path + "/versions/1/edit", changed).status()).isEqualTo(409);
		assertThat(browser.get(path).body()).contains("Une version publiée ne change plus");
		assertThat(location(browser.post(path + "/versions/2/publish", Map.of()))).isEqualTo(path);
		Answer after = browser.get(path + "?lang=en");
		assertThat(after.body()).contains("data-status=\"OBSOLETE\"").contains("La version 2 est publiée").contains("Version in force")
				.contains("Transfers outside the European Union");
		browser.get(path + "?lang=fr");
		assertThat(browser.get("/treatments").body()).contains("Économies d’énergie, saison 2").contains("Publié (version 2)");

		// a member reads, does not write; a stranger sees a draft-only treatment nowhere
		PortalSession reader = signIn(member);
		assertThat(reader.get(path).status()).isEqualTo(200);
		assertThat(reader.get(path).body()).doesNotContain("id=\"new-version\"");
		assertThat(reader.get("/treatments").body()).doesNotContain("id=\"new-treatment-");
		assertThat(reader.get("/treatments/new").status()).isEqualTo(403);
		assertThat(reader.post("/treatments/new", fields).status()).isEqualTo(403);
		assertThat(reader.get(path + "/versions/new").status()).isEqualTo(403);
		assertThat(reader.post(path + "/versions/3/publish", Map.of()).status()).isEqualTo(403);
		fields.put("title_fr", "Brouillon seulement");
		String draftOnly = location(browser.post("/treatments/new", fields));
		PortalSession stranger = signIn(make.person("inconnu"));
		assertThat(stranger.get(draftOnly).status()).isEqualTo(404);
		assertThat(stranger.get("/treatments/pas-un-id").status()).isEqualTo(404);
		assertThat(stranger.get("/treatments").body()).contains("id=\"no-organization\"");
		// without the CSRF token: refused before anything
		assertThat(browser.post(path + "/versions/new", Map.of("_csrf", "faux")).status()).isEqualTo(403);
		// signed out: the login form
		Answer anonymous = PortalSession.anonymous(port).get("/treatments");
		assertThat(anonymous.header("Location")).contains("/login");
	}

	@Test
	void shouldTakeACitizenFromTheRequestToTheirConsentAndBack() throws Exception {
		ConsentPagesFixtures make = new ConsentPagesFixtures(port);
		UUID dataset = make.storeDataset();
		UUID organization = make.organization("Conseils");
		Person editor = make.person("editeur");
		Person member = make.person("porteuse");
		make.member(organization, editor, "editor");
		make.member(organization, member, "member");
		String treatment = make.publishedTreatment(editor, organization);
		String project = make.project(member, organization, "Sobriété " + UUID.randomUUID().toString().substring(0, 6));

		// the project's side: ask through the form (errors at their inputs), then the share link
		PortalSession team = signIn(member);
		Answer page = team.get("/projects/" + project + "/consent-requests");
		assertThat(page.status()).isEqualTo(200);
		assertThat(page.body()).contains("id=\"no-requests\"").contains("Coach énergie (version 1)");
		Answer bad = team.post("/projects/" + project + "/consent-requests",
				Map.of("treatment_id", treatment, "dataset_id", "pas-un-id"));
		assertThat(bad.status()).isEqualTo(400);
		assertThat(bad.body()).contains("id=\"e-dataset_id\"").contains("value=\"pas-un-id\"");
		Answer unknown = team.post("/projects/" + project + "/consent-requests",
				Map.of("treatment_id", treatment, "dataset_id", UUID.randomUUID().toString()));
		assertThat(unknown.status()).isEqualTo(404);
		assertThat(unknown.body()).contains("id=\"e-dataset_id\"").contains("Aucun jeu de données ne porte cet identifiant");
		assertThat(location(team.post("/projects/" + project + "/consent-requests",
				Map.of("treatment_id", treatment, "dataset_id", dataset.toString(), "message", "Merci !"))))
				.isEqualTo("/projects/" + project + "/consent-requests");
		Answer asked = team.get("/projects/" + project + "/consent-requests");
		Matcher share = Pattern.compile("/consent-requests/([0-9a-f-]{36})\"").matcher(asked.body());
		assertThat(share.find()).as(asked.body()).isTrue();
		String request = share.group(1);
		assertThat(asked.body()).contains("La demande est créée").contains("class=\"live-consents\">0<");
		assertThat(team.get("/projects/" + project).body()).contains("/projects/" + project + "/consent-requests");

		// others may not see or use the project's side
		Person citizen = make.citizenWithData(dataset, "citoyenne");
		PortalSession person = signIn(citizen);
		assertThat(person.get("/projects/" + project + "/consent-requests").status()).isEqualTo(403);
		assertThat(person.post("/projects/" + project + "/consent-requests",
				Map.of("treatment_id", treatment, "dataset_id", dataset.toString())).status()).isEqualTo(403);
		assertThat(person.post("/projects/" + project + "/consent-requests/" + request + "/close", Map.of()).status())
				.isEqualTo(403);
		assertThat(person.get("/projects/" + UUID.randomUUID() + "/consent-requests").status()).isEqualTo(404);

		// someone without the data: told why, and the way forward
		PortalSession noData = signIn(make.person("sans-donnees"));
		Answer without = noData.get("/consent-requests/" + request);
		assertThat(without.body()).contains("data-reason=\"no_data\"").contains("/selfdata/datasets/" + dataset + "/request")
				.doesNotContain("id=\"give-consent\"");

		// the citizen reads who asks, why, how long, which data; then consents
		Answer screen = person.get("/consent-requests/" + request);
		assertThat(screen.status()).isEqualTo(200);
		assertThat(screen.body()).contains("vous demande vos données").contains("Coach énergie").contains("Calculer des conseils")
				.contains("Consentement</strong>").contains("jusqu’au").contains("Abonnés")
				.contains("href=\"/datasets/" + dataset + "\"").contains("Association Watt Rennes").contains("dpo@watt.example.org")
				.contains("Merci !").containsPattern("<code class=\"sha256\">[0-9a-f]{64}</code>")
				.contains("id=\"give-consent\"").contains("id=\"no-thanks\"").doesNotContain("request-live-consents");
		assertThat(person.get("/consent-requests/" + request + "?lang=en").body()).contains("I consent")
				.contains("Compute energy-saving advice").contains("until");
		person.get("/consent-requests/" + request + "?lang=fr");
		assertThat(location(person.post("/consent-requests/" + request + "/consent", Map.of("version", "1"))))
				.isEqualTo("/consents");
		Answer mine = person.get("/consents");
		assertThat(mine.body()).contains("Votre consentement à").contains("id=\"live-consents\"")
				.contains("data-status=\"given\"").contains("id=\"given-receipt\"");
		assertThat(person.get("/consent-requests/" + request).body()).contains("data-reason=\"already_given\"");
		assertThat(location(person.post("/consent-requests/" + request + "/consent", Map.of("version", "1"))))
				.isEqualTo("/consent-requests/" + request);
		assertThat(person.get("/consent-requests/" + request).body()).contains("déjà donné votre consentement");
		assertThat(team.get("/projects/" + project + "/consent-requests").body()).contains("class=\"live-consents\">1<");
		String consent = citizen.api(port).get("/api/me/consents").json().get(0).get("id").asString();

		// the receipt, for people: the record, the Kantara view, the JWS
		Answer receipt = person.get("/consents/" + consent + "/receipt");
		assertThat(receipt.status()).isEqualTo(200);
		assertThat(receipt.body()).contains("ISO/IEC TS 27560:2023").contains("KI-CR-v1.1.0").contains("dpv:ConsentGiven")
				.containsPattern("<textarea id=\"jws\"[^>]*>[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+</textarea>")
				.contains("/api/consents/verify").contains("/.well-known/jwks.json");

		// a new version of the treatment: the consent is invalidated, its renewal asked
		make.publishNewVersion(editor, treatment);
		Answer renew = person.get("/consents");
		assertThat(renew.body()).contains("id=\"renewal-asked\"").contains("href=\"/consent-requests/" + request + "\"")
				.contains("id=\"no-live\"");
		assertThat(person.get("/consent-requests/" + request).body()).contains("id=\"renewal-note\"")
				.contains("name=\"version\" value=\"2\"");
		// consenting to the version read before the change is refused, and said
		assertThat(location(person.post("/consent-requests/" + request + "/consent", Map.of("version", "1"))))
				.isEqualTo("/consent-requests/" + request);
		assertThat(person.get("/consent-requests/" + request).body()).contains("Le traitement a changé depuis que vous avez lu");
		assertThat(location(person.post("/consent-requests/" + request + "/consent", Map.of("version", "2"))))
				.isEqualTo("/consents");
		Answer renewed = person.get("/consents");
		assertThat(renewed.body()).contains("data-status=\"renewed\"").contains("data-status=\"invalidated\"")
				.doesNotContain("id=\"renewal-asked\"");

		// export: a JSON file with every consent, every event and its receipt
		Answer export = person.get("/consents/export.json");
		assertThat(export.status()).isEqualTo(200);
		assertThat(export.header("Content-Disposition")).contains("attachment").contains(".json");
		JsonNode history = export.json();
		assertThat(history.get("consents")).hasSize(2);
		assertThat(history.at("/consents/0/receipts/0/jws").asString()).matches("[^.]+\\.[^.]+\\.[^.]+");

		// withdraw: from the list, at once; then nothing left to withdraw
		String live = citizen.api(port).get("/api/me/consents").json().get(0).get("id").asString();
		assertThat(location(person.post("/consents/" + live + "/withdraw", Map.of()))).isEqualTo("/consents");
		Answer withdrawn = person.get("/consents");
		assertThat(withdrawn.body()).contains("est retiré").contains("data-status=\"withdrawn\"").contains("id=\"no-live\"");
		assertThat(location(person.post("/consents/" + live + "/withdraw", Map.of()))).isEqualTo("/consents");
		assertThat(person.get("/consents").body()).contains("plus en cours");
		Answer events = person.get("/consents/" + live + "/receipt");
		assertThat(events.body()).contains("dpv:ConsentWithdrawn").contains("id=\"events\"");
		String firstEvent = citizen.api(port).get("/api/consents/" + live).json().at("/events/0/id").asString();
		assertThat(person.get("/consents/" + live + "/receipt?event=" + firstEvent).body()).contains("dpv:RenewedConsentGiven");
		assertThat(team.get("/projects/" + project + "/consent-requests").body()).contains("class=\"live-consents\">0<");

		// another's consent is nobody else's business: 404; without the CSRF token: 403
		assertThat(noData.get("/consents/" + live + "/receipt").status()).isEqualTo(404);
		assertThat(noData.post("/consents/" + consent + "/withdraw", Map.of()).status()).isEqualTo(404);
		assertThat(noData.get("/consents/pas-un-id/receipt").status()).isEqualTo(404);
		assertThat(noData.get("/consent-requests/" + UUID.randomUUID()).status()).isEqualTo(404);
		assertThat(person.post("/consents/" + live + "/withdraw", Map.of("_csrf", "faux")).status()).isEqualTo(403);

		// the project closes its request: nobody may consent any more
		assertThat(location(team.post("/projects/" + project + "/consent-requests/" + request + "/close", Map.of())))
				.isEqualTo("/projects/" + project + "/consent-requests");
		assertThat(person.get("/consent-requests/" + request).body()).contains("data-reason=\"closed\"");
	}
}
