package org.kerys.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
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
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A 256-bit secret key that comes from configuration (base64) or else is generated on first use into a file of the
 * data directory with owner-only permissions, with a previous key (from configuration, or the file a rotation
 * leaves) that still opens what was written under it. Each key has an id derived from it (not secret) so that what
 * is sealed names its key: a wrong or missing key is a clear error, never a silent failure.
 * <p>
 * The current key is read again at each {@link #current()} call, so that a rotation run by a command beside a
 * running Kerys is seen; callers that need speed cache it briefly.
 */
public final class KeyFiles {

	private static final Logger log = LoggerFactory.getLogger(KeyFiles.class);
	private static final SecureRandom random = new SecureRandom();

	private final String label;
	private final String setting;
	private final String previousSetting;
	private final String configured;
	private final String configuredPrevious;
	private final Path file;
	private final Path previousFile;

	/**
	 * @param label bound into the key id (e.g. {@code kerys-media-master-key}), so that keys of different uses differ
	 * @param setting the name of the configuration setting, for messages
	 * @param configured its value (base64 of 32 bytes), or null/blank to use the file
	 * @param previousSetting the name of the previous-key setting, for messages
	 * @param configuredPrevious its value, or null/blank
	 * @param file the generated key file
	 * @param previousFile the file a rotation moves the old generated key to
	 * @throws IllegalStateException when a configured value is not 32 bytes in base64 (a bad value stops the start)
	 */
	public KeyFiles(String label, String setting, String configured, String previousSetting, String configuredPrevious,
			Path file, Path previousFile) {
		this.label = label;
		this.setting = setting;
		this.previousSetting = previousSetting;
		this.configured = configured == null || configured.isBlank() ? null : configured.strip();
		this.configuredPrevious = configuredPrevious == null || configuredPrevious.isBlank() ? null
				: configuredPrevious.strip();
		this.file = file;
		this.previousFile = previousFile;
		if (this.configured != null) {
			decode(this.configured, setting);
		}
		if (this.configuredPrevious != null) {
			decode(this.configuredPrevious, previousSetting);
		}
	}

	/** A key and its id (the first 8 bytes, in hex, of a SHA-256 over the label and the key). */
	public record Key(String id, byte[] bytes) {
	}

	/** True when the key comes from configuration rather than from the data directory. */
	public boolean configured() {
		return configured != null;
	}

	/** The key new writes use; generated into its file on first use when not configured. */
	public synchronized Key current() {
		if (configured != null) {
			return of(decode(configured, setting));
		}
		if (!Files.exists(file)) {
			write(file, generate());
		}
		return read(file);
	}

	/** Every key known now, by id: the current one first, then the previous ones. */
	public synchronized Map<String, Key> known() {
		Map<String, Key> keys = new LinkedHashMap<>();
		Key current = current();
		keys.put(current.id(), current);
		if (configuredPrevious != null) {
			Key previous = of(decode(configuredPrevious, previousSetting));
			keys.putIfAbsent(previous.id(), previous);
		}
		if (Files.exists(previousFile)) {
			Key previous = read(previousFile);
			keys.putIfAbsent(previous.id(), previous);
		}
		return keys;
	}

	/**
	 * Generated mode only: the current key file becomes the previous one and a new key the current one. Each step is
	 * an atomic rename, so a crash leaves both keys on disk and everything sealed readable.
	 *
	 * @throws IllegalStateException when the key comes from configuration
	 */
	public synchronized Key rotateFile() {
		if (configured != null) {
			throw new IllegalStateException("The key comes from configuration (" + setting + "): set the new one there");
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
			throw new UncheckedIOException("Cannot rotate the key " + file, e);
		}
		return read(file);
	}

	/** The id the previous key file has, or null. */
	public synchronized String previousFileId() {
		return Files.exists(previousFile) ? read(previousFile).id() : null;
	}

	/** The key and its id, as {@link Key}. */
	public Key of(byte[] key) {
		try {
			MessageDigest sha = MessageDigest.getInstance("SHA-256");
			sha.update(label.getBytes(StandardCharsets.US_ASCII));
			return new Key(HexFormat.of().formatHex(sha.digest(key), 0, 8), key);
		}
		catch (GeneralSecurityException e) {
			throw new IllegalStateException(e);
		}
	}

	/** 32 bytes from base64, or a clear error naming the setting. */
	public static byte[] decode(String base64, String setting) {
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

	/** 32 random bytes. */
	public static byte[] generate() {
		byte[] key = new byte[32];
		random.nextBytes(key);
		return key;
	}

	private Key read(Path path) {
		try {
			return of(decode(Files.readString(path, StandardCharsets.US_ASCII).strip(), path.toString()));
		}
		catch (IOException e) {
			throw new UncheckedIOException("Cannot read the key " + path, e);
		}
	}

	/**
	 * Writes a key in base64: a temporary file with owner-only permissions, then a link that never replaces (another
	 * process that was first wins, and its key is the one).
	 */
	public static void write(Path target, byte[] key) {
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
				log.info("Generated the key {}", target);
			}
			catch (FileAlreadyExistsException e) {
				// another process was first: its key is the one
			}
			finally {
				Files.deleteIfExists(temporary);
			}
		}
		catch (IOException e) {
			throw new UncheckedIOException("Cannot write the key " + target, e);
		}
	}
}
