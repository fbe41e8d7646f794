package org.kerys.storage.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The blob store on its own: what it leaves on disk when a body is too long, unreadable, or already stored. */
class BlobStoreTests {

	@TempDir
	Path root;

	@Test
	void shouldStageDigestAndPlaceABlob() throws Exception {
		BlobStore blobs = new BlobStore(root);
		byte[] content = random(200_000);
		try (BlobStore.StagedBlob staged = blobs.stage(new ByteArrayInputStream(content), 200_000, Digests.of("SHA-512"))) {
			assertThat(staged.size()).isEqualTo(200_000);
			assertThat(staged.digests().sha256()).isEqualTo(hex("SHA-256", content));
			assertThat(staged.digests().md5()).isEqualTo(hex("MD5", content));
			assertThat(staged.digests().of("SHA-512")).isEqualTo(hex("SHA-512", content));
			blobs.place(staged);
		}
		String sha256 = hex("SHA-256", content);
		assertThat(blobs.path(sha256)).hasBinaryContent(content)
				.isEqualTo(root.resolve("sha256").resolve(sha256.substring(0, 2)).resolve(sha256.substring(2, 4)).resolve(sha256));
		assertThat(root.resolve("tmp")).isEmptyDirectory();

		// The same content again: the existing blob stays, the new temporary file goes.
		try (BlobStore.StagedBlob again = blobs.stage(new ByteArrayInputStream(content), 200_000, Digests.of(null))) {
			blobs.place(again);
		}
		assertThat(blobs.blobs().toList()).containsExactly(sha256);
		assertThat(root.resolve("tmp")).isEmptyDirectory();
	}

	@Test
	void shouldStopReadingPastTheLimitAndKeepNothing() {
		BlobStore blobs = new BlobStore(root);
		CountingStream body = new CountingStream(new ByteArrayInputStream(random(1_000_000)));
		assertThatThrownBy(() -> blobs.stage(body, 100_000, Digests.of(null))).isInstanceOf(BlobStore.BodyTooLarge.class);
		assertThat(body.read).as("bytes read").isLessThanOrEqualTo(100_000 + 64 * 1024);
		assertThat(root.resolve("tmp")).isEmptyDirectory();
		assertThat(blobs.blobs()).isEmpty();
	}

	@Test
	void shouldKeepNothingWhenTheBodyCannotBeRead() {
		BlobStore blobs = new BlobStore(root);
		InputStream failing = new InputStream() {
			int calls;

			@Override
			public int read() throws IOException {
				throw new IOException("reset");
			}

			@Override
			public int read(byte[] b, int off, int len) throws IOException {
				if (calls++ < 3) {
					return len;
				}
				throw new IOException("Connection reset by peer");
			}
		};
		assertThatThrownBy(() -> blobs.stage(failing, Long.MAX_VALUE, Digests.of(null)))
				.isInstanceOf(BlobStore.BodyUnreadable.class);
		assertThat(root.resolve("tmp")).isEmptyDirectory();
	}

	@Test
	void shouldCallOnlyOtherRunsTemporaryFilesLeftovers() throws Exception {
		Files.createDirectories(root.resolve("tmp"));
		Path leftover = Files.writeString(root.resolve("tmp").resolve("0badc0de-1234.part"), "half an upload");
		BlobStore blobs = new BlobStore(root);
		assertThat(blobs.leftoverTemporaryFiles()).containsExactly(leftover);
	}

	@Test
	void shouldReadRudiChecksumAlgorithms() {
		assertThat(Digests.algorithm("MD5")).contains("MD5");
		assertThat(Digests.algorithm("sha-256")).contains("SHA-256");
		assertThat(Digests.algorithm("SHA256")).contains("SHA-256");
		assertThat(Digests.algorithm("SHA-512")).contains("SHA-512");
		assertThat(Digests.algorithm("SHA-1")).isEmpty();
		assertThat(Digests.algorithm("CRC32")).isEmpty();
	}

	private static byte[] random(int size) {
		byte[] bytes = new byte[size];
		new Random().nextBytes(bytes);
		return bytes;
	}

	private static String hex(String algorithm, byte[] content) throws Exception {
		return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(content));
	}

	private static final class CountingStream extends FilterInputStream {

		long read;

		CountingStream(InputStream in) {
			super(in);
		}

		@Override
		public int read(byte[] b, int off, int len) throws IOException {
			int n = super.read(b, off, len);
			read += Math.max(n, 0);
			return n;
		}
	}
}
