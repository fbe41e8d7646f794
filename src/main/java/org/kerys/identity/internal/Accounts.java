package org.kerys.identity.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.kerys.identity.AccountReferences;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Accounts: login, email, password hash (Argon2id), platform roles. A deleted account keeps its row, erased: its
 * id stays the pseudonymous reference the audit ledger uses. Logins are stored lower-case.
 */
@Repository
public class Accounts implements AccountReferences {

	private final JdbcClient jdbc;

	Accounts(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** An account as Kerys shows it to its owner and to administrators: never the password hash. */
	public record Account(UUID id, String login, String email, String displayName, boolean emailVerified,
			List<String> platformRoles, boolean hasPassword, OffsetDateTime createdAt) {
	}

	private static final String COLUMNS = """
			id, login, email, display_name, email_verified_at is not null, platform_roles, password_hash is not null,
			created_at""";

	private static Account account(ResultSet rs, int row) throws SQLException {
		return new Account(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getString(4),
				rs.getBoolean(5), List.of((String[]) rs.getArray(6).getArray()), rs.getBoolean(7),
				rs.getObject(8, OffsetDateTime.class));
	}

	/**
	 * Creates an account. The caller has checked the login, email and password ({@link Credentials}) and that the
	 * login and email are free; a race on either fails with {@code DuplicateKeyException}.
	 */
	public UUID create(String login, String email, String displayName, String passwordHash, List<String> roles,
			boolean emailVerified) {
		UUID id = UUID.randomUUID();
		jdbc.sql("""
				insert into accounts (id, login, email, display_name, password_hash, platform_roles, email_verified_at)
				values (?, ?, ?, ?, ?, ?, case when ? then now() end)""")
				.params(id, login, email, displayName, passwordHash, roles.toArray(String[]::new), emailVerified)
				.update();
		return id;
	}

	public Optional<Account> byLogin(String login) {
		return login == null ? Optional.empty()
				: jdbc.sql("select " + COLUMNS + " from accounts where login = ? and deleted_at is null")
						.param(Credentials.normalLogin(login)).query(Accounts::account).optional();
	}

	public Optional<Account> byId(UUID id) {
		return jdbc.sql("select " + COLUMNS + " from accounts where id = ? and deleted_at is null").param(id)
				.query(Accounts::account).optional();
	}

	public Optional<Account> byEmail(String email) {
		return email == null ? Optional.empty()
				: jdbc.sql("select " + COLUMNS + " from accounts where lower(email) = lower(?) and deleted_at is null")
						.param(email.strip()).query(Accounts::account).optional();
	}

	public boolean loginTaken(String login) {
		// a deleted account's login ('deleted-…') cannot be chosen: Credentials refuses it
		return jdbc.sql("select count(*) from accounts where login = ?").param(Credentials.normalLogin(login))
				.query(Long.class).single() > 0;
	}

	public boolean emailTaken(String email) {
		return byEmail(email).isPresent();
	}

	/** Accounts, by login, for administrators. */
	public List<Account> list(int limit, int offset) {
		return jdbc.sql("select " + COLUMNS + " from accounts where deleted_at is null order by login limit ? offset ?")
				.params(limit, offset).query(Accounts::account).list();
	}

	public long count() {
		return jdbc.sql("select count(*) from accounts where deleted_at is null").query(Long.class).single();
	}

	/** The stored password hash of an account that has one. */
	public Optional<String> passwordHash(UUID id) {
		return jdbc.sql("select password_hash from accounts where id = ? and deleted_at is null and password_hash is not null")
				.param(id).query(String.class).optional();
	}

	/** Sets the password; the account's portal sessions signed in before now end ({@link SessionFreshness}). */
	public void setPassword(UUID id, String passwordHash) {
		jdbc.sql("update accounts set password_hash = ?, credentials_changed_at = now() where id = ? and deleted_at is null")
				.params(passwordHash, id).update();
	}

	/**
	 * When the password of the (not deleted) account with this login last changed: {@link java.time.Instant#MIN} if
	 * never; empty when there is no such account (any more).
	 */
	public Optional<java.time.Instant> credentialsChangedAt(String login) {
		return jdbc.sql("select credentials_changed_at from accounts where login = ? and deleted_at is null")
				.param(login)
				.query((rs, i) -> {
					OffsetDateTime changed = rs.getObject(1, OffsetDateTime.class);
					return changed == null ? java.time.Instant.MIN : changed.toInstant();
				})
				.optional();
	}

	public void markEmailVerified(UUID id) {
		jdbc.sql("update accounts set email_verified_at = coalesce(email_verified_at, now()) where id = ?").param(id)
				.update();
	}

	public void setPlatformRoles(UUID id, List<String> roles) {
		jdbc.sql("update accounts set platform_roles = ? where id = ? and deleted_at is null")
				.params(roles.toArray(String[]::new), id).update();
	}

	/**
	 * Erases an account: personal fields emptied, login replaced by {@code deleted-<id>}, tokens revoked, memberships,
	 * codes and OpenID Connect links removed. The row stays so that the ledger's references still point somewhere
	 * that says "deleted". Call inside a transaction.
	 */
	public void erase(UUID id) {
		// where identity tables name the account by login (who created or revoked a node client), name it by id
		loginOf(id).ifPresent(login -> {
			jdbc.sql("update node_clients set created_by = ? where created_by = ?").params(id.toString(), login).update();
			jdbc.sql("update node_clients set revoked_by = ? where revoked_by = ?").params(id.toString(), login).update();
		});
		jdbc.sql("""
				update accounts set login = 'deleted-' || id::text, email = null, display_name = null,
				password_hash = null, platform_roles = '{}', deleted_at = now() where id = ? and deleted_at is null""")
				.param(id).update();
		jdbc.sql("update api_tokens set revoked_at = coalesce(revoked_at, now()), name = 'deleted' where account_id = ?")
				.param(id).update();
		jdbc.sql("delete from memberships where account_id = ?").param(id).update();
		jdbc.sql("delete from account_codes where account_id = ?").param(id).update();
		jdbc.sql("delete from account_links where account_id = ?").param(id).update();
		jdbc.sql("update invitations set email = 'deleted' where accepted_by = ?").param(id).update();
	}

	@Override
	public Optional<UUID> idOf(String login) {
		return login == null ? Optional.empty()
				: jdbc.sql("select id from accounts where login = ? and deleted_at is null").param(Credentials.normalLogin(login))
						.query(UUID.class).optional();
	}

	@Override
	public Optional<String> loginOf(UUID accountId) {
		return jdbc.sql("select login from accounts where id = ? and deleted_at is null").param(accountId)
				.query(String.class).optional();
	}
}
