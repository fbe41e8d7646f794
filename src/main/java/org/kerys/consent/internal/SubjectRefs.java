package org.kerys.consent.internal;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * How a project names a citizen: a random reference ({@code sr_} and 128 random bits), one per project and
 * account, so that two projects cannot link their subjects and none learns the login.
 */
@Repository
class SubjectRefs {

	private static final SecureRandom random = new SecureRandom();

	private final JdbcClient jdbc;

	SubjectRefs(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** The account's reference for this project, made on first use. */
	String of(UUID projectId, UUID accountId) {
		byte[] bytes = new byte[16];
		random.nextBytes(bytes);
		String fresh = "sr_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
		jdbc.sql("""
				insert into consent_subject_refs (project_id, account_id, subject_ref) values (?, ?, ?)
				on conflict (project_id, account_id) do nothing""").params(projectId, accountId, fresh).update();
		return jdbc.sql("select subject_ref from consent_subject_refs where project_id = ? and account_id = ?")
				.params(projectId, accountId).query(String.class).single();
	}

	/** The existing reference of an account for a project. */
	Optional<String> find(UUID projectId, UUID accountId) {
		return jdbc.sql("select subject_ref from consent_subject_refs where project_id = ? and account_id = ?")
				.params(projectId, accountId).query(String.class).optional();
	}
}
