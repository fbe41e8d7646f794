package org.kerys.storage.internal;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;

/**
 * The digests computed while a body streams in: always SHA-256 (the blob's address) and MD5 (what RUDI
 * records usually declare), plus the algorithm a media declared when it is another one (SHA-512).
 */
final class Digests {

	private final MessageDigest sha256 = digest("SHA-256");
	private final MessageDigest md5 = digest("MD5");
	private final String declaredAlgorithm;
	private final MessageDigest declared;

	private Digests(String declaredAlgorithm, MessageDigest declared) {
		this.declaredAlgorithm = declaredAlgorithm;
		this.declared = declared;
	}

	/** @param declaredAlgorithm a supported algorithm name ({@link #algorithm}), or null */
	static Digests of(String declaredAlgorithm) {
		boolean extra = declaredAlgorithm != null && !declaredAlgorithm.equals("SHA-256")
				&& !declaredAlgorithm.equals("MD5");
		return new Digests(declaredAlgorithm, extra ? digest(declaredAlgorithm) : null);
	}

	/**
	 * The JDK name of a checksum algorithm as RUDI spells it ({@code MD5}, {@code SHA-256}, {@code SHA-512}),
	 * tolerating case and a missing dash; empty when Kerys cannot verify it.
	 */
	static Optional<String> algorithm(String rudiName) {
		String name = rudiName.trim().toUpperCase(Locale.ROOT).replace("_", "-");
		return Optional.ofNullable(switch (name) {
			case "MD5" -> "MD5";
			case "SHA-256", "SHA256" -> "SHA-256";
			case "SHA-512", "SHA512" -> "SHA-512";
			default -> null;
		});
	}

	void update(byte[] buffer, int length) {
		sha256.update(buffer, 0, length);
		md5.update(buffer, 0, length);
		if (declared != null) {
			declared.update(buffer, 0, length);
		}
	}

	Result finish() {
		String sha = hex(sha256);
		String md = hex(md5);
		String other = declared == null ? null : hex(declared);
		return new Result(sha, md, declaredAlgorithm, other);
	}

	private static String hex(MessageDigest digest) {
		return HexFormat.of().formatHex(digest.digest());
	}

	private static MessageDigest digest(String algorithm) {
		try {
			return MessageDigest.getInstance(algorithm);
		}
		catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException("This JVM lacks " + algorithm, e);
		}
	}

	/** Lower-case hexadecimal digests of a body. */
	record Result(String sha256, String md5, String otherAlgorithm, String other) {

		/** The digest of the body under a supported algorithm name. */
		String of(String algorithm) {
			return switch (algorithm) {
				case "SHA-256" -> sha256;
				case "MD5" -> md5;
				default -> algorithm.equals(otherAlgorithm) ? other : null;
			};
		}
	}
}
