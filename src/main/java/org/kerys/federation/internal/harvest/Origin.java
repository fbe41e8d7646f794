package org.kerys.federation.internal.harvest;

import java.net.URI;
import java.util.Set;
import java.util.UUID;

/**
 * What a harvest reads: a registered RUDI node or a harvest source.
 *
 * @param kind {@link #NODE} or {@link #SOURCE}
 * @param type the reader: {@code rudi}, {@code ckan}, {@code dcat}, {@code opendatasoft}
 * @param url where the reader starts (for a node, its RUDI API address)
 * @param organizations whose datasets it may write: a node's organisations, a source's one
 * @param producer the producer a source's datasets get; null for a node (its records name their own)
 * @param schedule its cron expression, or null
 * @param active a node not revoked, an approved source: only then may it run
 */
public record Origin(UUID id, String kind, String type, String name, URI url, boolean allowPrivateNetwork,
		Set<UUID> organizations, UUID producer, String schedule, boolean active) {

	public static final String NODE = "node";
	public static final String SOURCE = "source";

	public Origin {
		organizations = Set.copyOf(organizations);
	}

	public boolean isNode() {
		return NODE.equals(kind);
	}
}
