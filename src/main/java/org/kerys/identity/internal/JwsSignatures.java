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
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.RSAKey;
import org.kerys.identity.PlatformSignatures;
import org.springframework.stereotype.Component;

/**
 * {@link PlatformSignatures} with the platform's keys ({@link PlatformKeySet}): RS256 only. Signs with the key this
 * instance signs with; verifies with whichever platform key the signature names, retired ones included, so that
 * what was signed before a rotation still verifies.
 */
@Component
class JwsSignatures implements PlatformSignatures {

	private final PlatformKeySet keys;
	private volatile Signer signer;

	private record Signer(RSAKey key, JWSSigner signer) {
	}

	JwsSignatures(PlatformKeySet keys) {
		this.keys = keys;
	}

	private Signer signer() {
		Signer current = signer;
		if (current == null) {
			RSAKey key = keys.signing();
			try {
				current = new Signer(key, new RSASSASigner(key));
			}
			catch (JOSEException e) {
				throw new IllegalStateException("The platform key cannot sign", e);
			}
			signer = current;
		}
		return current;
	}

	@Override
	public String sign(String type, String payloadJson) {
		Signer signer = signer();
		JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(signer.key().getKeyID())
				.type(new JOSEObjectType(type)).build();
		JWSObject jws = new JWSObject(header, new Payload(payloadJson.getBytes(StandardCharsets.UTF_8)));
		try {
			jws.sign(signer.signer());
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
					|| !type.equals(header.getType().getType())
					|| header.getCriticalParams() != null && !header.getCriticalParams().isEmpty()) {
				return Optional.empty();
			}
			Optional<RSAKey> key = keys.verifying(header.getKeyID());
			if (key.isEmpty()) {
				return Optional.empty();
			}
			return jws.verify(new RSASSAVerifier(key.get().toRSAPublicKey()))
					? Optional.of(new String(jws.getPayload().toBytes(), StandardCharsets.UTF_8))
					: Optional.empty();
		}
		catch (ParseException | JOSEException | IllegalStateException e) {
			return Optional.empty();
		}
	}

	@Override
	public String keyId() {
		return signer().key().getKeyID();
	}
}
