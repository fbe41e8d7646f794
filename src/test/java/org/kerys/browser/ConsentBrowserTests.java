package org.kerys.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.kerys.TestHttp;
import org.kerys.TestHttp.Answer;
import org.kerys.consent.ConsentPagesFixtures;
import org.kerys.selfdata.SelfdataFixtures.Person;
import org.openqa.selenium.support.ui.Select;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The whole consent path through the pages, in the browser, axe-core on every consent page reached: an
 * organisation's editor writes and publishes a treatment; a member of the same organisation asks citizens, for the
 * organisation's project, for a self-data dataset's data; a citizen who holds their data in the built-in store
 * reads the request screen and consents; the project's client fetches the citizen's data through the gateway; the
 * citizen sees that fetch under the project's name, withdraws, and the client's next fetch is refused; the receipt
 * shows its JWS.
 * <p>
 * The pages' hooks: {@code #new-treatment-<organisation>}, the form's {@code #f-<field>} inputs and
 * {@code button#save-treatment}, {@code #e-<field>} errors; {@code button#publish}, {@code #published-version};
 * {@code a#consent-requests} on the project page, {@code #f-treatment_id}, {@code #f-dataset_id},
 * {@code button#ask-citizens}, {@code input.share-link}; {@code button#give-consent}; {@code table#live-consents},
 * {@code button.withdraw}; {@code a#given-receipt}, {@code textarea#jws}.
 */
@BrowserTest
class ConsentBrowserTests {

	@RegisterExtension
	static final Chromium browser = new Chromium();

	@LocalServerPort
	int port;

	@Test
	void aTreatmentIsPublishedACitizenConsentsTheProjectFetchesAndTheWithdrawalStopsIt() throws Exception {
		ConsentPagesFixtures make = new ConsentPagesFixtures(port);
		UUID organization = make.organization("Watt");
		Person editor = make.person("editrice");
		Person member = make.person("porteur");
		make.member(organization, editor, "editor");
		make.member(organization, member, "member");
		String title = "Coach énergie " + UUID.randomUUID().toString().substring(0, 6);
		String project = make.project(member, organization, title);
		UUID dataset = make.storeDataset();
		Person citizen = make.citizenWithData(dataset, "abonnee");

		// the editor writes the treatment: errors first, then every field, then publishes it
		Site site = new Site(browser, port).signIn(editor.login(), editor.password()).openAndCheck("/treatments");
		site.click("#new-treatment-" + organization);
		site.waitFor("#treatment-form");
		Axe.check(site.driver());
		site.click("#save-treatment");
		site.waitFor("#e-title");
		Axe.check(site.driver());
		assertThat(site.find("#f-title_fr").getAttribute("aria-invalid")).isEqualTo("true");
		Map<String, String> fields = ConsentPagesFixtures.treatmentForm("Conseils d’énergie");
		fields.forEach((name, value) -> {
			if (!name.equals("legal_basis") && !name.equals("retention_duration")) {
				site.find("#f-" + name).clear();
				site.find("#f-" + name).sendKeys(value);
			}
		});
		new Select(site.find("#f-legal_basis")).selectByValue("consent");
		new Select(site.find("#f-retention_duration")).selectByValue("P1Y");
		site.click("#save-treatment");
		site.waitFor("#publish");
		Axe.check(site.driver());
		String treatmentPage = site.driver().getCurrentUrl();
		site.click("#publish");
		site.waitFor("#new-version");
		Axe.check(site.driver());
		assertThat(site.find("#published-version").getText()).isEqualTo("1");
		site.openAndCheck(treatmentPage.replace(site.url(""), "") + "?lang=en");
		site.open("/treatments?lang=fr");

		// a member of the organisation asks, for its project, the citizens' data of the dataset
		site.signIn(member.login(), member.password()).openAndCheck("/projects/" + project);
		site.click("#consent-requests");
		site.waitFor("#ask-form");
		Axe.check(site.driver());
		assertThat(new Select(site.find("#f-treatment_id")).getFirstSelectedOption().getText()).contains("Conseils d’énergie");
		site.find("#f-dataset_id").sendKeys("pas-un-id");
		site.click("#ask-citizens");
		site.waitFor("#e-dataset_id");
		Axe.check(site.driver());
		site.find("#f-dataset_id").clear();
		site.find("#f-dataset_id").sendKeys(dataset.toString());
		site.click("#ask-citizens");
		site.waitFor("input.share-link");
		Axe.check(site.driver());
		String share = site.find("input.share-link").getAttribute("value");
		assertThat(share).matches(".*/consent-requests/[0-9a-f-]{36}");
		String requestPath = share.replaceFirst("^https?://[^/]+", "");

		// the citizen reads who asks, why, for how long, which data; consents
		site.signIn(citizen.login(), citizen.password()).openAndCheck(requestPath);
		assertThat(site.find("#purposes").getText()).contains("Mesurer les économies d’énergie");
		assertThat(site.find("#until").getText()).contains("jusqu’au");
		assertThat(site.find("#dataset-link").getAttribute("href")).endsWith("/datasets/" + dataset);
		site.openAndCheck(requestPath + "?lang=en");
		site.open(requestPath + "?lang=fr");
		site.click("#give-consent");
		site.waitFor("#live-consents");
		Axe.check(site.driver());
		assertThat(site.find("#live-consents").getText()).contains(title);

		// the project's client fetches the citizen's data, named by the project's reference only
		TestHttp client = make.projectClient(member, project);
		Answer subjects = client.get("/api/projects/" + project + "/consented-subjects");
		assertThat(subjects.status()).as(subjects.body()).isEqualTo(200);
		String subject = subjects.json().get(0).get("subject_ref").asString();
		String gdata = "/gateway/selfdata/" + dataset + "/" + subject + "/gdata";
		Answer fetched = client.get(gdata);
		assertThat(fetched.status()).as(fetched.body()).isEqualTo(200);
		assertThat(fetched.body()).contains("Saint-Malo");

		// the citizen sees that fetch, under the project's name
		site.openAndCheck("/selfdata/accesses");
		assertThat(site.findAll("#accesses tr.access").stream()
				.filter(r -> "SERVICE".equals(r.getAttribute("data-actor-kind")) && r.getText().contains(title))
				.count()).isGreaterThanOrEqualTo(1);

		// the receipt shows its JWS
		site.openAndCheck("/consents");
		site.click("#live-consents a.receipt-link");
		site.waitFor("#jws");
		Axe.check(site.driver());
		assertThat(site.find("#jws").getAttribute("value")).matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");
		assertThat(site.find("#consent-record").getText()).contains("ISO/IEC TS 27560:2023");

		// withdrawn: the client's very next fetch is refused
		site.openAndCheck("/consents");
		site.click("#live-consents button.withdraw");
		site.waitFor("#notice");
		Axe.check(site.driver());
		assertThat(site.find("#history").getText()).contains(title);
		Answer refused = client.get(gdata);
		assertThat(refused.status()).as(refused.body()).isEqualTo(403);
		site.openAndCheck("/consents?lang=en");
		site.open("/consents?lang=fr");
	}
}
