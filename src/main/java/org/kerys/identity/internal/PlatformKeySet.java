package org.kerys.identity.internal;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import org.kerys.platform.KerysProperties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * The platform's keys: the one this instance signs with (read at start: the web application's key bean, or the data
 * directory's key in command mode), and every key that verifies — that one, the data directory's current key (another
 * instance may have started after a rotation) and the retired ones ({@link SigningKey#rotate}). The verifying set is
 * read again from the data directory when a signature names a key it does not hold (at most once a second), and every
 * few seconds for the published JWKS, so a rotation beside running instances is followed without a restart; an
 * instance keeps signing with its start-up key until it restarts, which the others still accept.
 */
@Component
class PlatformKeySet {

	private static final long UNKNOWN_KEY_RECHECK_NANOS = 1_000_000_000L;
	private static final long PUBLISHED_RECHECK_NANOS = 5_000_000_000L;

	private final ObjectProvider<RSAKey> bean;
	private final KerysProperties properties;
	private volatile RSAKey signing;
	private volatile Map<String, RSAKey> verifying;
	private volatile long readAt;

	PlatformKeySet(ObjectProvider<RSAKey> signingKey, KerysProperties properties) {
		this.bean = signingKey;
		this.properties = properties;
	}

	/** The key this instance signs with. */
	RSAKey signing() {
		RSAKey key = signing;
		if (key == null) {
			key = bean.getIfAvailable(() -> SigningKey.loadOrCreate(properties.dataDir()));
			signing = key;
		}
		return key;
	}

	/** The public key with this id, if it is one of the platform's (current or retired). */
	Optional<RSAKey> verifying(String keyId) {
		if (keyId == null) {
			return Optional.empty();
		}
		RSAKey key = verifying(0).get(keyId);
		if (key == null && System.nanoTime() - readAt > UNKNOWN_KEY_RECHECK_NANOS) {
			key = read().get(keyId);
		}
		return Optional.ofNullable(key);
	}

	/** Every public key that verifies, the signing one first: the JWKS. */
	JWKSet published() {
		return new JWKSet(List.<JWK>copyOf(verifying(PUBLISHED_RECHECK_NANOS).values()));
	}

	private Map<String, RSAKey> verifying(long maxAgeNanos) {
		Map<String, RSAKey> keys = verifying;
		if (keys == null || maxAgeNanos > 0 && System.nanoTime() - readAt > maxAgeNanos) {
			keys = read();
		}
		return keys;
	}

	private synchronized Map<String, RSAKey> read() {
		Map<String, RSAKey> keys = new LinkedHashMap<>();
		RSAKey own = signing().toPublicJWK();
		keys.put(own.getKeyID(), own);
		for (RSAKey key : SigningKey.known(properties.dataDir())) {
			keys.putIfAbsent(key.getKeyID(), key);
		}
		Map<String, RSAKey> read = Collections.unmodifiableMap(keys);
		verifying = read;
		readAt = System.nanoTime();
		return read;
	}
}
