package org.kerys.identity;

import java.util.Optional;

/**
 * Signatures by the platform key (the RSA key whose public part is at {@code /.well-known/jwks.json}), for documents
 * Kerys issues that others must be able to check without asking Kerys: consent receipts. A signed document is a JWS
 * in compact serialisation (RS256, with the key id and a {@code typ} naming the kind of document, so that it can
 * never pass for an access token).
 */
public interface PlatformSignatures {

	/**
	 * Signs a JSON text.
	 *
	 * @param type the JWS {@code typ} header, e.g. {@code kerys-consent-receipt+jwt}
	 * @param payloadJson the payload, kept byte for byte
	 * @return {@code header.payload.signature}
	 */
	String sign(String type, String payloadJson);

	/**
	 * The payload of a JWS of this type signed by a platform key — the current one or one retired by a rotation (the
	 * JWKS lists them all); empty when it is not one (malformed, another algorithm or key, another type, a signature
	 * that does not match its header and payload).
	 */
	Optional<String> verify(String type, String compact);

	/** The id ({@code kid}) of the key that signs now. */
	String keyId();
}
