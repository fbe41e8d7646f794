package org.kerys.identity.internal;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;
import org.springframework.stereotype.Repository;

/**
 * OAuth2 clients of producer nodes, as the authorisation server sees them: client-credentials grant only,
 * authenticated by HTTP Basic with a secret stored as an Argon2id hash, bound to organisations (carried into the
 * access token, see {@link AuthorizationServerConfiguration}). Revoked clients are not found.
 */
@Repository
class NodeClients implements RegisteredClientRepository {

	/** How long an access token lasts; a node asks for a new one when it expires. */
	static final Duration TOKEN_LIFETIME = Duration.ofMinutes(15);
	/** Where a client's organisations travel from here to the token customiser. */
	static final String ORGANIZATIONS_SETTING = "kerys.organization-ids";

	private static final SecureRandom random = new SecureRandom();

	private final JdbcClient jdbc;

	NodeClients(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	static String newClientId() {
		return "node-" + UUID.randomUUID();
	}

	static String newSecret() {
		byte[] bytes = new byte[32];
		random.nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	void create(String clientId, String name, String secretHash, List<UUID> organizations, String createdBy) {
		jdbc.sql("insert into node_clients (client_id, name, secret_hash, created_by) values (?, ?, ?, ?)")
				.params(clientId, name, secretHash, createdBy).update();
		for (UUID organization : organizations) {
			jdbc.sql("insert into node_client_organizations (client_id, organization_id) values (?, ?)")
					.params(clientId, organization).update();
		}
	}

	/** Whether this client exists and is not revoked (its access tokens are refused from the moment it is). */
	boolean isActive(String clientId) {
		return clientId != null && active.get(clientId, id -> jdbc.sql(
				"select count(*) from node_clients where client_id = ? and revoked_at is null").param(id)
				.query(Long.class).single() > 0 ? Boolean.TRUE : null) != null;
	}

	/**
	 * Active clients, as checked on each request with one of their tokens: a revocation on this instance is seen at
	 * once, on another instance within {@link ApiTokens#CACHED}. Inactive ones are not cached (looked up again).
	 */
	private final ExpiringCache<String, Boolean> active = new ExpiringCache<>(ApiTokens.CACHED, 10_000);

	/** A node client as administrators see it: never the secret. */
	record NodeClientInfo(String clientId, String name, List<UUID> organizationIds, String createdBy,
			OffsetDateTime createdAt, OffsetDateTime revokedAt) {
	}

	List<NodeClientInfo> list() {
		return jdbc.sql("""
				select c.client_id, c.name, coalesce(array_agg(o.organization_id) filter (where o.organization_id is not null),
				  '{}'), c.created_by, c.created_at, c.revoked_at
				from node_clients c left join node_client_organizations o on o.client_id = c.client_id
				group by c.client_id order by c.created_at""")
				.query((rs, i) -> new NodeClientInfo(rs.getString(1), rs.getString(2),
						List.of((UUID[]) rs.getArray(3).getArray()), rs.getString(4),
						rs.getObject(5, OffsetDateTime.class), rs.getObject(6, OffsetDateTime.class)))
				.list();
	}

	/** @return false when there is no such client (revoking twice is fine) */
	boolean revoke(String clientId, String by) {
		boolean found = jdbc.sql("""
				update node_clients set revoked_at = coalesce(revoked_at, now()), revoked_by = coalesce(revoked_by, ?)
				where client_id = ?""").params(by, clientId).update() > 0;
		active.remove(clientId);
		return found;
	}

	/** Clients are created through {@link #create}, never by the authorisation server. */
	@Override
	public void save(RegisteredClient registeredClient) {
		throw new UnsupportedOperationException("Node clients are created with POST /api/admin/node-clients");
	}

	@Override
	public RegisteredClient findById(String id) {
		return findByClientId(id);
	}

	@Override
	public RegisteredClient findByClientId(String clientId) {
		record Row(String name, String secretHash, OffsetDateTime createdAt) {
		}
		Row row = jdbc.sql("select name, secret_hash, created_at from node_clients where client_id = ? and revoked_at is null")
				.param(clientId)
				.query((rs, i) -> new Row(rs.getString(1), rs.getString(2), rs.getObject(3, OffsetDateTime.class)))
				.optional().orElse(null);
		if (row == null) {
			return null;
		}
		List<String> organizations = jdbc.sql(
				"select organization_id::text from node_client_organizations where client_id = ? order by organization_id")
				.param(clientId).query(String.class).list();
		Instant issuedAt = row.createdAt().toInstant();
		return RegisteredClient.withId(clientId)
				.clientId(clientId)
				.clientIdIssuedAt(issuedAt)
				.clientSecret(row.secretHash())
				.clientName(row.name())
				.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
				.authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
				.clientSettings(org.springframework.security.oauth2.server.authorization.settings.ClientSettings.builder()
						.setting(ORGANIZATIONS_SETTING, organizations).build())
				.tokenSettings(TokenSettings.builder().accessTokenTimeToLive(TOKEN_LIFETIME).build())
				.build();
	}
}
