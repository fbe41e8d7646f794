package org.kerys.platform;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.mail.MailException;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Component;

/**
 * Sends the platform's emails (address verification, password reset, invitations, notifications). With SMTP
 * configured ({@code KERYS_SMTP_HOST}, see the README) they are sent; without, they are written to the log at INFO,
 * links included, so that a fresh installation works without a mail server.
 */
@Component
public class Mail {

	private static final Logger log = LoggerFactory.getLogger(Mail.class);

	private final ObjectProvider<JavaMailSender> sender; // null without SMTP
	private final String from;

	Mail(ObjectProvider<JavaMailSender> sender, KerysProperties properties,
			@Value("${spring.mail.host:}") String smtpHost) {
		// KERYS_SMTP_HOST unset maps to an empty host, for which Spring Boot still makes a sender: not configured
		this.sender = smtpHost == null || smtpHost.isBlank() ? null : sender;
		this.from = properties.mailFrom();
	}

	/** Whether emails leave the machine (SMTP configured) or only reach the log. */
	public boolean isDelivered() {
		return sender != null && sender.getIfAvailable() != null;
	}

	/**
	 * Sends a plain-text email. A delivery failure is logged, not thrown: the caller's action (a registration) stands,
	 * and the person can ask again.
	 */
	public void send(String to, String subject, String text) {
		JavaMailSender smtp = sender == null ? null : sender.getIfAvailable();
		if (smtp == null) {
			log.info("Email (SMTP not configured) to {}\nSubject: {}\n\n{}\n", to, subject, text);
			return;
		}
		SimpleMailMessage message = new SimpleMailMessage();
		message.setFrom(from);
		message.setTo(to);
		message.setSubject(subject);
		message.setText(text);
		try {
			smtp.send(message);
		}
		catch (MailException e) {
			log.warn("Could not send the email '{}' to {}: {}", subject, to, e.getMessage());
		}
	}
}
