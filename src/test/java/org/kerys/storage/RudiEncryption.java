package org.kerys.storage;

import java.nio.ByteBuffer;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import javax.crypto.spec.SecretKeySpec;

/** A file encrypted for a media's public key as RUDI's clients do it (the storage and gateway tests). */
public final class RudiEncryption {

	private RudiEncryption() {
	}

	/** As RUDI's browser console: RSA-OAEP(SHA-256, MGF1-SHA-256)(key ‖ IV), then AES-256-GCM(plain) ‖ tag. */
	public static byte[] encryptAsRudi(byte[] plain, PublicKey key) throws Exception {
		SecureRandom random = new SecureRandom();
		byte[] aes = new byte[32];
		byte[] iv = new byte[12];
		random.nextBytes(aes);
		random.nextBytes(iv);
		Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
		gcm.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(aes, "AES"), new GCMParameterSpec(128, iv));
		byte[] body = gcm.doFinal(plain);
		Cipher rsa = Cipher.getInstance("RSA/ECB/OAEPPadding");
		rsa.init(Cipher.ENCRYPT_MODE, key, new OAEPParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256,
				PSource.PSpecified.DEFAULT));
		byte[] first = rsa.doFinal(ByteBuffer.allocate(44).put(aes).put(iv).array());
		return ByteBuffer.allocate(first.length + body.length).put(first).put(body).array();
	}

	/** The RSA public key of a PEM ("-----BEGIN PUBLIC KEY-----" …), as the encryption-key endpoints answer it. */
	public static PublicKey publicKey(String pem) throws Exception {
		String base64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s+", "");
		return KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
	}
}
