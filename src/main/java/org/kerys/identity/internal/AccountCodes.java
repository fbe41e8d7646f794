package org.kerys.identity.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * One-time codes sent by email: address verification ({@code verify}, 48 hours) and password reset
 * ({@code reset}, one hour). A code is 32 random bytes (base64url); only its SHA-256 is stored, so a copy of the
 * database gives no usable link. A code is used once.
 */
@Repository
class AccountCodes {

	static final String VERIFY = "verify";
	static final String RESET = "reset";
	static final Duration VERIFY_VALIDITY = Duration.ofHours(48);
	static final Duration RESET_VALIDITY = Duration.ofHours(1);

	private static final SecureRandom random = new SecureRandom();

	private final JdbcClient jdbc;

	AccountCodes(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** What a code is worth when it is presented. */
	enum State {
		VALID, USED, EXPIRED, UNKNOWN
	}

	/** A code's state and, unless unknown, its account. */
	record Lookup(State state, UUID accountId) {
	}

	/** A new code for this account and purpose; returns the code itself, to be sent and never stored. */
	String issue(UUID accountId, String purpose, Duration validity) {
		byte[] bytes = new byte[32];
		random.nextBytes(bytes);
		String code = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
		jdbc.sql("""
				insert into account_codes (code_hash, account_id, purpose, expires_at)
				values (?, ?, ?, now() + make_interval(secs => ?))""")
				.params(hash(code), accountId, purpose, (double) validity.toSeconds()).update();
		if (random.nextInt(100) == 0) {
			purge();
		}
		return code;
	}

	/** What this code is, without using it. */
	Lookup peek(String code, String purpose) {
		if (code == null || code.isBlank() || code.length() > 100) {
			return new Lookup(State.UNKNOWN, null);
		}
		return jdbc.sql("""
				select c.account_id, c.used_at is not null, c.expires_at <= now() from account_codes c
				join accounts a on a.id = c.account_id
				where c.code_hash = ? and c.purpose = ? and a.deleted_at is null""")
				.params(hash(code.strip()), purpose)
				.query((rs, i) -> new Lookup(rs.getBoolean(2) ? State.USED : rs.getBoolean(3) ? State.EXPIRED : State.VALID,
						rs.getObject(1, UUID.class)))
				.optional().orElse(new Lookup(State.UNKNOWN, null));
	}

	/** Uses a valid code, atomically (two requests with the same code: one wins); its account, if it was valid. */
	Optional<UUID> use(String code, String purpose) {
		if (code == null || code.isBlank() || code.length() > 100) {
			return Optional.empty();
		}
		return jdbc.sql("""
				update account_codes set used_at = now()
				where code_hash = ? and purpose = ? and used_at is null and expires_at > now()
				returning account_id""")
				.params(hash(code.strip()), purpose).query(UUID.class).optional();
	}

	/** Every other unused code of this account for this purpose stops working. */
	void invalidate(UUID accountId, String purpose) {
		jdbc.sql("update account_codes set used_at = now() where account_id = ? and purpose = ? and used_at is null")
				.params(accountId, purpose).update();
	}

	/** Codes expired for more than a week are of no use, not even to say "this link has expired". */
	int purge() {
		return jdbc.sql("delete from account_codes where expires_at < now() - interval '7 days'").update();
	}

	static String hash(String code) {
		try {
			return HexFormat.of()
					.formatHex(MessageDigest.getInstance("SHA-256").digest(code.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
	}
}
