package org.kerys.storage.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.kerys.KerysHttpTest;
import org.kerys.RudiRecords;
import org.kerys.TestHttp;
import org.kerys.storage.MediaFiles;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.node.ObjectNode;

@KerysHttpTest
class BlobSweepTests {

	@LocalServerPort
	int port;

	@Autowired
	BlobSweep sweep;

	@Autowired
	BlobStore blobs;

	@Autowired
	MediaFiles mediaFiles;

	@Autowired
	PlatformTransactionManager transactions;

	@Autowired
	JdbcClient jdbc;

	@Test
	void shouldRemoveLeftoversButNotBlobsInUse() throws Exception {
		UUID mediaId = uploaded(random(1000));
		String used = blobOf(mediaId);
		byte[] orphan = random(10);
		String orphanSha = sha256(orphan);
		Files.createDirectories(blobs.path(orphanSha).getParent());
		Files.write(blobs.path(orphanSha), orphan);
		Path leftover = Files.writeString(blobs.path(used).getParent().getParent().getParent().getParent()
				.resolve("tmp").resolve("deadbeef-" + UUID.randomUUID() + ".part"), "half an upload");

		BlobSweep.Removed removed = sweep.sweep();

		assertThat(removed).isEqualTo(new BlobSweep.Removed(1, 0, 1));
		assertThat(leftover).doesNotExist();
		assertThat(blobs.exists(orphanSha)).isFalse();
		assertThat(blobs.exists(used)).isTrue();
	}

	@Test
	void shouldReleaseFilesOfMediaThatNoLongerExist() throws Exception {
		// As left by an upload that committed while its dataset was being deleted.
		byte[] content = random(77);
		String sha = sha256(content);
		Files.createDirectories(blobs.path(sha).getParent());
		Files.write(blobs.path(sha), content);
		UUID vanished = UUID.randomUUID();
		jdbc.sql("""
				insert into media_files (media_id, global_id, sha256, md5, size) values (?, ?, ?, ?, 77)""")
				.params(vanished, UUID.randomUUID(), sha, hex("MD5", content)).update();
		UUID kept = uploaded(random(500));

		assertThat(sweep.sweep().filesOfDeletedMedia()).isEqualTo(1);

		assertThat(mediaFiles.stored(vanished)).isFalse();
		assertThat(blobs.exists(sha)).isFalse();
		assertThat(mediaFiles.stored(kept)).isTrue();
		assertThat(blobs.exists(blobOf(kept))).isTrue();
	}

	@Test
	void shouldKeepTheBlobWhenTheReleasingTransactionRollsBack() throws Exception {
		UUID mediaId = uploaded(random(1000));
		String sha = blobOf(mediaId);

		TransactionTemplate transaction = new TransactionTemplate(transactions);
		transaction.executeWithoutResult(status -> {
			mediaFiles.release(List.of(mediaId));
			status.setRollbackOnly();
		});
		assertThat(mediaFiles.stored(mediaId)).isTrue();
		assertThat(blobs.exists(sha)).isTrue();

		transaction.executeWithoutResult(status -> mediaFiles.release(List.of(mediaId)));
		assertThat(mediaFiles.stored(mediaId)).isFalse();
		assertThat(blobs.exists(sha)).isFalse();
	}

	private UUID uploaded(byte[] content) throws Exception {
		ObjectNode record = RudiRecords.open("Balayage " + UUID.randomUUID(), UUID.randomUUID(), "Producteur",
				hex("MD5", content), content.length);
		TestHttp admin = TestHttp.admin(port);
		assertThat(admin.post("/api/v1/resources", RudiRecords.write(record)).status()).isEqualTo(201);
		UUID mediaId = UUID.fromString(record.at("/available_formats/0/media_id").asString());
		assertThat(admin.send(admin.request("/api/v1/media/" + mediaId).PUT(HttpRequest.BodyPublishers.ofByteArray(content)))
				.status()).isEqualTo(201);
		return mediaId;
	}

	private String blobOf(UUID mediaId) {
		return TestHttp.anonymous(port).get("/api/v1/media/" + mediaId).header("ETag").replace("\"", "");
	}

	private static byte[] random(int size) {
		byte[] bytes = new byte[size];
		new Random().nextBytes(bytes);
		return bytes;
	}

	private static String sha256(byte[] content) throws Exception {
		return hex("SHA-256", content);
	}

	private static String hex(String algorithm, byte[] content) throws Exception {
		return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(content));
	}
}
