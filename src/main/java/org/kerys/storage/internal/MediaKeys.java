package org.kerys.storage.internal;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import java.util.function.IntConsumer;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The RSA key pairs producers encrypt a media's file for (the {@code media_keys} table). A media gets its first
 * pair when someone first asks for its public key, as RUDI does: only media that are actually encrypted get keys,
 * and nothing has to listen to the catalogue. The newest pair is the published one; older ones stay to open files
 * encrypted under them.
 */
@Service
class MediaKeys {

	/** As RUDI (its first block is then 256 bytes). */
	static final int RSA_BITS = 2048;

	private final JdbcClient jdbc;
	private final MasterKeys masters;

	MediaKeys(JdbcClient jdbc, MasterKeys masters) {
		this.jdbc = jdbc;
		this.masters = masters;
	}

	/** A public key of a media (SPKI, DER). */
	record PublicKey(UUID keyId, UUID mediaId, Instant createdAt, byte[] spki) {

		String pem() {
			String body = Base64.getMimeEncoder(64, new byte[] { '\n' }).encodeToString(spki);
			return "-----BEGIN PUBLIC KEY-----\n" + body + "\n-----END PUBLIC KEY-----\n";
		}
	}

	/** The media's newest public key, made on the first request. */
	@Transactional
	PublicKey current(UUID mediaId) {
		// Two first requests at once must not make two pairs: they queue on the media.
		jdbc.sql("select pg_advisory_xact_lock(hashtextextended(:key, 0))").param("key", "media-keys:" + mediaId)
				.query().singleRow();
		return newest(mediaId).orElseGet(() -> create(mediaId));
	}

	/** A new pair for the media, which becomes its published one; the older ones stay. */
	@Transactional
	PublicKey rotate(UUID mediaId) {
		return create(mediaId);
	}

	/** The media's private keys, newest first. */
	List<CryptFile.Candidate> privateKeys(UUID mediaId) {
		return jdbc.sql("""
				select key_id, master_key_id, wrapped_private_key from media_keys where media_id = :id
				order by created_at desc, key_id""")
				.param("id", mediaId)
				.query((rs, i) -> candidate(rs.getObject(1, UUID.class), rs.getString(2), rs.getBytes(3)))
				.list();
	}

	/** The private key of that id, if it still exists. */
	java.util.Optional<CryptFile.Candidate> privateKey(UUID keyId) {
		return jdbc.sql("select key_id, master_key_id, wrapped_private_key from media_keys where key_id = :id")
				.param("id", keyId)
				.query((rs, i) -> candidate(rs.getObject(1, UUID.class), rs.getString(2), rs.getBytes(3)))
				.optional();
	}

	/** The media's public keys, newest first. */
	List<PublicKey> publicKeys(UUID mediaId) {
		return jdbc.sql("""
				select key_id, media_id, created_at, public_key from media_keys where media_id = :id
				order by created_at desc, key_id""")
				.param("id", mediaId)
				.query((rs, i) -> new PublicKey(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
						rs.getTimestamp(3).toInstant(), rs.getBytes(4)))
				.list();
	}

	/** These media are gone: so are their keys. */
	void delete(Collection<UUID> mediaIds) {
		if (!mediaIds.isEmpty()) {
			jdbc.sql("delete from media_keys where media_id = any(:ids)")
					.param("ids", mediaIds.toArray(UUID[]::new)).update();
		}
	}

	/**
	 * Wraps every private key not yet under the current master key again under it, one row at a time (each its
	 * own statement: a crash leaves every row under one of the two keys, both still known).
	 * @return how many were rewrapped
	 */
	int rewrapAll(IntConsumer progress) {
		String current = masters.current().id();
		int done = 0;
		while (true) {
			List<Row> batch = jdbc.sql("""
					select key_id, master_key_id, wrapped_private_key from media_keys
					where master_key_id <> :current order by key_id limit 100""")
					.param("current", current)
					.query((rs, i) -> new Row(rs.getObject(1, UUID.class), rs.getString(2), rs.getBytes(3)))
					.list();
			if (batch.isEmpty()) {
				return done;
			}
			for (Row row : batch) {
				byte[] plain = masters.unwrap(row.keyId(), row.masterKeyId(), row.wrapped());
				MasterKeys.Wrapped wrapped = masters.wrap(row.keyId(), plain);
				Arrays.fill(plain, (byte) 0);
				if (!wrapped.masterKeyId().equals(current)) {
					throw new IllegalStateException("The master key changed during the rewrap; run it again");
				}
				jdbc.sql("""
						update media_keys set wrapped_private_key = :wrapped, master_key_id = :master
						where key_id = :id and master_key_id = :old""")
						.param("wrapped", wrapped.bytes())
						.param("master", wrapped.masterKeyId())
						.param("id", row.keyId())
						.param("old", row.masterKeyId())
						.update();
				progress.accept(++done);
			}
		}
	}

	/** How many private keys are wrapped under that master key. */
	long countUnder(String masterKeyId) {
		return jdbc.sql("select count(*) from media_keys where master_key_id = :id").param("id", masterKeyId)
				.query(Long.class).single();
	}

	private record Row(UUID keyId, String masterKeyId, byte[] wrapped) {
	}

	private java.util.Optional<PublicKey> newest(UUID mediaId) {
		return publicKeys(mediaId).stream().findFirst();
	}

	private PublicKey create(UUID mediaId) {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
			generator.initialize(RSA_BITS);
			return save(mediaId, generator.generateKeyPair());
		}
		catch (GeneralSecurityException e) {
			throw new IllegalStateException(e);
		}
	}

	/**
	 * Adds an existing RSA pair to a media as its newest (e.g. one a RUDI portal used for it, so that its files
	 * keep opening here); the private key is wrapped like the generated ones.
	 */
	@Transactional
	PublicKey adopt(UUID mediaId, KeyPair pair) {
		return save(mediaId, pair);
	}

	private PublicKey save(UUID mediaId, KeyPair pair) {
		UUID keyId = UUID.randomUUID();
		byte[] pkcs8 = pair.getPrivate().getEncoded();
		MasterKeys.Wrapped wrapped = masters.wrap(keyId, pkcs8);
		Arrays.fill(pkcs8, (byte) 0);
		Instant now = Instant.now();
		jdbc.sql("""
				insert into media_keys (key_id, media_id, created_at, public_key, wrapped_private_key, master_key_id)
				values (:keyId, :mediaId, :createdAt, :publicKey, :wrapped, :master)""")
				.param("keyId", keyId)
				.param("mediaId", mediaId)
				.param("createdAt", java.sql.Timestamp.from(now))
				.param("publicKey", pair.getPublic().getEncoded())
				.param("wrapped", wrapped.bytes())
				.param("master", wrapped.masterKeyId())
				.update();
		return new PublicKey(keyId, mediaId, now, pair.getPublic().getEncoded());
	}

	private CryptFile.Candidate candidate(UUID keyId, String masterKeyId, byte[] wrapped) {
		byte[] pkcs8 = masters.unwrap(keyId, masterKeyId, wrapped);
		try {
			return new CryptFile.Candidate(keyId, (RSAPrivateCrtKey) KeyFactory.getInstance("RSA")
					.generatePrivate(new PKCS8EncodedKeySpec(pkcs8)));
		}
		catch (GeneralSecurityException e) {
			throw new IllegalStateException("The private key " + keyId + " is not an RSA PKCS#8 key", e);
		}
		finally {
			Arrays.fill(pkcs8, (byte) 0);
		}
	}
}
