package org.kerys.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.kerys.web.Portal.html;
import static org.kerys.web.Portal.id;

import org.junit.jupiter.api.Test;
import org.kerys.KerysHttpTest;
import org.kerys.TestHttp.Answer;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.node.ObjectNode;

@KerysHttpTest
class LanguageTests {

	@LocalServerPort
	int port;

	Portal portal() {
		return new Portal(port);
	}

	@Test
	void shouldSpeakFrenchByDefault() {
		Answer home = portal().page("/");
		assertThat(home.body()).contains("<html lang=\"fr\">").contains("Aller au contenu").contains("Jeux de données");
		assertThat(home.header("Set-Cookie")).isNull();
	}

	@Test
	void shouldSwitchToEnglishWithLangAndRememberIt() {
		Answer english = portal().page("/?lang=en");
		assertThat(english.body()).contains("<html lang=\"en\">").contains("Skip to content").contains("Datasets")
				.doesNotContain("Aller au contenu");
		String cookie = english.header("Set-Cookie");
		assertThat(cookie).startsWith(PortalLocaleResolver.COOKIE + "=en").contains("Path=/").contains("HttpOnly")
				.contains("SameSite=Lax");

		Answer remembered = portal().page("/datasets", "Cookie", cookie.split(";", 2)[0]);
		assertThat(remembered.body()).contains("<html lang=\"en\">").contains("most recently updated first");

		Answer backToFrench = portal().page("/datasets?lang=fr", "Cookie", cookie.split(";", 2)[0]);
		assertThat(backToFrench.body()).contains("<html lang=\"fr\">");
		assertThat(backToFrench.header("Set-Cookie")).startsWith(PortalLocaleResolver.COOKIE + "=fr");
	}

	@Test
	void shouldFollowTheBrowserLanguage() {
		assertThat(portal().page("/", "Accept-Language", "en-GB,en;q=0.9").body()).contains("<html lang=\"en\">")
				.contains("Latest updates");
		assertThat(portal().page("/", "Accept-Language", "de-DE,en;q=0.5").body()).contains("<html lang=\"en\">");
		assertThat(portal().page("/", "Accept-Language", "de-DE").body()).contains("<html lang=\"fr\">");
		assertThat(portal().page("/", "Accept-Language", "fr-CA,en;q=0.8").body()).contains("<html lang=\"fr\">");
	}

	@Test
	void shouldPreferTheChosenLanguageToTheBrowserOne() {
		Answer page = portal().page("/?lang=fr", "Accept-Language", "en");
		assertThat(page.body()).contains("<html lang=\"fr\">");
	}

	@Test
	void shouldIgnoreUnknownLanguages() {
		Answer page = portal().page("/?lang=de");
		assertThat(page.status()).isEqualTo(200);
		assertThat(page.body()).contains("<html lang=\"fr\">");
		assertThat(page.header("Set-Cookie")).isNull();
		assertThat(portal().page("/?lang=%3Cscript%3E").status()).isEqualTo(200);
	}

	@Test
	void shouldKeepThePageAndItsParametersInTheLanguageLinks() {
		Answer page = portal().page("/datasets?page=1");
		assertThat(page.body()).contains("href=\"/datasets?page=1&amp;lang=en\"")
				.contains("href=\"/datasets?page=1&amp;lang=fr\"");
	}

	@Test
	void shouldShowADatasetInTheChosenLanguage() {
		ObjectNode record = portal().publish("Langue");
		String path = "/datasets/" + id(record);

		Answer french = portal().page(path);
		assertThat(french.body()).contains("<html lang=\"fr\">")
				.contains(">Economie</a></td>").contains(">Licence ODbL 1.0</span>")
				.contains("Synopsis de").contains("Données ouvertes").contains("Télécharger")
				.contains("15 janvier 2024").contains("1,2 Mo");

		Answer english = portal().page(path + "?lang=en");
		assertThat(english.body()).contains("<html lang=\"en\">")
				.contains(">Economy</a></td>").contains(">Open Data Commons Open Database License 1.0</span>")
				.doesNotContain("Economie")
				.contains("Synopsis of").contains("Open data").contains("Download")
				.contains("January 15, 2024").contains("1.2 MB")
				// the summary exists in French only: shown in French, and marked so for screen readers
				.contains("lang=\"fr\">Résumé détaillé de");

		// lists sort on the producer's update date: look for the card on each page
		String card = null;
		for (int page = 1; card == null; page++) {
			Answer list = portal().page("/datasets?lang=en&page=" + page);
			assertThat(list.status()).as("dataset not found in the list").isEqualTo(200);
			if (list.body().contains(html(Portal.title(record)))) {
				card = list.body();
			}
		}
		assertThat(card).contains(">Economy</dd>");
	}
}
