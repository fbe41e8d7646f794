package org.kerys.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.kerys.KerysHttpTest;
import org.kerys.TestHttp;
import org.kerys.TestHttp.Answer;
import org.springframework.boot.test.web.server.LocalServerPort;

@KerysHttpTest
class ErrorPagesTests {

	@LocalServerPort
	int port;

	Portal portal() {
		return new Portal(port);
	}

	@Test
	void shouldAnswerAnUnknownDatasetWithA404Page() {
		Answer page = portal().page("/datasets/" + UUID.randomUUID());
		assertThat(page.status()).isEqualTo(404);
		assertThat(page.header("Content-Type")).startsWith("text/html");
		assertThat(page.body()).contains("<html lang=\"fr\">").contains("<h1>Page introuvable</h1>")
				.contains("href=\"/search\"");
		assertHarmless(page);
	}

	@Test
	void shouldKeepTheSignedInHeaderOnErrorPages() {
		org.kerys.PortalSession admin = org.kerys.PortalSession.signIn(port, "admin", TestHttp.ADMIN_PASSWORD).orElseThrow();
		Answer page = admin.get("/datasets/" + UUID.randomUUID());
		assertThat(page.status()).isEqualTo(404);
		assertThat(page.body()).contains("href=\"/account\"").doesNotContain("href=\"/login\"");
	}

	@Test
	void shouldAnswerAMalformedIdWithA404Page() {
		for (String id : new String[] { "not-a-uuid", "1-2-3-4-5", "%3Cscript%3E", "x.ttl" }) {
			Answer page = portal().page("/datasets/" + id);
			assertThat(page.status()).as(id).isEqualTo(404);
			assertThat(page.header("Content-Type")).startsWith("text/html");
			assertThat(page.body()).contains("Page introuvable");
			assertHarmless(page);
		}
	}

	@Test
	void shouldAnswerAnUnknownPathWithA404PageForPeopleAndAProblemForMachines() {
		Answer page = portal().page("/no-such-page");
		assertThat(page.status()).isEqualTo(404);
		assertThat(page.header("Content-Type")).startsWith("text/html");
		assertThat(page.body()).contains("Page introuvable");
		assertHarmless(page);
		Answer machine = TestHttp.anonymous(port).get("/no-such-page", "Accept", "application/json");
		assertThat(machine.status()).isEqualTo(404);
		assertThat(machine.json().get("code").asString()).isEqualTo("KRS-404");
	}

	@Test
	void shouldAnswerABadPageNumberWithA400Page() {
		Answer page = portal().page("/datasets?page=abc");
		assertThat(page.status()).isEqualTo(400);
		assertThat(page.header("Content-Type")).startsWith("text/html");
		assertThat(page.body()).contains("Demande incorrecte");
		assertHarmless(page);
	}

	@Test
	void shouldShowErrorPagesInEnglishToo() {
		Answer page = portal().page("/datasets/" + UUID.randomUUID() + "?lang=en");
		assertThat(page.status()).isEqualTo(404);
		assertThat(page.body()).contains("<html lang=\"en\">").contains("Page not found");
	}

	@Test
	void shouldStillAnswerTheApiWithProblems() {
		Answer api = TestHttp.anonymous(port).get("/api/v1/resources/" + UUID.randomUUID());
		assertThat(api.status()).isEqualTo(404);
		assertThat(api.header("Content-Type")).startsWith("application/problem+json");
	}

	private static void assertHarmless(Answer page) {
		assertThat(page.body()).doesNotContain("Exception").doesNotContain("at org.").doesNotContain("<script");
	}
}
