package org.kerys.federation.internal.harvest;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The harvest sources. */
@Repository
class HarvestSources {

	private static final String SELECT = """
			select id, type, url, organization_id, schedule, allow_private_network, state, created_by, created_at,
			  approved_by, approved_at
			from harvest_sources
			""";

	private final JdbcClient jdbc;

	HarvestSources(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** @return false when a source of this type and URL exists already */
	boolean insert(UUID id, String type, String url, UUID organizationId, String schedule, boolean allowPrivate,
			String actor) {
		return jdbc.sql("""
				insert into harvest_sources (id, type, url, organization_id, schedule, allow_private_network, created_by)
				values (?, ?, ?, ?, ?, ?, ?) on conflict (type, url) do nothing""")
				.params(id, type, url, organizationId, schedule, allowPrivate, actor).update() > 0;
	}

	Optional<HarvestSource> find(UUID id) {
		return jdbc.sql(SELECT + " where id = ?").param(id).query(HarvestSources::source).optional();
	}

	List<HarvestSource> list() {
		return jdbc.sql(SELECT + " order by created_at desc, id").query(HarvestSources::source).list();
	}

	List<HarvestSource> scheduled() {
		return jdbc.sql(SELECT + " where schedule is not null and state = 'approved'").query(HarvestSources::source)
				.list();
	}

	/** Approving twice keeps the first approval. */
	void approve(UUID id, String actor) {
		jdbc.sql("""
				update harvest_sources set state = 'approved', approved_by = coalesce(approved_by, ?),
				  approved_at = coalesce(approved_at, now())
				where id = ?""").params(actor, id).update();
	}

	boolean delete(UUID id) {
		return jdbc.sql("delete from harvest_sources where id = ?").param(id).update() > 0;
	}

	private static HarvestSource source(ResultSet rs, int row) throws SQLException {
		return new HarvestSource(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
				rs.getObject(4, UUID.class), rs.getString(5), rs.getBoolean(6), rs.getString(7), rs.getString(8),
				rs.getObject(9, OffsetDateTime.class), rs.getString(10), rs.getObject(11, OffsetDateTime.class));
	}
}
