package org.kerys.platform;

import java.util.Properties;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.mail.MailException;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.stereotype.Component;

/**
 * Sends the platform's emails (address verification, password reset, invitations, notifications). With SMTP
 * configured ({@code KERYS_SMTP_HOST}, see the README) they are sent; without, they are written to the log at INFO,
 * links included, so that a fresh installation works without a mail server.
 */
@Component
public class Mail {

	private static final Logger log = LoggerFactory.getLogger(Mail.class);

	private final JavaMailSenderImpl smtp; // null without SMTP
	private final String from;

	Mail(KerysProperties properties, @Value("${kerys.smtp.host:}") String host,
			@Value("${kerys.smtp.port:587}") int port, @Value("${kerys.smtp.username:}") String username,
			@Value("${kerys.smtp.password:}") String password, @Value("${kerys.smtp.starttls:true}") boolean starttls) {
		this.from = properties.mailFrom();
		if (host == null || host.isBlank()) {
			this.smtp = null;
			return;
		}
		this.smtp = new JavaMailSenderImpl();
		smtp.setHost(host.strip());
		smtp.setPort(port);
		if (username != null && !username.isBlank()) {
			smtp.setUsername(username);
			smtp.setPassword(password);
		}
		Properties javaMail = new Properties();
		javaMail.put("mail.smtp.auth", String.valueOf(username != null && !username.isBlank()));
		javaMail.put("mail.smtp.starttls.enable", String.valueOf(starttls));
		javaMail.put("mail.smtp.connectiontimeout", "10000");
		javaMail.put("mail.smtp.timeout", "10000");
		javaMail.put("mail.smtp.writetimeout", "10000");
		smtp.setJavaMailProperties(javaMail);
	}

	/** Whether emails leave the machine (SMTP configured) or only reach the log. */
	public boolean isDelivered() {
		return smtp != null;
	}

	/**
	 * Sends a plain-text email. A delivery failure is logged, not thrown: the caller's action (a registration) stands,
	 * and the person can ask again.
	 */
	public void send(String to, String subject, String text) {
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
