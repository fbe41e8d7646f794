package org.kerys.identity.internal;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.kerys.identity.ProjectCredentials;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * OAuth2 clients of reuse projects: client-credentials grant only, HTTP Basic with a secret stored as an Argon2id
 * hash, bound to one project (carried into the access token as {@code project_id}, see
 * {@link AuthorizationServerConfiguration}). Client ids start with {@value #PREFIX}, so that the authorisation server
 * knows where to look. Revoked clients are not found and their tokens are refused.
 */
@Service
class ProjectClients implements ProjectCredentials {

	static final String PREFIX = "project-";
	/** Where a client's project travels from here to the token customiser. */
	static final String PROJECT_SETTING = "kerys.project-id";

	private final JdbcClient jdbc;
	private final PasswordEncoder encoder;
	/** As for node clients: a revocation here is seen at once, on another instance within {@link ApiTokens#CACHED}. */
	private final ExpiringCache<String, Boolean> active = new ExpiringCache<>(ApiTokens.CACHED, 10_000);

	ProjectClients(JdbcClient jdbc, PasswordEncoder encoder) {
		this.jdbc = jdbc;
		this.encoder = encoder;
	}

	static boolean isProjectClient(String clientId) {
		return clientId != null && clientId.startsWith(PREFIX);
	}

	@Override
	@Transactional
	public Issued issue(UUID projectId, String name, String actor) {
		String clientId = PREFIX + UUID.randomUUID();
		String secret = NodeClients.newSecret();
		jdbc.sql("insert into project_clients (client_id, project_id, name, secret_hash, created_by) values (?, ?, ?, ?, ?)")
				.params(clientId, projectId, name, encoder.encode(secret), actor).update();
		return new Issued(clientId, secret);
	}

	@Override
	public List<ProjectClient> list(UUID projectId) {
		return jdbc.sql("""
				select client_id, name, created_at, rotated_at, revoked_at from project_clients where project_id = ?
				order by created_at, client_id""").param(projectId)
				.query((rs, i) -> new ProjectClient(rs.getString(1), rs.getString(2),
						rs.getObject(3, OffsetDateTime.class), rs.getObject(4, OffsetDateTime.class),
						rs.getObject(5, OffsetDateTime.class)))
				.list();
	}

	@Override
	@Transactional
	public Optional<Issued> rotate(UUID projectId, String clientId, String actor) {
		String secret = NodeClients.newSecret();
		boolean rotated = jdbc.sql("""
				update project_clients set secret_hash = ?, rotated_at = now()
				where client_id = ? and project_id = ? and revoked_at is null""")
				.params(encoder.encode(secret), clientId, projectId).update() > 0;
		return rotated ? Optional.of(new Issued(clientId, secret)) : Optional.empty();
	}

	@Override
	@Transactional
	public boolean revoke(UUID projectId, String clientId, String actor) {
		boolean found = jdbc.sql("""
				update project_clients set revoked_at = coalesce(revoked_at, now()), revoked_by = coalesce(revoked_by, ?)
				where client_id = ? and project_id = ?""").params(actor, clientId, projectId).update() > 0;
		active.remove(clientId);
		return found;
	}

	/** Whether this client exists and is not revoked: checked on every request with one of its tokens. */
	boolean isActive(String clientId) {
		return isProjectClient(clientId) && active.get(clientId, id -> jdbc.sql(
				"select count(*) from project_clients where client_id = ? and revoked_at is null").param(id)
				.query(Long.class).single() > 0 ? Boolean.TRUE : null) != null;
	}

	/** The client as the authorisation server needs it, or null (unknown or revoked). */
	RegisteredClient find(String clientId) {
		record Row(String name, String secretHash, UUID projectId, OffsetDateTime createdAt) {
		}
		Row row = jdbc.sql("""
				select name, secret_hash, project_id, created_at from project_clients
				where client_id = ? and revoked_at is null""").param(clientId)
				.query((rs, i) -> new Row(rs.getString(1), rs.getString(2), rs.getObject(3, UUID.class),
						rs.getObject(4, OffsetDateTime.class)))
				.optional().orElse(null);
		if (row == null) {
			return null;
		}
		return RegisteredClient.withId(clientId)
				.clientId(clientId)
				.clientIdIssuedAt(row.createdAt().toInstant())
				.clientSecret(row.secretHash())
				.clientName(row.name())
				.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
				.authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
				.clientSettings(ClientSettings.builder().setting(PROJECT_SETTING, row.projectId().toString()).build())
				.tokenSettings(TokenSettings.builder().accessTokenTimeToLive(NodeClients.TOKEN_LIFETIME).build())
				.build();
	}
}
