package org.kerys.storage.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.MGF1ParameterSpec;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import javax.crypto.spec.SecretKeySpec;

/**
 * A file encrypted as RUDI's browser console and nodes do: a first block, as long as the RSA modulus, that is
 * RSA-OAEP (SHA-256, MGF1-SHA-256) over the AES-256 key followed by the 12-byte IV; then the AES-256-GCM
 * ciphertext of the file with its 128-bit tag at the end (no associated data).
 * <p>
 * The JDK's GCM decryption holds back every byte until the tag is checked, so it buffers the whole file: unusable
 * for gigabytes. GCM is counter mode plus a tag over the ciphertext, so this class reads the file twice instead:
 * {@link #verify} recomputes the tag (CTR-decrypting, then GCM-encrypting that plaintext with the same key and IV,
 * which gives back the same ciphertext and hence its tag) without writing anything; {@link #decrypt} then runs
 * counter mode alone from any 16-byte block, which also serves byte ranges of the plaintext. Memory stays at
 * a few buffers whatever the size.
 */
final class CryptFile {

	static final int AES_KEY_BYTES = 32;
	static final int IV_BYTES = 12;
	static final int TAG_BYTES = 16;
	/** GCM's limit on one message (2^39 − 256 bits); below it the 32-bit block counter never wraps. */
	static final long MAX_PLAIN_BYTES = (1L << 36) - 32;

	private static final int BUFFER_SIZE = 256 * 1024;
	private static final OAEPParameterSpec OAEP = new OAEPParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256,
			PSource.PSpecified.DEFAULT);

	private CryptFile() {
	}

	/** A private key of the media, by its id. */
	record Candidate(UUID keyId, RSAPrivateCrtKey key) {
	}

	/** An opened file: the key that opened it, the AES key and IV it carries, and where its ciphertext lies. */
	record Opened(UUID keyId, SecretKeySpec aesKey, byte[] iv, long headerLength, long size) {

		/** Bytes of ciphertext, tag excluded: as many as the plaintext. */
		long plainSize() {
			return size - headerLength - TAG_BYTES;
		}
	}

	/**
	 * Finds which of the candidate keys wraps this file's AES key, trying the newest first.
	 * @return empty when none does, or when the file is too short or too long to be such a file
	 */
	static Optional<Opened> open(FileChannel channel, long size, List<Candidate> candidates) throws IOException {
		for (Candidate candidate : candidates) {
			int header = (candidate.key().getModulus().bitLength() + 7) / 8;
			if (size < header + TAG_BYTES || size - header - TAG_BYTES > MAX_PLAIN_BYTES) {
				continue;
			}
			byte[] block = new byte[header];
			readFully(channel, ByteBuffer.wrap(block), 0);
			byte[] keyAndIv;
			try {
				Cipher rsa = Cipher.getInstance("RSA/ECB/OAEPPadding");
				rsa.init(Cipher.DECRYPT_MODE, candidate.key(), OAEP);
				keyAndIv = rsa.doFinal(block);
			}
			catch (GeneralSecurityException e) {
				continue; // another key's file, or a damaged first block
			}
			if (keyAndIv.length != AES_KEY_BYTES + IV_BYTES) {
				continue;
			}
			SecretKeySpec aesKey = new SecretKeySpec(keyAndIv, 0, AES_KEY_BYTES, "AES");
			byte[] iv = Arrays.copyOfRange(keyAndIv, AES_KEY_BYTES, keyAndIv.length);
			Arrays.fill(keyAndIv, (byte) 0);
			return Optional.of(new Opened(candidate.keyId(), aesKey, iv, header, size));
		}
		return Optional.empty();
	}

	/** True when the GCM tag matches the ciphertext; reads the whole file, writes nothing. */
	static boolean verify(FileChannel channel, Opened file) throws IOException {
		return verify(channel, file, SEGMENT_BYTES);
	}

	/**
	 * The JDK's GCM takes at most 2^31 − 1 bytes per message, so the tag is computed over segments of the
	 * ciphertext, each through its own GCM encryption from the same IV, and the segments' GHASH values are chained
	 * with a little GF(2^128) arithmetic ({@link Ghash}): all the bulk work stays in the JDK's intrinsics.
	 */
	static boolean verify(FileChannel channel, Opened file, long segmentBytes) throws IOException {
		try {
			Cipher ecb = Cipher.getInstance("AES/ECB/NoPadding");
			ecb.init(Cipher.ENCRYPT_MODE, file.aesKey());
			long[] h = Ghash.block(ecb.doFinal(new byte[16]));
			long[] hInverse = Ghash.inverse(h);
			byte[] j0 = Arrays.copyOf(file.iv(), 16);
			j0[15] = 1;
			long[] mask = Ghash.block(ecb.doFinal(j0));
			ByteBuffer in = ByteBuffer.allocate(BUFFER_SIZE);
			byte[] plain = new byte[BUFFER_SIZE];
			byte[] again = new byte[BUFFER_SIZE + TAG_BYTES];
			long[] state = { 0, 0 };
			long total = file.plainSize();
			long position = file.headerLength();
			long done = 0;
			do {
				long length = Math.min(segmentBytes, total - done);
				// Fed the ciphertext XOR its own keystream, a GCM encryption from the IV gives back exactly this
				// segment of ciphertext, and its tag: mask ⊕ GHASH(segment, lengths).
				Cipher ctr = counter(file, 0);
				Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
				gcm.init(Cipher.ENCRYPT_MODE, file.aesKey(), new GCMParameterSpec(TAG_BYTES * 8, file.iv()));
				for (long remaining = length; remaining > 0;) {
					in.clear().limit((int) Math.min(BUFFER_SIZE, remaining));
					int read = readFully(channel, in, position);
					int n = ctr.update(in.array(), 0, read, plain, 0);
					gcm.update(plain, 0, n, again, 0);
					position += read;
					remaining -= read;
				}
				byte[] last = gcm.doFinal();
				long[] tag = Ghash.block(Arrays.copyOfRange(last, last.length - TAG_BYTES, last.length));
				long[] segment = Ghash.unfinish(Ghash.xor(tag, mask), length, hInverse);
				state = Ghash.xor(Ghash.multiply(state, Ghash.power(h, (length + 15) / 16)), segment);
				done += length;
			}
			while (done < total);
			long[] computed = Ghash.xor(Ghash.finish(state, total, h), mask);
			byte[] stored = new byte[TAG_BYTES];
			readFully(channel, ByteBuffer.wrap(stored), file.size() - TAG_BYTES);
			return MessageDigest.isEqual(Ghash.bytes(computed), stored);
		}
		catch (GeneralSecurityException e) {
			throw new IllegalStateException("AES-GCM is not available in this JVM", e);
		}
	}

	/** 1 GiB: under the JDK's limit, and a multiple of the 16-byte block. */
	static final long SEGMENT_BYTES = 1L << 30;

	/**
	 * Writes {@code length} bytes of the plaintext from {@code first}. Call only after {@link #verify} said yes.
	 * @throws ClientGone when writing to {@code out} failed
	 */
	static void decrypt(FileChannel channel, Opened file, long first, long length, OutputStream out)
			throws IOException {
		long block = first / 16;
		int skip = (int) (first % 16);
		Cipher ctr;
		try {
			ctr = counter(file, block);
		}
		catch (GeneralSecurityException e) {
			throw new IllegalStateException("AES-CTR is not available in this JVM", e);
		}
		ByteBuffer in = ByteBuffer.allocate(BUFFER_SIZE);
		byte[] plain = new byte[BUFFER_SIZE];
		long position = file.headerLength() + block * 16;
		long remaining = length + skip;
		while (remaining > 0) {
			in.clear().limit((int) Math.min(BUFFER_SIZE, remaining));
			int read = readFully(channel, in, position);
			int n;
			try {
				n = ctr.update(in.array(), 0, read, plain, 0);
			}
			catch (GeneralSecurityException e) {
				throw new IllegalStateException(e);
			}
			try {
				out.write(plain, skip, n - skip);
			}
			catch (IOException e) {
				throw new ClientGone(e);
			}
			skip = 0;
			position += read;
			remaining -= read;
		}
	}

	/** Counter mode positioned at block {@code block} of the plaintext: GCM counts from IV‖2 (IV‖1 is the tag's). */
	private static Cipher counter(Opened file, long block) throws GeneralSecurityException {
		byte[] counter = Arrays.copyOf(file.iv(), 16);
		long value = 2 + block;
		counter[12] = (byte) (value >>> 24);
		counter[13] = (byte) (value >>> 16);
		counter[14] = (byte) (value >>> 8);
		counter[15] = (byte) value;
		Cipher ctr = Cipher.getInstance("AES/CTR/NoPadding");
		ctr.init(Cipher.DECRYPT_MODE, file.aesKey(), new IvParameterSpec(counter));
		return ctr;
	}

	private static int readFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
		int total = 0;
		while (buffer.hasRemaining()) {
			int read = channel.read(buffer, position + total);
			if (read < 0) {
				throw new IOException("The file ended before its recorded size");
			}
			total += read;
		}
		return total;
	}

	/** The client stopped reading: nobody is left to answer. */
	static final class ClientGone extends IOException {

		ClientGone(IOException cause) {
			super(cause.getMessage(), cause);
		}
	}
}
