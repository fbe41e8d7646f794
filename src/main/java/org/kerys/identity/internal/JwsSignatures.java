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
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.stereotype.Component;

/** {@link PlatformSignatures} with the token signing key ({@link SigningKey}): RS256 only. */
@Component
@ConditionalOnWebApplication
class JwsSignatures implements PlatformSignatures {

	private final RSAKey key;
	private final JWSSigner signer;
	private final JWSVerifier verifier;

	JwsSignatures(RSAKey signingKey) throws JOSEException {
		this.key = signingKey;
		this.signer = new RSASSASigner(signingKey);
		this.verifier = new RSASSAVerifier(signingKey.toRSAPublicKey());
	}

	@Override
	public String sign(String type, String payloadJson) {
		JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID())
				.type(new JOSEObjectType(type)).build();
		JWSObject jws = new JWSObject(header, new Payload(payloadJson.getBytes(StandardCharsets.UTF_8)));
		try {
			jws.sign(signer);
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
					|| !type.equals(header.getType().getType()) || !key.getKeyID().equals(header.getKeyID())
					|| header.getCriticalParams() != null && !header.getCriticalParams().isEmpty()) {
				return Optional.empty();
			}
			return jws.verify(verifier) ? Optional.of(new String(jws.getPayload().toBytes(), StandardCharsets.UTF_8))
					: Optional.empty();
		}
		catch (ParseException | JOSEException | IllegalStateException e) {
			return Optional.empty();
		}
	}

	@Override
	public String keyId() {
		return key.getKeyID();
	}
}
