package org.kerys.selfdata.internal.store;

import java.util.UUID;

/** The two primitives the store needs: a keyed lookup hash and sealing, from the self-data keys. */
interface StoreKeys {

	/** HMAC-SHA-256 of a subject's normalised matching values, bound to the dataset. */
	byte[] lookup(UUID datasetId, String subject);

	/** AES-256-GCM under the current key; {@code associated} is authenticated, not stored. */
	Sealed seal(byte[] plain, byte[] associated);

	/** Opens what {@link #seal} sealed under {@code keyId}. */
	byte[] open(String keyId, byte[] sealed, byte[] associated);

	/** Sealed bytes and the id of the key they were sealed under. */
	record Sealed(String keyId, byte[] bytes) {
	}

	/** What the seal of a subject's records is bound to: its dataset and lookup hash (no row swapping). */
	static byte[] associated(UUID datasetId, byte[] lookup) {
		byte[] bytes = new byte[16 + lookup.length];
		java.nio.ByteBuffer.wrap(bytes).putLong(datasetId.getMostSignificantBits())
				.putLong(datasetId.getLeastSignificantBits()).put(lookup);
		return bytes;
	}
}
