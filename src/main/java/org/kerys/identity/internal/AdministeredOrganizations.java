package org.kerys.identity.internal;

import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The administrators' read model of organisations: the catalogue's organisations (its {@code organizations} table,
 * read here without going through the catalogue's code, which identity does not depend on) with how many members
 * and active node clients each has.
 */
@Repository
class AdministeredOrganizations {

	private final JdbcClient jdbc;

	AdministeredOrganizations(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** An organisation as the administration pages list it. */
	record Row(UUID id, String name, long members, long nodeClients) {
	}

	/** An organisation to choose from. */
	record Choice(UUID id, String name) {
	}

	long count() {
		return jdbc.sql("select count(*) from organizations").query(Long.class).single();
	}

	/** By name. */
	List<Row> list(int limit, int offset) {
		return jdbc.sql("""
				select o.organization_id, o.organization_name,
				  (select count(*) from memberships m join accounts a on a.id = m.account_id
				   where m.organization_id = o.organization_id and a.deleted_at is null),
				  (select count(*) from node_client_organizations n join node_clients c on c.client_id = n.client_id
				   where n.organization_id = o.organization_id and c.revoked_at is null)
				from organizations o order by lower(o.organization_name), o.organization_id limit ? offset ?""")
				.params(limit, offset)
				.query((rs, i) -> new Row(rs.getObject(1, UUID.class), rs.getString(2), rs.getLong(3), rs.getLong(4)))
				.list();
	}

	/** Every organisation, by name, for a choice list. */
	List<Choice> choices() {
		return jdbc.sql("select organization_id, organization_name from organizations "
				+ "order by lower(organization_name), organization_id")
				.query((rs, i) -> new Choice(rs.getObject(1, UUID.class), rs.getString(2))).list();
	}

	long activeNodeClients() {
		return jdbc.sql("select count(*) from node_clients where revoked_at is null").query(Long.class).single();
	}
}
