package org.kerys.storage.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.kerys.platform.KerysProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
	private static final Logger log = LoggerFactory.getLogger(MasterKeys.class);
	private static final int NONCE_BYTES = 12;

	private final String configured;
	private final String configuredPrevious;
	private final Path file;
	private final Path previousFile;
	private final SecureRandom random = new SecureRandom();

	MasterKeys(KerysProperties properties,
			@Value("${kerys.storage.master-key:${kerys.master-key:}}") String configured,
			@Value("${kerys.storage.previous-master-key:${kerys.previous-master-key:}}") String configuredPrevious) {
		this.configured = configured == null || configured.isBlank() ? null : configured.strip();
		this.configuredPrevious = configuredPrevious == null || configuredPrevious.isBlank() ? null
				: configuredPrevious.strip();
		this.file = properties.dataDir().resolve(FILE);
		this.previousFile = properties.dataDir().resolve(PREVIOUS_FILE);
		if (this.configured != null) {
			decode(this.configured, "kerys.storage.master-key"); // a bad value stops the start, not a download
		}
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
		return configured != null;
	}

	/**
	 * The key new wraps use. Read again at each call (it is rare): a rotation run by the command beside a running
	 * Kerys is then seen at once.
	 */
	synchronized MasterKey current() {
		if (configured != null) {
			return of(decode(configured, "kerys.storage.master-key"));
		}
		if (!Files.exists(file)) {
			write(file, generate());
		}
		return read(file);
	}

	/** Every master key known now, by id: the current one first. */
	synchronized Map<String, MasterKey> known() {
		Map<String, MasterKey> keys = new LinkedHashMap<>();
		MasterKey current = current();
		keys.put(current.id(), current);
		if (configuredPrevious != null) {
			MasterKey previous = of(decode(configuredPrevious, "kerys.storage.previous-master-key"));
			keys.putIfAbsent(previous.id(), previous);
		}
		if (Files.exists(previousFile)) {
			MasterKey previous = read(previousFile);
			keys.putIfAbsent(previous.id(), previous);
		}
		return keys;
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
	synchronized MasterKey rotateFile() {
		if (configured != null) {
			throw new IllegalStateException("The master key comes from configuration: set the new one there");
		}
		current();
		Path next = file.resolveSibling(file.getFileName() + ".next");
		try {
			Files.deleteIfExists(next);
			write(next, generate());
			Files.move(file, previousFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
			Files.move(next, file, StandardCopyOption.ATOMIC_MOVE);
		}
		catch (IOException e) {
			throw new UncheckedIOException("Cannot rotate the master key " + file, e);
		}
		return read(file);
	}

	/** The id the previous key file has, if there is one. */
	synchronized String previousFileId() {
		return Files.exists(previousFile) ? read(previousFile).id() : null;
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

	/** Not secret: the first 8 bytes of a SHA-256 over the key, to tell master keys apart. */
	static MasterKey of(byte[] key) {
		try {
			MessageDigest sha = MessageDigest.getInstance("SHA-256");
			sha.update("kerys-media-master-key".getBytes(StandardCharsets.US_ASCII));
			return new MasterKey(HexFormat.of().formatHex(sha.digest(key), 0, 8), key);
		}
		catch (GeneralSecurityException e) {
			throw new IllegalStateException(e);
		}
	}

	private static byte[] decode(String base64, String setting) {
		byte[] key;
		try {
			key = Base64.getDecoder().decode(base64);
		}
		catch (IllegalArgumentException e) {
			throw new IllegalStateException(setting + " is not base64", e);
		}
		if (key.length != 32) {
			throw new IllegalStateException(setting + " must be 32 bytes (256 bits) in base64, not " + key.length);
		}
		return key;
	}

	private byte[] generate() {
		byte[] key = new byte[32];
		random.nextBytes(key);
		return key;
	}

	private static MasterKey read(Path path) {
		try {
			return of(decode(Files.readString(path, StandardCharsets.US_ASCII).strip(), path.toString()));
		}
		catch (IOException e) {
			throw new UncheckedIOException("Cannot read the master key " + path, e);
		}
	}

	/** As the token signing key: a temporary file with owner-only permissions, then a link that never replaces. */
	private static void write(Path target, byte[] key) {
		try {
			Files.createDirectories(target.getParent());
			Path temporary = target.resolveSibling(target.getFileName() + "." + UUID.randomUUID() + ".tmp");
			if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
				Files.createFile(temporary,
						PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
			}
			try {
				Files.writeString(temporary, Base64.getEncoder().encodeToString(key), StandardCharsets.US_ASCII,
						StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING,
						StandardOpenOption.SYNC);
				try {
					Files.createLink(target, temporary);
				}
				catch (UnsupportedOperationException e) {
					Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
				}
				log.info("Generated the media master key {}", target);
			}
			catch (FileAlreadyExistsException e) {
				// another process was first: its key is the one
			}
			finally {
				Files.deleteIfExists(temporary);
			}
		}
		catch (IOException e) {
			throw new UncheckedIOException("Cannot write the master key " + target, e);
		}
	}
}
