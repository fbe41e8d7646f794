package org.kerys.storage.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.kerys.platform.KerysProperties;
import org.kerys.platform.KeyFiles;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The master key that wraps (AES-256-GCM) the private keys of media: {@code kerys.storage.master-key} (or
 * {@code KERYS_MASTER_KEY}), 32 bytes in base64; else one generated on first start into
 * {@code <dataDir>/keys/media-master.key} with owner-only permissions. A previous master key
 * ({@code kerys.storage.previous-master-key}, or the file {@code keys/media-master.previous.key} a rotation leaves)
 * still unwraps the keys not yet rewrapped. Each wrapped key names its master key by an id derived from it, so a
 * wrong or missing master key is a clear error, never a silent failure.
 */
@Component
class MasterKeys {

	static final String FILE = "keys/media-master.key";
	static final String PREVIOUS_FILE = "keys/media-master.previous.key";
	private static final int NONCE_BYTES = 12;

	private final KeyFiles keys;
	private final SecureRandom random = new SecureRandom();

	MasterKeys(KerysProperties properties,
			@Value("${kerys.storage.master-key:${kerys.master-key:}}") String configured,
			@Value("${kerys.storage.previous-master-key:${kerys.previous-master-key:}}") String configuredPrevious) {
		// a bad configured value stops the start, not a download
		this.keys = new KeyFiles("kerys-media-master-key", "kerys.storage.master-key", configured,
				"kerys.storage.previous-master-key", configuredPrevious, properties.dataDir().resolve(FILE),
				properties.dataDir().resolve(PREVIOUS_FILE));
	}

	/** The portal makes its master key at start, so that a backup taken before the first encrypted upload has it. */
	@EventListener(ApplicationReadyEvent.class)
	void ensure() {
		current();
	}

	/** A master key and its id. */
	record MasterKey(String id, byte[] key) {
	}

	/** True when the master key comes from configuration rather than from the data directory. */
	boolean configured() {
		return keys.configured();
	}

	/**
	 * The key new wraps use. Read again at each call (it is rare): a rotation run by the command beside a running
	 * Kerys is then seen at once.
	 */
	MasterKey current() {
		return master(keys.current());
	}

	/** Every master key known now, by id: the current one first. */
	Map<String, MasterKey> known() {
		Map<String, MasterKey> known = new LinkedHashMap<>();
		keys.known().forEach((id, key) -> known.put(id, master(key)));
		return known;
	}

	/** Wraps a private key under the current master key; the key id is bound to it as associated data. */
	Wrapped wrap(UUID keyId, byte[] plain) {
		MasterKey master = current();
		byte[] nonce = new byte[NONCE_BYTES];
		random.nextBytes(nonce);
		byte[] sealed = cipher(Cipher.ENCRYPT_MODE, master, nonce, keyId, plain, 0, plain.length);
		byte[] out = ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array();
		return new Wrapped(master.id(), out);
	}

	/** @throws IllegalStateException when no known master key has that id, or the wrapped key was altered */
	byte[] unwrap(UUID keyId, String masterKeyId, byte[] wrapped) {
		MasterKey master = known().get(masterKeyId);
		if (master == null) {
			throw new IllegalStateException("The private key " + keyId + " is wrapped under master key " + masterKeyId
					+ ", which this Kerys does not have (kerys.storage.master-key / previous-master-key)");
		}
		return cipher(Cipher.DECRYPT_MODE, master, Arrays.copyOf(wrapped, NONCE_BYTES), keyId, wrapped, NONCE_BYTES,
				wrapped.length - NONCE_BYTES);
	}

	/**
	 * Generated mode only: the current key file becomes the previous one and a new key the current one. Each step
	 * is an atomic rename, so a crash leaves both keys on disk and every wrapped key readable.
	 */
	MasterKey rotateFile() {
		return master(keys.rotateFile());
	}

	/** The id the previous key file has, if there is one. */
	String previousFileId() {
		return keys.previousFileId();
	}

	/** A private key wrapped under the master key {@code masterKeyId}: nonce, then ciphertext and tag. */
	record Wrapped(String masterKeyId, byte[] bytes) {
	}

	private static byte[] cipher(int mode, MasterKey master, byte[] nonce, UUID keyId, byte[] input, int offset,
			int length) {
		try {
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(mode, new SecretKeySpec(master.key(), "AES"), new GCMParameterSpec(128, nonce));
			cipher.updateAAD(keyId.toString().getBytes(StandardCharsets.US_ASCII));
			return cipher.doFinal(input, offset, length);
		}
		catch (javax.crypto.AEADBadTagException e) {
			throw new IllegalStateException("The wrapped private key " + keyId + " does not open under master key "
					+ master.id() + ": it was altered", e);
		}
		catch (GeneralSecurityException e) {
			throw new IllegalStateException(e);
		}
	}

	private static MasterKey master(KeyFiles.Key key) {
		return new MasterKey(key.id(), key.bytes());
	}
}
