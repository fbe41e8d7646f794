package org.kerys.identity.internal;

import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import org.kerys.platform.KerysProperties;
import org.kerys.platform.Mail;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The emails of the accounts pages, in the language of the page the person used. They are sent in the
 * background: whether an email goes out (an account has this address, or not) must not show in how long the
 * page takes to answer.
 */
@Component
class AccountMails {

	private static final Logger log = LoggerFactory.getLogger(AccountMails.class);

	private final Mail mail;
	private final MessageSource messages;
	private final KerysProperties properties;
	private final ExecutorService background = Executors.newFixedThreadPool(2, runnable -> {
		Thread thread = new Thread(runnable, "kerys-account-mail");
		thread.setDaemon(true);
		return thread;
	});

	AccountMails(Mail mail, MessageSource messages, KerysProperties properties) {
		this.mail = mail;
		this.messages = messages;
		this.properties = properties;
	}

	/** The link to verify an address, to a new account. */
	void verification(String to, String login, String code, Locale locale) {
		send(to, "account.mail.verify", locale, login, link("/verify", code), AccountCodes.VERIFY_VALIDITY.toHours());
	}

	/** Someone tried to register with an address that already has an account. */
	void registrationAttempt(String to, String login, Locale locale) {
		send(to, "account.mail.taken", locale, login, properties.baseUrl() + "/login",
				properties.baseUrl() + "/password-reset");
	}

	/** The link to choose a new password. */
	void reset(String to, String login, String code, Locale locale) {
		send(to, "account.mail.reset", locale, login, link("/password-reset/new", code),
				AccountCodes.RESET_VALIDITY.toMinutes());
	}

	/** Runs work in the background, like the emails, so that what it finds does not show in the answer's timing. */
	void later(Runnable work) {
		background.execute(() -> {
			try {
				work.run();
			}
			catch (RuntimeException e) {
				log.error("Account email work failed", e);
			}
		});
	}

	private void send(String to, String key, Locale locale, Object... arguments) {
		String subject = messages.getMessage(key + ".subject", arguments, locale);
		String text = messages.getMessage(key + ".text", arguments, locale);
		later(() -> mail.send(to, subject, text));
	}

	private String link(String path, String code) {
		return UriComponentsBuilder.fromUriString(properties.baseUrl() + path).queryParam("code", code).build()
				.toUriString();
	}

	@PreDestroy
	void stop() throws InterruptedException {
		background.shutdown();
		background.awaitTermination(10, TimeUnit.SECONDS);
	}
}
