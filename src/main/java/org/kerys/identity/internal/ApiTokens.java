package org.kerys.identity.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.kerys.identity.AccountChanged;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Personal API tokens: {@code krs_} followed by 32 random bytes (base64url). Only their SHA-256 is stored — a
 * token has 256 bits of entropy, so a fast hash is enough and lets a request find its token in one lookup.
 */
@Repository
class ApiTokens {

	static final String PREFIX = "krs_";
	private static final SecureRandom random = new SecureRandom();

	/**
	 * How long a validated token is trusted without asking the database again. Revoking a token, erasing an account or
	 * changing its roles on this instance takes effect at once; done by another instance, within this time.
	 */
	static final Duration CACHED = Duration.ofSeconds(5);

	private final JdbcClient jdbc;
	private final ExpiringCache<String, CachedOwner> owners = new ExpiringCache<>(CACHED, 10_000);

	ApiTokens(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** A token's owner as cached, with the token's expiry, checked on each use. */
	private record CachedOwner(TokenOwner owner, OffsetDateTime expiresAt) {
	}

	/** A token as listed to its owner: never the secret. */
	record TokenInfo(UUID id, String name, List<String> scopes, OffsetDateTime createdAt, OffsetDateTime expiresAt,
			OffsetDateTime lastUsedAt, OffsetDateTime revokedAt) {
	}

	/** The account and scopes a valid token stands for. */
	record TokenOwner(UUID tokenId, String login, List<String> roles, List<String> scopes) {
	}

	static String newSecret() {
		byte[] bytes = new byte[32];
		random.nextBytes(bytes);
		return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	static String hash(String secret) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
	}

	UUID create(UUID accountId, String name, String secret, List<String> scopes, OffsetDateTime expiresAt) {
		UUID id = UUID.randomUUID();
		jdbc.sql("""
				insert into api_tokens (id, account_id, name, token_hash, scopes, expires_at)
				values (?, ?, ?, ?, ?, ?)""")
				.params(id, accountId, name, hash(secret), scopes.toArray(String[]::new), expiresAt).update();
		return id;
	}

	boolean exists(String secret) {
		return jdbc.sql("select count(*) from api_tokens where token_hash = ?").param(hash(secret)).query(Long.class)
				.single() > 0;
	}

	/** The owner of a token that is neither revoked nor expired; marks it used (at most once a minute). */
	Optional<TokenOwner> authenticate(String secret) {
		CachedOwner cached = owners.get(hash(secret), this::load);
		if (cached == null || (cached.expiresAt() != null && !cached.expiresAt().isAfter(OffsetDateTime.now()))) {
			return Optional.empty();
		}
		return Optional.of(cached.owner());
	}

	private CachedOwner load(String tokenHash) {
		CachedOwner owner = jdbc.sql("""
				select t.id, a.login, a.platform_roles, t.scopes, t.expires_at from api_tokens t
				join accounts a on a.id = t.account_id
				where t.token_hash = ? and t.revoked_at is null and a.deleted_at is null
				and (t.expires_at is null or t.expires_at > now())""")
				.param(tokenHash)
				.query((rs, i) -> new CachedOwner(new TokenOwner(rs.getObject(1, UUID.class), rs.getString(2),
						List.of((String[]) rs.getArray(3).getArray()), List.of((String[]) rs.getArray(4).getArray())),
						rs.getObject(5, OffsetDateTime.class)))
				.optional().orElse(null);
		// at most one write a minute per token, not one per request
		if (owner != null) {
			jdbc.sql("""
					update api_tokens set last_used_at = now()
					where id = ? and (last_used_at is null or last_used_at < now() - interval '1 minute')""")
					.param(owner.owner().tokenId()).update();
		}
		return owner;
	}

	/** Forget every cached token: an account was erased or its roles changed. */
	@EventListener
	void on(AccountChanged changed) {
		owners.clear();
	}

	List<TokenInfo> list(UUID accountId) {
		return jdbc.sql("""
				select id, name, scopes, created_at, expires_at, last_used_at, revoked_at from api_tokens
				where account_id = ? order by created_at""")
				.param(accountId)
				.query((rs, i) -> new TokenInfo(rs.getObject(1, UUID.class), rs.getString(2),
						List.of((String[]) rs.getArray(3).getArray()), rs.getObject(4, OffsetDateTime.class),
						rs.getObject(5, OffsetDateTime.class), rs.getObject(6, OffsetDateTime.class),
						rs.getObject(7, OffsetDateTime.class)))
				.list();
	}

	/** @return false when the account has no such token (revoking twice is fine) */
	boolean revoke(UUID accountId, UUID tokenId) {
		boolean revoked = jdbc.sql("update api_tokens set revoked_at = coalesce(revoked_at, now()) where id = ? and account_id = ?")
				.params(tokenId, accountId).update() > 0;
		owners.removeIf(cached -> cached.owner().tokenId().equals(tokenId));
		return revoked;
	}
}
