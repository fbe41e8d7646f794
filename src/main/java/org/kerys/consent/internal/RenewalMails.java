package org.kerys.consent.internal;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.kerys.identity.Recipients;
import org.kerys.identity.Recipients.Recipient;
import org.kerys.platform.AfterCommit;
import org.kerys.platform.KerysProperties;
import org.kerys.platform.Mail;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Asks citizens whose consents a new treatment version invalidated to renew them: an email (when SMTP is configured;
 * logged otherwise), in French then English since Kerys does not know the reader's language, sent in the background
 * once the publication is committed. The portal's "My consents" shows the same request ({@code renewal_asked}).
 */
@Component
class RenewalMails implements DisposableBean {

	private final Recipients recipients;
	private final Mail mail;
	private final String link;
	private final ExecutorService background = Executors.newSingleThreadExecutor(runnable -> {
		Thread thread = new Thread(runnable, "kerys-consent-mail");
		thread.setDaemon(true);
		return thread;
	});

	RenewalMails(Recipients recipients, Mail mail, KerysProperties properties) {
		this.recipients = recipients;
		this.mail = mail;
		this.link = properties.baseUrl() + "/consents";
	}

	/** After the current transaction commits, tells these accounts that a treatment they consented to changed. */
	void ask(Collection<UUID> accounts, String treatmentTitle) {
		Set<UUID> unique = new LinkedHashSet<>(accounts);
		if (unique.isEmpty()) {
			return;
		}
		Runnable send = () -> background.submit(() -> {
			List<Recipient> to = unique.stream().map(recipients::account).flatMap(java.util.Optional::stream)
					.filter(r -> r.email() != null && !r.email().isBlank()).filter(Objects::nonNull).toList();
			to.forEach(r -> mail.send(r.email(), "Votre consentement est à renouveler / Your consent needs renewing",
					body(r.login(), treatmentTitle)));
		});
		AfterCommit.run(send);
	}

	private String body(String login, String title) {
		return """
				Bonjour %1$s,

				Le traitement « %2$s », pour lequel vous aviez consenti au partage de vos données, a changé. Votre \
				consentement n'est plus valable : le service ne reçoit plus vos données. Si vous le souhaitez, \
				renouvelez-le après avoir lu la nouvelle version : %3$s

				Hello %1$s,

				The processing "%2$s", to which you had consented to share your data, has changed. Your consent no \
				longer holds: the service no longer receives your data. If you wish, renew it after reading the new \
				version: %3$s
				""".formatted(login, title, link);
	}

	@Override
	public void destroy() {
		background.shutdown();
	}
}
