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
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The RSA key that signs access tokens, kept as a JWK in {@code <dataDir>/keys/jwt-signing.json}: generated on
 * first start (owner-only permissions where the file system has POSIX permissions), read again on later starts
 * so that tokens survive a restart. Instances that share the data directory share the key.
 */
final class SigningKey {

	static final String FILE = "keys/jwt-signing.json";
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

	/** Written to a temporary file first, then moved in place, so a crash or a second instance never leaves half a key. */
	private static void create(Path file) throws IOException {
		RSAKey key;
		try {
			key = new RSAKeyGenerator(2048).keyUse(KeyUse.SIGNATURE).keyID(UUID.randomUUID().toString()).generate();
		}
		catch (JOSEException e) {
			throw new IllegalStateException(e);
		}
		Files.createDirectories(file.getParent());
		boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
		Path temporary = file.resolveSibling(file.getFileName() + "." + UUID.randomUUID() + ".tmp");
		if (posix) {
			Files.createFile(temporary, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
		}
		try {
			Files.writeString(temporary, key.toJSONString(), StandardCharsets.UTF_8, StandardOpenOption.CREATE,
					StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.SYNC);
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
