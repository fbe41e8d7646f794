package org.kerys.identity.internal;

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
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The RSA key that signs access tokens and the platform's signed documents (consent receipts), kept as a JWK in
 * {@code <dataDir>/keys/jwt-signing.json}: generated on first start (owner-only permissions where the file system has
 * POSIX permissions), read again on later starts so that tokens survive a restart. Instances that share the data
 * directory share the key. {@link #rotate} makes a new one and keeps the old one's public half in
 * {@code keys/jwt-signing-retired/<kid>.json}, so that what it signed (tokens until they expire, receipts for ever)
 * still verifies.
 */
final class SigningKey {

	static final String FILE = "keys/jwt-signing.json";
	static final String RETIRED = "keys/jwt-signing-retired";
	private static final Logger log = LoggerFactory.getLogger(SigningKey.class);

	private SigningKey() {
	}

	static RSAKey loadOrCreate(Path dataDir) {
		Path file = dataDir.resolve(FILE);
		try {
			if (!Files.exists(file)) {
				create(file);
			}
			return RSAKey.parse(Files.readString(file, StandardCharsets.UTF_8));
		}
		catch (IOException e) {
			throw new UncheckedIOException("Cannot read or write the signing key " + file, e);
		}
		catch (ParseException e) {
			throw new IllegalStateException("The signing key " + file + " is not an RSA JWK", e);
		}
	}

	/** The key the data directory holds now and the public halves of the retired ones: what verifies. */
	static List<RSAKey> known(Path dataDir) {
		List<RSAKey> keys = new ArrayList<>();
		Path file = dataDir.resolve(FILE);
		Path retired = dataDir.resolve(RETIRED);
		try {
			if (Files.exists(file)) {
				keys.add(RSAKey.parse(Files.readString(file, StandardCharsets.UTF_8)).toPublicJWK());
			}
			if (Files.isDirectory(retired)) {
				try (Stream<Path> files = Files.list(retired)) {
					for (Path one : files.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().toList()) {
						keys.add(RSAKey.parse(Files.readString(one, StandardCharsets.UTF_8)).toPublicJWK());
					}
				}
			}
		}
		catch (IOException e) {
			throw new UncheckedIOException("Cannot read the signing keys under " + dataDir.resolve("keys"), e);
		}
		catch (ParseException e) {
			throw new IllegalStateException("A signing key under " + dataDir.resolve("keys") + " is not an RSA JWK", e);
		}
		return keys;
	}

	/** What a rotation did: the key now in use, and the id of the one retired (null when there was none). */
	record Rotation(RSAKey current, String retiredKeyId) {
	}

	/**
	 * Retires the current key (its public half is kept, never its private one) and puts a new one in its place. The
	 * retired public key is written first, so that a crash in between leaves both verifiable.
	 */
	static Rotation rotate(Path dataDir) {
		Path file = dataDir.resolve(FILE);
		try {
			if (!Files.exists(file)) {
				create(file);
				return new Rotation(loadOrCreate(dataDir), null);
			}
			RSAKey old = RSAKey.parse(Files.readString(file, StandardCharsets.UTF_8));
			Path retired = dataDir.resolve(RETIRED);
			Files.createDirectories(retired);
			Files.writeString(retired.resolve(old.getKeyID() + ".json"), old.toPublicJWK().toJSONString(),
					StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
					StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.SYNC);
			Path next = file.resolveSibling(file.getFileName() + "." + UUID.randomUUID() + ".next");
			try {
				write(next, generate());
				Files.move(next, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
			}
			finally {
				Files.deleteIfExists(next);
			}
			log.info("Rotated the signing key {}: {} retired", file, old.getKeyID());
			return new Rotation(loadOrCreate(dataDir), old.getKeyID());
		}
		catch (IOException e) {
			throw new UncheckedIOException("Cannot rotate the signing key " + file, e);
		}
		catch (ParseException e) {
			throw new IllegalStateException("The signing key " + file + " is not an RSA JWK", e);
		}
	}

	private static RSAKey generate() {
		try {
			return new RSAKeyGenerator(2048).keyUse(KeyUse.SIGNATURE).keyID(UUID.randomUUID().toString()).generate();
		}
		catch (JOSEException e) {
			throw new IllegalStateException(e);
		}
	}

	/** A new file holding the key, owner-only where the file system has POSIX permissions, synced. */
	private static void write(Path file, RSAKey key) throws IOException {
		if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
			Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
		}
		Files.writeString(file, key.toJSONString(), StandardCharsets.UTF_8, StandardOpenOption.CREATE,
				StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.SYNC);
	}

	/** Written to a temporary file first, then moved in place, so a crash or a second instance never leaves half a key. */
	private static void create(Path file) throws IOException {
		RSAKey key = generate();
		Files.createDirectories(file.getParent());
		Path temporary = file.resolveSibling(file.getFileName() + "." + UUID.randomUUID() + ".tmp");
		try {
			write(temporary, key);
			try {
				Files.createLink(file, temporary); // fails if the key exists, where a rename would replace it
			}
			catch (UnsupportedOperationException e) {
				Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
			}
			log.info("Generated the token signing key {}", file);
		}
		catch (FileAlreadyExistsException e) {
			// another instance was first: its key is the one
		}
		finally {
			Files.deleteIfExists(temporary);
		}
	}
}
