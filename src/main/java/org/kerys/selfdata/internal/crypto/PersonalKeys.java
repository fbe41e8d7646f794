package org.kerys.selfdata.internal.crypto;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Map;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.kerys.platform.KeyFiles;
import org.kerys.platform.KerysProperties;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The keys of citizens' personal data (self-data): an AES-256-GCM key that seals matching values, attachments, node
 * tokens and store records, and a separate HMAC-SHA-256 key for keyed lookup hashes.
 * <ul>
 * <li>AES key: {@code kerys.selfdata.key} (base64 of 32 bytes), previous key {@code kerys.selfdata.previous-key}
 * for a rotation; else generated on first start into {@code <dataDir>/keys/selfdata.key} (owner-only), the
 * previous one in {@code keys/selfdata.previous.key} after {@code personal-keys rotate}.</li>
 * <li>HMAC key: {@code kerys.selfdata.hmac-key}; else generated into {@code keys/selfdata-hmac.key}. It is not
 * rotated: lookup hashes made under it would no longer match (a new store upload hashes again).</li>
 * </ul>
 * A sealed value is {@code nonce(12) || ciphertext || tag(16)} and is stored with the id of its key; the associated
 * data (e.g. the row id and the column) binds it to its place, so a value copied to another row does not open.
 */
@Component
public class PersonalKeys {

	static final String FILE = "keys/selfdata.key";
	static final String PREVIOUS_FILE = "keys/selfdata.previous.key";
	static final String HMAC_FILE = "keys/selfdata-hmac.key";
	private static final int NONCE_BYTES = 12;
	private static final int TAG_BITS = 128;
	/** How long the current key is trusted before its file is read again (a rotation beside a running Kerys). */
	private static final long RECHECK_NANOS = 1_000_000_000L;

	private final KeyFiles aes;
	private final KeyFiles hmacKeys;
	private final SecureRandom random = new SecureRandom();
	private volatile KeyFiles.Key current;
	private volatile long currentReadAt;
	private volatile Map<String, KeyFiles.Key> known = Map.of();
	private volatile SecretKeySpec hmacKey;
	/**
	 * One cipher and one MAC per thread, initialised again for each value: getting a new instance and expanding the key
	 * cost several times the sealing of a subject's records (the store seals a million of them in a load).
	 */
	private static final ThreadLocal<Cipher> GCM = ThreadLocal.withInitial(() -> instance(() -> Cipher.getInstance(
			"AES/GCM/NoPadding")));
	private final ThreadLocal<Mac> macs = ThreadLocal.withInitial(() -> instance(() -> {
		Mac mac = Mac.getInstance("HmacSHA256");
		mac.init(hmacKey());
		return mac;
	}));

	PersonalKeys(KerysProperties properties, @Value("${kerys.selfdata.key:}") String configured,
			@Value("${kerys.selfdata.previous-key:}") String configuredPrevious,
			@Value("${kerys.selfdata.hmac-key:}") String configuredHmac) {
		this.aes = new KeyFiles("kerys-selfdata-key", "kerys.selfdata.key", configured, "kerys.selfdata.previous-key",
				configuredPrevious, properties.dataDir().resolve(FILE), properties.dataDir().resolve(PREVIOUS_FILE));
		this.hmacKeys = new KeyFiles("kerys-selfdata-hmac-key", "kerys.selfdata.hmac-key", configuredHmac,
				"kerys.selfdata.hmac-key", null, properties.dataDir().resolve(HMAC_FILE),
				properties.dataDir().resolve(HMAC_FILE + ".unused"));
	}

	/** The portal makes its keys at start, so that a backup taken before the first request has them. */
	@EventListener(ApplicationReadyEvent.class)
	void ensure() {
		current();
		hmacKey();
	}

	/** A sealed value: {@code bytes} = nonce || ciphertext || tag, under the key {@code keyId}. */
	public record Sealed(String keyId, byte[] bytes) {
	}

	/** The id of the key {@link #seal} uses now. */
	public String currentKeyId() {
		return current().id();
	}

	/** Seals under the current key; {@code associatedData} (may be empty) must be given again to open. */
	public Sealed seal(byte[] plain, byte[] associatedData) {
		KeyFiles.Key key = current();
		byte[] nonce = new byte[NONCE_BYTES];
		random.nextBytes(nonce);
		byte[] sealed = cipher(Cipher.ENCRYPT_MODE, key, nonce, associatedData, plain, 0, plain.length);
		return new Sealed(key.id(), ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array());
	}

	/**
	 * Opens a sealed value.
	 *
	 * @throws IllegalStateException when no known key has that id, or the value (or its associated data) was altered
	 */
	public byte[] open(String keyId, byte[] sealed, byte[] associatedData) {
		if (sealed == null || sealed.length < NONCE_BYTES + TAG_BITS / 8) {
			throw new IllegalStateException("A sealed personal value is too short: it was altered");
		}
		KeyFiles.Key key = key(keyId);
		byte[] nonce = new byte[NONCE_BYTES];
		System.arraycopy(sealed, 0, nonce, 0, NONCE_BYTES);
		return cipher(Cipher.DECRYPT_MODE, key, nonce, associatedData, sealed, NONCE_BYTES,
				sealed.length - NONCE_BYTES);
	}

	/** Same as {@link #open(String, byte[], byte[])}. */
	public byte[] open(Sealed sealed, byte[] associatedData) {
		return open(sealed.keyId(), sealed.bytes(), associatedData);
	}

	/** For a {@link Resealer}: the value sealed again under the current key, or null when it already is. */
	public Sealed reseal(String keyId, byte[] sealed, byte[] associatedData) {
		if (currentKeyId().equals(keyId)) {
			return null;
		}
		return seal(open(keyId, sealed, associatedData), associatedData);
	}

	/**
	 * HMAC-SHA-256 under the self-data HMAC key over the parts, each prefixed by its length (4 bytes, big-endian),
	 * so that ("ab","c") and ("a","bc") differ. 32 bytes.
	 */
	public byte[] hmac(byte[]... parts) {
		Mac mac = macs.get();
		mac.reset();
		byte[] length = new byte[4];
		for (byte[] part : parts) {
			ByteBuffer.wrap(length).putInt(part.length);
			mac.update(length);
			mac.update(part);
		}
		return mac.doFinal();
	}

	// --- for the rotation command

	KeyFiles files() {
		return aes;
	}

	/** Forgets the cached keys (after a rotation by this process). */
	void refresh() {
		current = null;
		known = Map.of();
	}

	private KeyFiles.Key current() {
		KeyFiles.Key key = current;
		long now = System.nanoTime();
		if (key == null || now - currentReadAt > RECHECK_NANOS) {
			key = aes.current();
			current = key;
			currentReadAt = now;
		}
		return key;
	}

	private KeyFiles.Key key(String keyId) {
		KeyFiles.Key key = current();
		if (key.id().equals(keyId)) {
			return key;
		}
		key = known.get(keyId);
		if (key == null) {
			known = Map.copyOf(aes.known());
			key = known.get(keyId);
		}
		if (key == null) {
			throw new IllegalStateException("A personal value is sealed under key " + keyId
					+ ", which this Kerys does not have (kerys.selfdata.key / kerys.selfdata.previous-key)");
		}
		return key;
	}

	private SecretKeySpec hmacKey() {
		SecretKeySpec key = hmacKey;
		if (key == null) {
			key = new SecretKeySpec(hmacKeys.current().bytes(), "HmacSHA256");
			hmacKey = key;
		}
		return key;
	}

	private interface Making<T> {
		T make() throws GeneralSecurityException;
	}

	private static <T> T instance(Making<T> making) {
		try {
			return making.make();
		}
		catch (GeneralSecurityException e) {
			throw new IllegalStateException(e);
		}
	}

	private static byte[] cipher(int mode, KeyFiles.Key key, byte[] nonce, byte[] associatedData, byte[] input,
			int offset, int length) {
		try {
			Cipher cipher = GCM.get();
			cipher.init(mode, new SecretKeySpec(key.bytes(), "AES"), new GCMParameterSpec(TAG_BITS, nonce));
			if (associatedData != null && associatedData.length > 0) {
				cipher.updateAAD(associatedData);
			}
			return cipher.doFinal(input, offset, length);
		}
		catch (AEADBadTagException e) {
			throw new IllegalStateException("A personal value does not open under key " + key.id() + ": it was altered",
					e);
		}
		catch (GeneralSecurityException e) {
			throw new IllegalStateException(e);
		}
	}
}
