package org.kerys.identity.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.kerys.identity.OrganizationRole;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Invitations to join an organisation with a role. Only the SHA-256 of an invitation's code is stored; the code
 * itself is in the email sent. An invitation is pending until it is accepted, revoked or expired.
 */
@Repository
class Invitations {

	private final JdbcClient jdbc;

	Invitations(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** An invitation; {@code invitedBy} is the login of the account that sent it (null once that account is gone). */
	record Invitation(UUID id, UUID organizationId, String email, OrganizationRole role, String invitedBy,
			OffsetDateTime createdAt, OffsetDateTime expiresAt, OffsetDateTime acceptedAt, OffsetDateTime revokedAt) {

		boolean expired() {
			return !expiresAt.isAfter(OffsetDateTime.now());
		}

		boolean pending() {
			return acceptedAt == null && revokedAt == null && !expired();
		}
	}

	private static final String COLUMNS = """
			i.id, i.organization_id, i.email, i.role, a.login, i.created_at, i.expires_at, i.accepted_at, i.revoked_at
			from invitations i left join accounts a on a.id = i.invited_by and a.deleted_at is null""";

	private static Invitation invitation(ResultSet rs, int row) throws SQLException {
		return new Invitation(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3),
				OrganizationRole.of(rs.getString(4)).orElseThrow(), rs.getString(5),
				rs.getObject(6, OffsetDateTime.class), rs.getObject(7, OffsetDateTime.class),
				rs.getObject(8, OffsetDateTime.class), rs.getObject(9, OffsetDateTime.class));
	}

	void create(UUID id, UUID organizationId, String email, OrganizationRole role, String codeHash, UUID invitedBy,
			OffsetDateTime expiresAt) {
		jdbc.sql("""
				insert into invitations (id, organization_id, email, role, code_hash, invited_by, expires_at)
				values (?, ?, ?, ?, ?, ?, ?)""")
				.params(id, organizationId, email, role.code(), codeHash, invitedBy, expiresAt).update();
	}

	Optional<Invitation> byCodeHash(String codeHash) {
		return jdbc.sql("select " + COLUMNS + " where i.code_hash = ?").param(codeHash).query(Invitations::invitation)
				.optional();
	}

	Optional<Invitation> byId(UUID organizationId, UUID id) {
		return jdbc.sql("select " + COLUMNS + " where i.organization_id = ? and i.id = ?").params(organizationId, id)
				.query(Invitations::invitation).optional();
	}

	/** The organisation's pending invitations, newest first. */
	List<Invitation> pending(UUID organizationId) {
		return jdbc.sql("select " + COLUMNS + """
				 where i.organization_id = ? and i.accepted_at is null and i.revoked_at is null
				and i.expires_at > now() order by i.created_at desc, i.email""")
				.param(organizationId).query(Invitations::invitation).list();
	}

	/** @return the ids of the pending invitations of this address to the organisation, now revoked */
	List<UUID> revokePending(UUID organizationId, String email) {
		return jdbc.sql("""
				update invitations set revoked_at = now() where organization_id = ? and lower(email) = lower(?)
				and accepted_at is null and revoked_at is null and expires_at > now() returning id""")
				.params(organizationId, email).query(UUID.class).list();
	}

	/** @return whether the invitation was pending (and is now revoked) */
	boolean revoke(UUID organizationId, UUID id) {
		return jdbc.sql("""
				update invitations set revoked_at = now() where organization_id = ? and id = ?
				and accepted_at is null and revoked_at is null""")
				.params(organizationId, id).update() > 0;
	}

	/** Marks a pending invitation accepted; false when it no longer is pending (a concurrent use, a revocation). */
	boolean accept(UUID id, UUID accountId) {
		return jdbc.sql("""
				update invitations set accepted_at = now(), accepted_by = ? where id = ?
				and accepted_at is null and revoked_at is null and expires_at > now()""")
				.params(accountId, id).update() > 0;
	}
}
