package org.kerys.selfdata.internal.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kerys.platform.KeyFiles;
import org.kerys.platform.KerysProperties;

/** The primitives alone, on a temporary data directory (the HTTP tests use them through the running portal). */
class PersonalKeysTests {

	@TempDir
	Path dir;

	private PersonalKeys keys(String key, String previous, String hmac) {
		return new PersonalKeys(new KerysProperties(dir, null, null, false, null, null, null, null), key, previous,
				hmac);
	}

	private static byte[] b(String s) {
		return s.getBytes(StandardCharsets.UTF_8);
	}

	@Test
	void shouldSealAndOpenWithAssociatedDataAndGenerateOwnerOnlyKeys() throws Exception {
		PersonalKeys keys = keys(null, null, null);
		PersonalKeys.Sealed sealed = keys.seal(b("Dupont"), b("row-1/name"));
		assertThat(new String(sealed.bytes(), StandardCharsets.UTF_8)).doesNotContain("Dupont");
		assertThat(sealed.bytes()).hasSize(12 + 6 + 16);
		assertThat(sealed.keyId()).isEqualTo(keys.currentKeyId()).hasSize(16);
		assertThat(keys.open(sealed, b("row-1/name"))).isEqualTo(b("Dupont"));
		// two seals of the same value differ (random nonce)
		assertThat(keys.seal(b("Dupont"), b("row-1/name")).bytes()).isNotEqualTo(sealed.bytes());
		// moved to another row, altered, or under an unknown key: a clear error
		assertThatThrownBy(() -> keys.open(sealed, b("row-2/name"))).isInstanceOf(IllegalStateException.class)
				.hasMessageContaining("altered");
		byte[] altered = sealed.bytes().clone();
		altered[14] ^= 1;
		assertThatThrownBy(() -> keys.open(sealed.keyId(), altered, b("row-1/name")))
				.isInstanceOf(IllegalStateException.class);
		assertThatThrownBy(() -> keys.open("0000000000000000", sealed.bytes(), b("row-1/name")))
				.hasMessageContaining("does not have");
		assertThatThrownBy(() -> keys.open(sealed.keyId(), new byte[5], b("row-1/name")))
				.isInstanceOf(IllegalStateException.class);
		keys.hmac(b("x")); // the HMAC key is made on first use (at start in the portal)
		Path file = dir.resolve(PersonalKeys.FILE);
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(PersonalKeys.HMAC_FILE))))
				.isEqualTo("rw-------");
		// another instance on the same directory has the same keys
		PersonalKeys again = keys(null, null, null);
		assertThat(again.open(sealed, b("row-1/name"))).isEqualTo(b("Dupont"));
		assertThat(again.hmac(b("a"), b("b"))).isEqualTo(keys.hmac(b("a"), b("b")));
	}

	@Test
	void shouldKeyTheHmacAndSeparateItsParts() {
		PersonalKeys keys = keys(null, null, null);
		assertThat(keys.hmac(b("ab"), b("c"))).hasSize(32).isNotEqualTo(keys.hmac(b("a"), b("bc")));
		assertThat(keys.hmac(b("x"))).isEqualTo(keys.hmac(b("x")));
		String other = Base64.getEncoder().encodeToString(KeyFiles.generate());
		assertThat(keys(null, null, other).hmac(b("x"))).isNotEqualTo(keys.hmac(b("x")));
	}

	@Test
	void shouldRotateAGeneratedKeyAndStillOpenWhatTheOldOneSealed() {
		PersonalKeys keys = keys(null, null, null);
		PersonalKeys.Sealed old = keys.seal(b("1 rue de la Paix"), b("ad"));
		String before = keys.currentKeyId();
		keys.files().rotateFile();
		keys.refresh();
		assertThat(keys.currentKeyId()).isNotEqualTo(before);
		assertThat(keys.files().previousFileId()).isEqualTo(before);
		assertThat(keys.open(old, b("ad"))).isEqualTo(b("1 rue de la Paix"));
		PersonalKeys.Sealed resealed = keys.reseal(old.keyId(), old.bytes(), b("ad"));
		assertThat(resealed.keyId()).isEqualTo(keys.currentKeyId());
		assertThat(keys.open(resealed, b("ad"))).isEqualTo(b("1 rue de la Paix"));
		assertThat(keys.reseal(resealed.keyId(), resealed.bytes(), b("ad"))).isNull();
	}

	@Test
	void shouldUseConfiguredKeysWithAPreviousOneAndRefuseBadOnes() {
		String first = Base64.getEncoder().encodeToString(KeyFiles.generate());
		String second = Base64.getEncoder().encodeToString(KeyFiles.generate());
		PersonalKeys old = keys(first, null, null);
		PersonalKeys.Sealed sealed = old.seal(b("v"), b(""));
		PersonalKeys rotated = keys(second, first, null);
		assertThat(rotated.currentKeyId()).isNotEqualTo(sealed.keyId());
		assertThat(rotated.open(sealed, b(""))).isEqualTo(b("v"));
		assertThat(keys(second, null, null).files().configured()).isTrue();
		assertThat(Files.exists(dir.resolve(PersonalKeys.FILE))).isFalse();
		assertThatThrownBy(() -> keys("c2hvcnQ=", null, null)).hasMessageContaining("32 bytes");
		assertThatThrownBy(() -> keys("not base64!", null, null)).hasMessageContaining("base64");
	}
}
