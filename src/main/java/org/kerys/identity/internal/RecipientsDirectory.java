package org.kerys.identity.internal;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.kerys.identity.OrganizationRole;
import org.kerys.identity.Recipients;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** {@link Recipients} from the accounts and memberships tables. */
@Component
class RecipientsDirectory implements Recipients {

	private final JdbcClient jdbc;

	RecipientsDirectory(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	public Optional<Recipient> account(UUID accountId) {
		return jdbc.sql("select id, login, email from accounts where id = ? and deleted_at is null").param(accountId)
				.query((rs, i) -> new Recipient(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3)))
				.optional();
	}

	@Override
	public List<Recipient> members(UUID organizationId, OrganizationRole atLeast) {
		List<String> roles = java.util.Arrays.stream(OrganizationRole.values()).filter(r -> r.includes(atLeast))
				.map(OrganizationRole::code).toList();
		return jdbc.sql("""
				select a.id, a.login, a.email from memberships m join accounts a on a.id = m.account_id
				where m.organization_id = ? and a.deleted_at is null and m.role = any(?) order by a.login""")
				.params(organizationId, roles.toArray(String[]::new))
				.query((rs, i) -> new Recipient(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3)))
				.list();
	}
}
