package org.kerys.identity.internal;

import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.Optional;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.RSAKey;
import org.kerys.identity.PlatformSignatures;
import org.kerys.platform.KerysProperties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * {@link PlatformSignatures} with the token signing key ({@link SigningKey}): RS256 only. The key is the web
 * application's bean; in command mode (no web application, no such bean) it is read from the data directory on first
 * use.
 */
@Component
class JwsSignatures implements PlatformSignatures {

	private final ObjectProvider<RSAKey> bean;
	private final KerysProperties properties;
	private volatile Keys keys;

	private record Keys(RSAKey key, JWSSigner signer, JWSVerifier verifier) {
	}

	JwsSignatures(ObjectProvider<RSAKey> signingKey, KerysProperties properties) {
		this.bean = signingKey;
		this.properties = properties;
	}

	private Keys keys() {
		Keys current = keys;
		if (current == null) {
			RSAKey key = bean.getIfAvailable(() -> SigningKey.loadOrCreate(properties.dataDir()));
			try {
				current = new Keys(key, new RSASSASigner(key), new RSASSAVerifier(key.toRSAPublicKey()));
			}
			catch (JOSEException e) {
				throw new IllegalStateException("The platform key cannot sign", e);
			}
			keys = current;
		}
		return current;
	}

	@Override
	public String sign(String type, String payloadJson) {
		Keys keys = keys();
		JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(keys.key().getKeyID())
				.type(new JOSEObjectType(type)).build();
		JWSObject jws = new JWSObject(header, new Payload(payloadJson.getBytes(StandardCharsets.UTF_8)));
		try {
			jws.sign(keys.signer());
		}
		catch (JOSEException e) {
			throw new IllegalStateException("Cannot sign with the platform key", e);
		}
		return jws.serialize();
	}

	@Override
	public Optional<String> verify(String type, String compact) {
		if (compact == null || compact.length() > 1_000_000) {
			return Optional.empty();
		}
		try {
			JWSObject jws = JWSObject.parse(compact.trim());
			JWSHeader header = jws.getHeader();
			if (!JWSAlgorithm.RS256.equals(header.getAlgorithm()) || header.getType() == null
					|| !type.equals(header.getType().getType()) || !keys().key().getKeyID().equals(header.getKeyID())
					|| header.getCriticalParams() != null && !header.getCriticalParams().isEmpty()) {
				return Optional.empty();
			}
			return jws.verify(keys().verifier()) ? Optional.of(new String(jws.getPayload().toBytes(), StandardCharsets.UTF_8))
					: Optional.empty();
		}
		catch (ParseException | JOSEException | IllegalStateException e) {
			return Optional.empty();
		}
	}

	@Override
	public String keyId() {
		return keys().key().getKeyID();
	}
}
