package org.kerys.access.internal;

import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.annotation.PreDestroy;
import org.kerys.identity.OrganizationRole;
import org.kerys.identity.Recipients;
import org.kerys.identity.Recipients.Recipient;
import org.kerys.platform.KerysProperties;
import org.kerys.platform.Mail;
import org.springframework.context.MessageSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Tells the people concerned about a request or an agreement: a notification in the portal ({@code GET
 * /api/me/notifications}), written with the change, and an email ({@link Mail}: sent when SMTP is configured,
 * logged otherwise), sent in the background once the change is committed, so that a slow mail server neither
 * delays nor undoes the decision. The words come from the message bundles ({@code access.notification.<kind>} in
 * {@code i18n/access*.properties}): a notification keeps the words of its subject and is read in the reader's
 * language; an email, whose reader's language Kerys does not know, is in French, then in English.
 */
@Component
class Notifications {

	private static final List<Locale> MAIL_LANGUAGES = List.of(Locale.FRENCH, Locale.ENGLISH);

	private final JdbcClient jdbc;
	private final Recipients recipients;
	private final Mail mail;
	private final KerysProperties properties;
	private final MessageSource messages;
	private final ExecutorService background = Executors.newSingleThreadExecutor(runnable -> {
		Thread thread = new Thread(runnable, "kerys-access-mail");
		thread.setDaemon(true);
		return thread;
	});

	Notifications(JdbcClient jdbc, Recipients recipients, Mail mail, KerysProperties properties,
			MessageSource messages) {
		this.jdbc = jdbc;
		this.recipients = recipients;
		this.mail = mail;
		this.properties = properties;
		this.messages = messages;
	}

	@PreDestroy
	void stop() {
		background.shutdown();
	}

	/** A notification as its recipient reads it, {@code text} in the reader's language. */
	record Notification(UUID id, String kind, @JsonProperty("subject_type") String subjectType,
			@JsonProperty("subject_id") UUID subjectId, String text, @JsonProperty("created_at") OffsetDateTime createdAt,
			@JsonProperty("read_at") OffsetDateTime readAt) {
	}

	/** The project's side: its creator and its owner organisation's members. */
	Collection<Recipient> projectSide(Project project) {
		Map<UUID, Recipient> people = new LinkedHashMap<>();
		recipients.account(project.createdBy()).ifPresent(r -> people.put(r.accountId(), r));
		if (project.ownerOrganizationId() != null) {
			recipients.members(project.ownerOrganizationId(), OrganizationRole.MEMBER)
					.forEach(r -> people.putIfAbsent(r.accountId(), r));
		}
		return people.values();
	}

	/** The producer's side: those who decide, its editors and admins. */
	Collection<Recipient> producerSide(UUID producerId) {
		return recipients.members(producerId, OrganizationRole.EDITOR);
	}

	/**
	 * Notifies each recipient once, in the words of {@code access.notification.<kind>} with {@code arguments} (the
	 * subject's titles and dates, as text), followed by {@code message} (what the person who made the change wrote;
	 * null for none). {@code path} is the API address of the subject, written into the email as a link.
	 */
	void tell(Collection<Recipient> to, String kind, String subjectType, UUID subjectId, String path, String message,
			List<?> arguments) {
		String[] words = arguments.stream().map(String::valueOf).toArray(String[]::new);
		String blank = message == null || message.isBlank() ? null : message.strip();
		write(to, kind, subjectType, subjectId, text(kind, words, blank, Locale.FRENCH), words, blank, path);
	}

	private void write(Collection<Recipient> to, String kind, String subjectType, UUID subjectId, String text,
			String[] arguments, String message, String path) {
		Map<UUID, Recipient> unique = new LinkedHashMap<>();
		to.forEach(r -> unique.putIfAbsent(r.accountId(), r));
		for (Recipient recipient : unique.values()) {
			jdbc.sql("""
					insert into notifications (id, account_id, kind, subject_type, subject_id, text, arguments, message)
					values (?, ?, ?, ?, ?, ?, ?, ?)""")
					.params(UUID.randomUUID(), recipient.accountId(), kind, subjectType, subjectId, text, arguments,
							message)
					.update();
		}
		List<Recipient> mailed = unique.values().stream().filter(r -> r.email() != null && !r.email().isBlank()).toList();
		if (mailed.isEmpty()) {
			return;
		}
		Runnable send = () -> background.submit(() -> mailed.forEach(r -> mail.send(r.email(),
				mailSubject(kind), mailBody(r.login(), kind, text, arguments, message, properties.baseUrl() + path))));
		org.kerys.platform.AfterCommit.run(send);
	}

	/** A notification's words in a language. */
	private String text(String kind, String[] arguments, String message, Locale locale) {
		String text = messages.getMessage("access.notification." + kind, arguments, kind, locale);
		return message == null ? text : messages.getMessage("access.notification.message", new Object[] { text, message },
				locale);
	}

	private String mailSubject(String kind) {
		return MAIL_LANGUAGES.stream().map(l -> messages.getMessage("access.mail.subject." + kind, null, kind, l))
				.distinct().collect(Collectors.joining(" / ", "Kerys : ", ""));
	}

	private String mailBody(String login, String kind, String text, String[] arguments, String message, String link) {
		return MAIL_LANGUAGES.stream()
				.map(l -> messages.getMessage("access.mail.body", new Object[] { login,
						text(kind, arguments, message, l), link }, l))
				.collect(Collectors.joining("\n\n----\n\n"));
	}

	/** The account's notifications, newest first, in the reader's language. */
	List<Notification> of(UUID accountId, int limit, boolean unreadOnly, Locale locale) {
		return jdbc.sql("""
				select id, kind, subject_type, subject_id, text, created_at, read_at, arguments, message
				from notifications where account_id = ? and (not ? or read_at is null)
				order by created_at desc, id limit ?""")
				.params(accountId, unreadOnly, limit)
				.query((rs, i) -> {
					java.sql.Array arguments = rs.getArray(8);
					String text = arguments == null ? rs.getString(5)
							: text(rs.getString(2), (String[]) arguments.getArray(), rs.getString(9), locale);
					return new Notification(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
							rs.getObject(4, UUID.class), text, rs.getObject(6, OffsetDateTime.class),
							rs.getObject(7, OffsetDateTime.class));
				})
				.list();
	}

	/** How many of the account's notifications are unread (the header's link). */
	long unread(UUID accountId) {
		return jdbc.sql("select count(*) from notifications where account_id = ? and read_at is null").param(accountId)
				.query(Long.class).single();
	}

	/** Marks the account's notifications read, up to now. */
	int markRead(UUID accountId) {
		return jdbc.sql("update notifications set read_at = now() where account_id = ? and read_at is null")
				.param(accountId).update();
	}
}
