package org.kerys.selfdata.internal.store;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import org.kerys.selfdata.internal.crypto.PersonalKeys;
import org.springframework.stereotype.Component;

/** The store's primitives on the self-data keys: lookup hashes under the HMAC key, records sealed under the AES key. */
@Component
class PersonalStoreKeys implements StoreKeys {

	private static final byte[] PURPOSE = "kerys selfdata store subject".getBytes(StandardCharsets.UTF_8);

	private final PersonalKeys keys;

	PersonalStoreKeys(PersonalKeys keys) {
		this.keys = keys;
	}

	@Override
	public byte[] lookup(UUID datasetId, String subject) {
		return keys.hmac(PURPOSE, StoreLoader.uuidBytes(datasetId), subject.getBytes(StandardCharsets.UTF_8));
	}

	@Override
	public Sealed seal(byte[] plain, byte[] associated) {
		PersonalKeys.Sealed sealed = keys.seal(plain, associated);
		return new Sealed(sealed.keyId(), sealed.bytes());
	}

	@Override
	public byte[] open(String keyId, byte[] sealed, byte[] associated) {
		return keys.open(keyId, sealed, associated);
	}
}
