package org.kerys.federation.internal.harvest;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.kerys.federation.internal.harvest.rudi.RudiNodeCatalogue;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Nodes and sources as harvests see them (the node registry's table is read here, not changed). */
@Repository
class HarvestOrigins {

	private static final String NODES = """
			select n.id, n.name, n.url, n.api_prefix, n.allow_private_network, n.harvest_schedule, n.revoked_at is null,
			  coalesce(array_agg(o.organization_id) filter (where o.organization_id is not null), '{}')
			from federation_nodes n left join federation_node_organizations o on o.node_id = n.id
			""";

	private final JdbcClient jdbc;
	private final HarvestSources sources;

	HarvestOrigins(JdbcClient jdbc, HarvestSources sources) {
		this.jdbc = jdbc;
		this.sources = sources;
	}

	Optional<Origin> node(UUID id) {
		return jdbc.sql(NODES + " where n.id = ? group by n.id").param(id).query(HarvestOrigins::node).optional();
	}

	Optional<Origin> find(UUID id) {
		Optional<Origin> node = node(id);
		return node.isPresent() ? node : sources.find(id).map(HarvestSource::origin);
	}

	/** Active nodes and approved sources that have a schedule. */
	List<Origin> scheduled() {
		List<Origin> origins = new ArrayList<>(jdbc.sql(NODES
				+ " where n.harvest_schedule is not null and n.revoked_at is null group by n.id")
				.query(HarvestOrigins::node).list());
		sources.scheduled().forEach(s -> origins.add(s.origin()));
		return origins;
	}

	private static Origin node(ResultSet rs, int row) throws SQLException {
		return new Origin(rs.getObject(1, UUID.class), Origin.NODE, "rudi", rs.getString(2),
				RudiNodeCatalogue.apiOf(rs.getString(3), rs.getString(4)), rs.getBoolean(5),
				Set.of((UUID[]) rs.getArray(8).getArray()), null, rs.getString(6), rs.getBoolean(7));
	}
}
