package org.kerys.identity.internal;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.kerys.identity.OrganizationNames;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The administrators' read model of organisations: the catalogue's organisations (through
 * {@link OrganizationNames}, which the catalogue implements) with how many members and active node clients each has
 * (identity's own tables).
 */
@Repository
class AdministeredOrganizations {

	private final JdbcClient jdbc;
	private final OrganizationNames organizations;

	AdministeredOrganizations(JdbcClient jdbc, OrganizationNames organizations) {
		this.jdbc = jdbc;
		this.organizations = organizations;
	}

	/** An organisation as the administration pages list it. */
	record Row(UUID id, String name, long members, long nodeClients) {
	}

	/** An organisation to choose from. */
	record Choice(UUID id, String name) {
	}

	long count() {
		return organizations.count();
	}

	/** By name. */
	List<Row> list(int limit, int offset) {
		List<OrganizationNames.Named> page = organizations.list(limit, offset);
		UUID[] ids = page.stream().map(OrganizationNames.Named::id).toArray(UUID[]::new);
		Map<UUID, Long> members = counts("""
				select m.organization_id, count(*) from memberships m join accounts a on a.id = m.account_id
				where m.organization_id = any(?) and a.deleted_at is null group by m.organization_id""", ids);
		Map<UUID, Long> clients = counts("""
				select n.organization_id, count(*) from node_client_organizations n
				join node_clients c on c.client_id = n.client_id
				where n.organization_id = any(?) and c.revoked_at is null group by n.organization_id""", ids);
		return page.stream().map(o -> new Row(o.id(), o.name(), members.getOrDefault(o.id(), 0L),
				clients.getOrDefault(o.id(), 0L))).toList();
	}

	private Map<UUID, Long> counts(String sql, UUID[] ids) {
		Map<UUID, Long> counts = new HashMap<>();
		if (ids.length > 0) {
			jdbc.sql(sql).param(ids).query((rs, i) -> counts.put(rs.getObject(1, UUID.class), rs.getLong(2))).list();
		}
		return counts;
	}

	/** Every organisation, by name, for a choice list. */
	List<Choice> choices() {
		return organizations.list(Integer.MAX_VALUE, 0).stream().map(o -> new Choice(o.id(), o.name())).toList();
	}

	long activeNodeClients() {
		return jdbc.sql("select count(*) from node_clients where revoked_at is null").query(Long.class).single();
	}
}
