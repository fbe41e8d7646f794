package org.kerys.access.internal;

import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.annotation.PreDestroy;
import org.kerys.identity.OrganizationRole;
import org.kerys.identity.Recipients;
import org.kerys.identity.Recipients.Recipient;
import org.kerys.platform.KerysProperties;
import org.kerys.platform.Mail;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Tells the people concerned about a request or an agreement: a notification in the portal ({@code GET
 * /api/me/notifications}), written with the change, and an email ({@link Mail}: sent when SMTP is configured,
 * logged otherwise), sent in the background once the change is committed, so that a slow mail server neither
 * delays nor undoes the decision.
 */
@Component
class Notifications {

	private final JdbcClient jdbc;
	private final Recipients recipients;
	private final Mail mail;
	private final KerysProperties properties;
	private final ExecutorService background = Executors.newSingleThreadExecutor(runnable -> {
		Thread thread = new Thread(runnable, "kerys-access-mail");
		thread.setDaemon(true);
		return thread;
	});

	Notifications(JdbcClient jdbc, Recipients recipients, Mail mail, KerysProperties properties) {
		this.jdbc = jdbc;
		this.recipients = recipients;
		this.mail = mail;
		this.properties = properties;
	}

	@PreDestroy
	void stop() {
		background.shutdown();
	}

	/** A notification as its recipient reads it. */
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
	 * Notifies each recipient once. {@code path} is the API address of the subject, written into the email as a
	 * link.
	 */
	void tell(Collection<Recipient> to, String kind, String subjectType, UUID subjectId, String text, String path) {
		Map<UUID, Recipient> unique = new LinkedHashMap<>();
		to.forEach(r -> unique.putIfAbsent(r.accountId(), r));
		for (Recipient recipient : unique.values()) {
			jdbc.sql("""
					insert into notifications (id, account_id, kind, subject_type, subject_id, text)
					values (?, ?, ?, ?, ?, ?)""")
					.params(UUID.randomUUID(), recipient.accountId(), kind, subjectType, subjectId, text).update();
		}
		List<Recipient> mailed = unique.values().stream().filter(r -> r.email() != null && !r.email().isBlank()).toList();
		if (mailed.isEmpty()) {
			return;
		}
		String body = text + "\n\n" + properties.baseUrl() + path + "\n";
		Runnable send = () -> background.submit(() -> mailed
				.forEach(r -> mail.send(r.email(), "Kerys: " + kind.replace('.', ' '), "Bonjour " + r.login() + ",\n\n" + body)));
		if (TransactionSynchronizationManager.isSynchronizationActive()) {
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void afterCommit() {
					send.run();
				}
			});
		}
		else {
			send.run();
		}
	}

	/** The account's notifications, newest first. */
	List<Notification> of(UUID accountId, int limit, boolean unreadOnly) {
		return jdbc.sql("""
				select id, kind, subject_type, subject_id, text, created_at, read_at from notifications
				where account_id = ? and (not ? or read_at is null) order by created_at desc, id limit ?""")
				.params(accountId, unreadOnly, limit)
				.query((rs, i) -> new Notification(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
						rs.getObject(4, UUID.class), rs.getString(5), rs.getObject(6, OffsetDateTime.class),
						rs.getObject(7, OffsetDateTime.class)))
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
