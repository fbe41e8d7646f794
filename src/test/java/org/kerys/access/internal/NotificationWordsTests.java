package org.kerys.access.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.kerys.KerysHttpTest;
import org.kerys.PortalSession;
import org.kerys.TestHttp;
import org.kerys.TestHttp.Answer;
import org.kerys.identity.AccountReferences;
import org.kerys.identity.Recipients;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The words of notifications come from the message bundles: read in the reader's language through the API and the
 * notifications page, and emailed in French then English. Here in {@code access.internal} to notify without a whole
 * access request (the flow tests cover who is told when).
 */
@KerysHttpTest
@ExtendWith(OutputCaptureExtension.class)
class NotificationWordsTests {

	@LocalServerPort
	int port;

	@Autowired
	Notifications notifications;

	@Autowired
	Recipients recipients;

	@Autowired
	AccountReferences accounts;

	@Test
	void shouldWriteANotificationInTheReadersLanguageFromTheBundles(CapturedOutput output) throws Exception {
		String login = "lecteur-" + UUID.randomUUID().toString().substring(0, 8);
		String password = "Kerys-pass " + UUID.randomUUID();
		Answer created = TestHttp.admin(port).post("/api/admin/users", """
				{"login": "%s", "email": "%s@example.org", "password": "%s"}""".formatted(login, login, password));
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		Recipients.Recipient reader = recipients.account(accounts.idOf(login).orElseThrow()).orElseThrow();
		UUID subject = UUID.randomUUID();

		notifications.tell(List.of(reader, reader), "access_request.accepted", "agreement", subject,
				"/api/agreements/" + subject, "Bonne étude", List.of("Vélos <b>", "Comptages", LocalDate.of(2027, 6, 30)));

		Answer token = TestHttp.basic(port, login, password).post("/api/auth/token", "{\"scopes\": []}");
		assertThat(token.status()).as(token.body()).isEqualTo(201);
		TestHttp api = TestHttp.anonymous(port).withHeader("Authorization",
				"Bearer " + token.json().get("token").asString());
		assertThat(api.get("/api/me/notifications").status()).isEqualTo(200);
		Answer french = api.get("/api/me/notifications");
		assertThat(french.json().size()).as("told once").isEqualTo(1);
		assertThat(french.json().get(0).get("text").asString()).isEqualTo(
				"Accès accordé au projet « Vélos <b> » pour « Comptages » jusqu’au 2027-06-30. Message : « Bonne étude »");
		assertThat(api.get("/api/me/notifications", "Accept-Language", "en").json().get(0).get("text").asString())
				.isEqualTo("Access granted to the project “Vélos <b>” for “Comptages” until 2027-06-30. Message: “Bonne étude”");

		PortalSession session = PortalSession.signIn(port, login, password).orElseThrow();
		assertThat(session.get("/account/notifications?lang=en").body())
				.contains("Access granted to the project “Vélos &lt;b&gt;”").doesNotContain("Vélos <b>");

		// the email leaves in the background
		for (int i = 0; i < 100 && !output.getAll().contains("to " + login + "@example.org"); i++) {
			Thread.sleep(100);
		}
		String mail = output.getAll().substring(output.getAll().lastIndexOf("to " + login + "@example.org"));
		assertThat(mail).contains("Subject: Kerys : demande d’accès acceptée / access request accepted",
				"Bonjour " + login, "Hello " + login, "jusqu’au 2027-06-30", "until 2027-06-30",
				"/api/agreements/" + subject);
	}
}
