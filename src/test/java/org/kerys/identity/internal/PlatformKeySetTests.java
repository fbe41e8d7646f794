package org.kerys.identity.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kerys.platform.KerysProperties;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;

/**
 * The platform key's rotation on a data directory: what the old key signed still verifies, in an instance that was
 * running during the rotation and in one started after it; the retired key keeps only its public half; the JWKS lists
 * both, the signing key first.
 */
class PlatformKeySetTests {

	static final String TYPE = "kerys-test+jwt";

	@TempDir
	Path dataDir;

	PlatformKeySet instance() {
		// command mode: no key bean, the data directory's key
		return new PlatformKeySet(new DefaultListableBeanFactory().getBeanProvider(RSAKey.class),
				new KerysProperties(dataDir, null, null, false, null, null, null, null));
	}

	@Test
	void shouldKeepVerifyingWhatTheRetiredKeySignedAndPublishBoth() throws Exception {
		PlatformKeySet running = instance();
		JwsSignatures before = new JwsSignatures(running);
		String old = before.sign(TYPE, "{\"n\":1}");
		String firstKey = before.keyId();
		assertThat(running.published().getKeys()).extracting(JWK::getKeyID).containsExactly(firstKey);

		SigningKey.Rotation rotation = SigningKey.rotate(dataDir);
		assertThat(rotation.retiredKeyId()).isEqualTo(firstKey);
		String secondKey = rotation.current().getKeyID();
		assertThat(secondKey).isNotEqualTo(firstKey);
		String retired = Files.readString(dataDir.resolve(SigningKey.RETIRED).resolve(firstKey + ".json"));
		assertThat(JWK.parse(retired).isPrivate()).as("the retired key keeps no private part").isFalse();

		// an instance started after the rotation signs with the new key and verifies both
		JwsSignatures after = new JwsSignatures(instance());
		String fresh = after.sign(TYPE, "{\"n\":2}");
		assertThat(after.keyId()).isEqualTo(secondKey);
		assertThat(after.verify(TYPE, old)).contains("{\"n\":1}");
		assertThat(after.verify(TYPE, fresh)).contains("{\"n\":2}");
		assertThat(after.verify("another+jwt", old)).isEmpty();

		// the running one keeps signing with its start-up key, and accepts the new key once it reads it again
		assertThat(before.keyId()).isEqualTo(firstKey);
		assertThat(before.verify(TYPE, old)).contains("{\"n\":1}");
		long deadline = System.nanoTime() + 5_000_000_000L;
		while (before.verify(TYPE, fresh).isEmpty()) {
			assertThat(System.nanoTime()).as("the running instance reads the new key").isLessThan(deadline);
			Thread.sleep(100);
		}
		assertThat(instance().published().getKeys()).extracting(JWK::getKeyID).containsExactly(secondKey, firstKey);

		// a second rotation retires the second key too; the first still verifies
		SigningKey.rotate(dataDir);
		JwsSignatures third = new JwsSignatures(instance());
		assertThat(third.verify(TYPE, old)).contains("{\"n\":1}");
		assertThat(third.verify(TYPE, fresh)).contains("{\"n\":2}");
		assertThat(instance().published().getKeys()).hasSize(3);
		// a signature by a key that is not the platform's does not verify
		String forged = new JwsSignatures(new PlatformKeySet(new DefaultListableBeanFactory().getBeanProvider(RSAKey.class),
				new KerysProperties(Files.createTempDirectory(dataDir, "other"), null, null, false, null, null, null, null)))
				.sign(TYPE, "{\"n\":3}");
		assertThat(third.verify(TYPE, forged)).isEmpty();
	}
}
