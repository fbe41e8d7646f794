package org.kerys.catalog.internal;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.kerys.identity.OrganizationNames;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The catalogue's organisations, named for identity (members, invitations, profiles). */
@Component
class CatalogOrganizationNames implements OrganizationNames {

	private final JdbcClient jdbc;

	CatalogOrganizationNames(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	public Map<UUID, String> names(Collection<UUID> organizationIds) {
		Map<UUID, String> names = new LinkedHashMap<>();
		if (organizationIds.isEmpty()) {
			return names;
		}
		jdbc.sql("select organization_id, organization_name from organizations where organization_id = any(?) "
				+ "order by organization_name")
				.param(organizationIds.toArray(UUID[]::new))
				.query((rs, i) -> names.put(rs.getObject(1, UUID.class), rs.getString(2))).list();
		return names;
	}

	@Override
	public long count() {
		return jdbc.sql("select count(*) from organizations").query(Long.class).single();
	}

	@Override
	public java.util.List<Named> list(int limit, int offset) {
		return jdbc.sql("select organization_id, organization_name from organizations "
				+ "order by lower(organization_name), organization_id limit ? offset ?")
				.params(limit, offset)
				.query((rs, i) -> new Named(rs.getObject(1, UUID.class), rs.getString(2))).list();
	}
}
