package org.kerys.storage.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The committed vectors of an independent implementation (WebCrypto in Node.js, as RUDI's browser console
 * encrypts; {@code src/test/resources/crypto}) open, verify and decrypt through {@link CryptFile}, whole and by
 * ranges; altered copies fail the check.
 */
class CryptVectorsTests {

	@TempDir
	Path work;

	@Test
	void shouldDecryptEveryVectorWholeAndByRanges() throws Exception {
		Random random = new Random(42);
		for (Vector vector : vectors()) {
			Path file = copy(vector.crypt(), vector.id());
			try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
				CryptFile.Opened opened = CryptFile.open(channel, Files.size(file), List.of(vector.candidate()))
						.orElseThrow(() -> new AssertionError(vector.id() + " does not open"));
				assertThat(opened.plainSize()).as(vector.id()).isEqualTo(vector.plain().length);
				assertThat(CryptFile.verify(channel, opened)).as(vector.id()).isTrue();
				assertThat(decrypt(channel, opened, 0, vector.plain().length)).as(vector.id()).isEqualTo(vector.plain());
				for (int i = 0; i < 20 && vector.plain().length > 0; i++) {
					int first = random.nextInt(vector.plain().length);
					int length = random.nextInt(vector.plain().length - first + 1);
					assertThat(decrypt(channel, opened, first, length)).as(vector.id() + " " + first + "+" + length)
							.isEqualTo(Arrays.copyOfRange(vector.plain(), first, first + length));
				}
			}
		}
	}

	@Test
	void shouldChainTheTagOverSegmentsAsForFilesBeyondTheJdkGcmLimit() throws Exception {
		// Files of 2 GiB and more are checked in 1 GiB segments; small segments exercise the same chaining here.
		for (String id : List.of("rsa2048-binary-300k", "rsa2048-validations-csv", "rsa2048-seventeen-bytes",
				"rsa2048-empty")) {
			Vector vector = vector(id);
			Path file = copy(vector.crypt(), id);
			Path altered = copy(flip(vector.crypt(), vector.crypt().length - 20), id + "-altered");
			for (long segment : new long[] { 16, 4096, 65_536 * 3, 1L << 30 }) {
				if (segment == 16 && vector.plain().length > 10_000) {
					continue; // one GCM per 16 bytes: slow, and the csv vector covers it
				}
				try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
						FileChannel bad = FileChannel.open(altered, StandardOpenOption.READ)) {
					CryptFile.Opened opened = CryptFile.open(channel, Files.size(file), List.of(vector.candidate()))
							.orElseThrow();
					assertThat(CryptFile.verify(channel, opened, segment)).as(id + " / " + segment).isTrue();
					if (vector.plain().length > 20) {
						assertThat(CryptFile.verify(bad, opened, segment)).as(id + " altered / " + segment).isFalse();
					}
				}
			}
		}
	}

	@Test
	void shouldTryEveryKeyOfTheMediaAndTellWhichOpened() throws Exception {
		Vector vector = vector("rsa3072-validations-csv");
		Vector other = vector("rsa2048-one-byte");
		Path file = copy(vector.crypt(), "two-keys");
		try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
			CryptFile.Opened opened = CryptFile.open(channel, Files.size(file),
					List.of(other.candidate(), vector.candidate())).orElseThrow();
			assertThat(opened.keyId()).isEqualTo(vector.candidate().keyId());
			assertThat(opened.headerLength()).isEqualTo(384);
			assertThat(CryptFile.open(channel, Files.size(file), List.of(other.candidate()))).isEmpty();
		}
	}

	@Test
	void shouldRefuseAlteredFiles() throws Exception {
		Vector vector = vector("rsa2048-validations-csv");
		byte[] good = vector.crypt();
		int header = 256;
		// a flipped byte in the wrapped key: no key opens the first block
		assertThat(opens(flip(good, 10))).isFalse();
		// in the body, in the tag, or a truncated file: the first block opens, the tag check fails
		assertThat(verifies(flip(good, header + 100))).isFalse();
		assertThat(verifies(flip(good, good.length - 3))).isFalse();
		assertThat(verifies(Arrays.copyOf(good, good.length - 1))).isFalse();
		assertThat(verifies(Arrays.copyOf(good, good.length - 40))).isFalse();
		// shorter than a first block and a tag: nothing to open
		assertThat(opens(Arrays.copyOf(good, header + 15))).isFalse();
		assertThat(verifies(good)).isTrue();
	}

	private boolean opens(byte[] content) throws IOException {
		Path file = work.resolve(UUID.randomUUID().toString());
		Files.write(file, content);
		try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
			return CryptFile.open(channel, content.length, List.of(vector("rsa2048-validations-csv").candidate()))
					.isPresent();
		}
	}

	private boolean verifies(byte[] content) throws IOException {
		Path file = work.resolve(UUID.randomUUID().toString());
		Files.write(file, content);
		try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
			CryptFile.Opened opened = CryptFile.open(channel, content.length,
					List.of(vector("rsa2048-validations-csv").candidate())).orElseThrow();
			return CryptFile.verify(channel, opened);
		}
	}

	private static byte[] decrypt(FileChannel channel, CryptFile.Opened opened, long first, long length)
			throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		CryptFile.decrypt(channel, opened, first, length, out);
		return out.toByteArray();
	}

	private Path copy(byte[] content, String name) throws IOException {
		Path file = work.resolve(name);
		Files.write(file, content);
		return file;
	}

	static byte[] flip(byte[] content, int at) {
		byte[] copy = content.clone();
		copy[at] ^= 0x01;
		return copy;
	}

	/** A vector: its key pair (from PEM), plaintext and ciphertext. */
	record Vector(String id, KeyPair pair, UUID keyId, byte[] plain, byte[] crypt) {

		CryptFile.Candidate candidate() {
			return new CryptFile.Candidate(keyId, (RSAPrivateCrtKey) pair.getPrivate());
		}
	}

	static Vector vector(String id) {
		return vectors().stream().filter(v -> v.id().equals(id)).findFirst().orElseThrow();
	}

	static List<Vector> vectors() {
		JsonNode index = JsonMapper.builder().build().readTree(new String(resource("vectors.json"), StandardCharsets.UTF_8));
		List<Vector> vectors = new ArrayList<>();
		for (JsonNode v : index.get("vectors")) {
			String key = v.get("key").asString();
			vectors.add(new Vector(v.get("id").asString(), pair(key), UUID.nameUUIDFromBytes(key.getBytes()),
					resource(v.get("plain").asString()), resource(v.get("crypt").asString())));
		}
		return vectors;
	}

	static KeyPair pair(String key) {
		try {
			KeyFactory rsa = KeyFactory.getInstance("RSA");
			return new KeyPair(rsa.generatePublic(new X509EncodedKeySpec(unpem(resource(key + ".spki.pem")))),
					rsa.generatePrivate(new PKCS8EncodedKeySpec(unpem(resource(key + ".pkcs8.pem")))));
		}
		catch (Exception e) {
			throw new IllegalStateException(e);
		}
	}

	private static byte[] unpem(byte[] pem) {
		String text = new String(pem, StandardCharsets.US_ASCII).replaceAll("-----[A-Z ]+-----", "")
				.replaceAll("\\s+", "");
		return Base64.getDecoder().decode(text);
	}

	static byte[] resource(String name) {
		try (InputStream in = CryptVectorsTests.class.getResourceAsStream("/crypto/vectors/" + name)) {
			if (in == null) {
				throw new IllegalStateException("No vector " + name);
			}
			return in.readAllBytes();
		}
		catch (IOException e) {
			throw new IllegalStateException(e);
		}
	}
}
