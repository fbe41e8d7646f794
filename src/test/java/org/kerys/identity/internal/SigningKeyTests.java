package org.kerys.identity.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import com.nimbusds.jose.jwk.RSAKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SigningKeyTests {

	@TempDir
	Path dataDir;

	@Test
	void shouldGenerateTheKeyOnceAndReuseIt() throws Exception {
		RSAKey first = SigningKey.loadOrCreate(dataDir);
		RSAKey again = SigningKey.loadOrCreate(dataDir);
		assertThat(first.isPrivate()).isTrue();
		assertThat(first.size()).isEqualTo(2048);
		assertThat(again.getKeyID()).isEqualTo(first.getKeyID());
		assertThat(again.toRSAPublicKey()).isEqualTo(first.toRSAPublicKey());
		Path file = dataDir.resolve("keys/jwt-signing.json");
		if (Files.getFileStore(file).supportsFileAttributeView("posix")) {
			assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
		}
		try (var files = Files.list(file.getParent())) {
			assertThat(files).containsExactly(file); // no temporary file left behind
		}
	}
}
