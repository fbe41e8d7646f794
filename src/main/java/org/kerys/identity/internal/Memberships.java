package org.kerys.identity.internal;

import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.kerys.identity.OrganizationRole;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The roles of accounts in organisations. */
@Repository
public class Memberships {

	private final JdbcClient jdbc;

	Memberships(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** A member of an organisation, as its members see it. */
	public record Member(UUID accountId, String login, String displayName, OrganizationRole role,
			OffsetDateTime since) {
	}

	/** Gives an account this role in the organisation (replacing the one it had). */
	public void set(UUID accountId, UUID organizationId, OrganizationRole role) {
		jdbc.sql("""
				insert into memberships (account_id, organization_id, role) values (?, ?, ?)
				on conflict (account_id, organization_id) do update set role = excluded.role""")
				.params(accountId, organizationId, role.code()).update();
	}

	/** @return whether the account was a member */
	public boolean remove(UUID accountId, UUID organizationId) {
		return jdbc.sql("delete from memberships where account_id = ? and organization_id = ?")
				.params(accountId, organizationId).update() > 0;
	}

	public Optional<OrganizationRole> roleOf(UUID accountId, UUID organizationId) {
		return jdbc.sql("select role from memberships where account_id = ? and organization_id = ?")
				.params(accountId, organizationId).query(String.class).optional().flatMap(OrganizationRole::of);
	}

	/** The role of the (not deleted) account with this login in the organisation: one query, for the policy. */
	public Optional<OrganizationRole> roleOf(String login, UUID organizationId) {
		return jdbc.sql("""
				select m.role from memberships m join accounts a on a.id = m.account_id
				where a.login = ? and a.deleted_at is null and m.organization_id = ?""")
				.params(login, organizationId).query(String.class).optional().flatMap(OrganizationRole::of);
	}

	/** The organisations of an account and its role in each. */
	public Map<UUID, OrganizationRole> of(UUID accountId) {
		Map<UUID, OrganizationRole> roles = new LinkedHashMap<>();
		jdbc.sql("select organization_id, role from memberships where account_id = ? order by created_at")
				.param(accountId)
				.query((rs, i) -> {
					roles.put(rs.getObject(1, UUID.class), OrganizationRole.of(rs.getString(2)).orElseThrow());
					return null;
				}).list();
		return roles;
	}

	public List<Member> members(UUID organizationId) {
		return jdbc.sql("""
				select a.id, a.login, a.display_name, m.role, m.created_at from memberships m
				join accounts a on a.id = m.account_id where m.organization_id = ? and a.deleted_at is null
				order by a.login""")
				.param(organizationId)
				.query((rs, i) -> new Member(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
						OrganizationRole.of(rs.getString(4)).orElseThrow(), rs.getObject(5, OffsetDateTime.class)))
				.list();
	}

	/** The organisation's membership of this account, with its login: for the API's answers. */
	public Optional<Member> member(UUID organizationId, UUID accountId) {
		return members(organizationId).stream().filter(m -> m.accountId().equals(accountId)).findFirst();
	}

	/**
	 * Locks the organisation's admin rows until the end of the transaction, so that two admins demoting or removing
	 * each other at the same time cannot leave it without one: the second waits, then counts what the first left.
	 */
	public void lockAdmins(UUID organizationId) {
		jdbc.sql("select account_id from memberships where organization_id = ? and role = 'admin' for update")
				.param(organizationId).query(UUID.class).list();
	}

	public long admins(UUID organizationId) {
		return jdbc.sql("select count(*) from memberships where organization_id = ? and role = 'admin'")
				.param(organizationId).query(Long.class).single();
	}
}
