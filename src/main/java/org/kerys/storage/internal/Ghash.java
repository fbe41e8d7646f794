package org.kerys.storage.internal;

/**
 * The few GF(2^128) operations of GCM's GHASH (NIST SP 800-38D, its bit order) that chain segment tags: a block is
 * two longs, the first 8 bytes big-endian then the next 8. Only a few hundred multiplications per file, so the
 * plain bitwise algorithm is enough.
 */
final class Ghash {

	private static final long R = 0xE100000000000000L;
	private static final long[] ONE = { 0x8000000000000000L, 0 };

	private Ghash() {
	}

	static long[] block(byte[] bytes) {
		long hi = 0;
		long lo = 0;
		for (int i = 0; i < 8; i++) {
			hi = (hi << 8) | (bytes[i] & 0xff);
			lo = (lo << 8) | (bytes[8 + i] & 0xff);
		}
		return new long[] { hi, lo };
	}

	static byte[] bytes(long[] block) {
		byte[] out = new byte[16];
		for (int i = 0; i < 8; i++) {
			out[i] = (byte) (block[0] >>> (56 - 8 * i));
			out[8 + i] = (byte) (block[1] >>> (56 - 8 * i));
		}
		return out;
	}

	static long[] xor(long[] a, long[] b) {
		return new long[] { a[0] ^ b[0], a[1] ^ b[1] };
	}

	static long[] multiply(long[] x, long[] y) {
		long zHi = 0;
		long zLo = 0;
		long vHi = y[0];
		long vLo = y[1];
		for (int i = 0; i < 128; i++) {
			long bit = i < 64 ? (x[0] >>> (63 - i)) & 1 : (x[1] >>> (127 - i)) & 1;
			if (bit != 0) {
				zHi ^= vHi;
				zLo ^= vLo;
			}
			boolean carry = (vLo & 1) != 0;
			vLo = (vLo >>> 1) | (vHi << 63);
			vHi >>>= 1;
			if (carry) {
				vHi ^= R;
			}
		}
		return new long[] { zHi, zLo };
	}

	/** h^n, for n ≥ 0. */
	static long[] power(long[] h, long n) {
		long[] result = ONE;
		long[] base = h;
		for (long e = n; e > 0; e >>>= 1) {
			if ((e & 1) != 0) {
				result = multiply(result, base);
			}
			base = multiply(base, base);
		}
		return result;
	}

	/** h^-1 = h^(2^128 − 2). */
	static long[] inverse(long[] h) {
		long[] result = ONE;
		long[] square = h;
		for (int i = 1; i < 128; i++) {
			square = multiply(square, square); // h^(2^i)
			result = multiply(result, square);
		}
		return result;
	}

	/** The lengths block of a message with no associated data and {@code bytes} of ciphertext. */
	static long[] lengths(long bytes) {
		return new long[] { 0, bytes * 8 };
	}

	/** GHASH's output for a chain state after {@code bytes} of ciphertext: (state ⊕ lengths)·H. */
	static long[] finish(long[] state, long bytes, long[] h) {
		return multiply(xor(state, lengths(bytes)), h);
	}

	/** The chain state a GHASH output came from: the inverse of {@link #finish} ({@code hInverse} = h^-1). */
	static long[] unfinish(long[] output, long bytes, long[] hInverse) {
		return xor(multiply(output, hInverse), lengths(bytes));
	}
}
