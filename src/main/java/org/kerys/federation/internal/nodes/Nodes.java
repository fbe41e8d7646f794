package org.kerys.federation.internal.nodes;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The registered producer nodes and their organisations. */
@Repository
class Nodes {

	private static final String SELECT = """
			select n.id, n.name, n.url, n.client_id, n.harvest_schedule, n.allow_private_network, n.created_by,
			  n.created_at, n.revoked_at, n.api_prefix,
			  coalesce(array_agg(o.organization_id order by o.organization_id)
			    filter (where o.organization_id is not null), '{}')
			from federation_nodes n left join federation_node_organizations o on o.node_id = n.id
			""";

	/**
	 * How long a node read is reused ({@link #find}, {@link #findActiveByClient}: every push, its application and its
	 * report read the node). A change made here forgets them at once, and again when its transaction ends; one made
	 * by another Kerys instance on the same database is seen after this at most.
	 */
	static final long REUSE_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(2);

	private record Cached(Optional<Node> node, long readAt) {
	}

	private final java.util.concurrent.ConcurrentHashMap<Object, Cached> cache = new java.util.concurrent.ConcurrentHashMap<>();

	private final JdbcClient jdbc;

	Nodes(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	private Optional<Node> cached(Object key, java.util.function.Supplier<Optional<Node>> read) {
		long now = System.nanoTime();
		Cached hit = cache.get(key);
		if (hit != null && now - hit.readAt() < REUSE_NANOS) {
			return hit.node();
		}
		Optional<Node> node = read.get();
		cache.put(key, new Cached(node, now));
		return node;
	}

	/** Forgets the nodes read, now and when the current transaction (which changes one) ends. */
	private void changed() {
		cache.clear();
		if (org.springframework.transaction.support.TransactionSynchronizationManager.isSynchronizationActive()) {
			org.springframework.transaction.support.TransactionSynchronizationManager.registerSynchronization(
					new org.springframework.transaction.support.TransactionSynchronization() {
						@Override
						public void afterCompletion(int status) {
							cache.clear();
						}
					});
		}
	}

	void insert(Node node) {
		changed();
		jdbc.sql("""
				insert into federation_nodes (id, name, url, client_id, harvest_schedule, allow_private_network, created_by,
				  api_prefix)
				values (?, ?, ?, ?, ?, ?, ?, ?)""")
				.params(node.id(), node.name(), node.url(), node.clientId(), node.harvestSchedule(),
						node.allowPrivateNetwork(), node.createdBy(), node.apiPrefix())
				.update();
		for (UUID organization : node.organizationIds()) {
			jdbc.sql("insert into federation_node_organizations (node_id, organization_id) values (?, ?)")
					.params(node.id(), organization).update();
		}
	}

	Optional<Node> find(UUID id) {
		return cached(id, () -> jdbc.sql(SELECT + " where n.id = ? group by n.id").param(id).query(Nodes::node)
				.optional());
	}

	/** The node of an OAuth2 client, if it is registered and not revoked. */
	Optional<Node> findActiveByClient(String clientId) {
		return cached("client:" + clientId, () -> jdbc
				.sql(SELECT + " where n.client_id = ? and n.revoked_at is null group by n.id").param(clientId)
				.query(Nodes::node).optional());
	}

	/** Every node, newest first. */
	List<Node> list() {
		return jdbc.sql(SELECT + " group by n.id order by n.created_at desc, n.id").query(Nodes::node).list();
	}

	/** @return false when there is no such node (revoking twice is fine) */
	boolean revoke(UUID id) {
		changed();
		return jdbc.sql("update federation_nodes set revoked_at = coalesce(revoked_at, now()) where id = ?").param(id)
				.update() > 0;
	}

	/** The node's OAuth2 client is now this one (its secret was renewed). */
	void changeClient(UUID id, String clientId) {
		changed();
		jdbc.sql("update federation_nodes set client_id = ? where id = ?").params(clientId, id).update();
	}

	private static Node node(ResultSet rs, int row) throws SQLException {
		return new Node(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getString(4),
				List.of((UUID[]) rs.getArray(11).getArray()), rs.getString(5), rs.getString(10), rs.getBoolean(6),
				rs.getString(7),
				rs.getObject(8, OffsetDateTime.class), rs.getObject(9, OffsetDateTime.class));
	}
}
