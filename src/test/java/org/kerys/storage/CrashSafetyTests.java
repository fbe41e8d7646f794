package org.kerys.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.kerys.KerysProcess;
import org.kerys.KerysProcessTest;
import org.kerys.RudiRecords;
import org.kerys.TestHttp;
import tools.jackson.databind.node.ObjectNode;

/**
 * Kerys killed with {@code kill -9}, idle or in the middle of an upload, starts again on the same data directory
 * and is left with no trace of what was interrupted.
 */
class CrashSafetyTests extends KerysProcessTest {

	private static final String AUTHORIZATION = "Bearer " + TestHttp.ADMIN_TOKEN;

	private KerysProcess start(String name) {
		kerys = KerysProcess.start(dataDir, name);
		return kerys;
	}

	@Test
	void shouldStartAgainAfterBeingKilled() throws IOException {
		KerysProcess first = start("killed-idle");
		first.kill9();
		assertThat(first.leftoverPostgres()).as("PostgreSQL outlives the killed JVM").isPresent();

		KerysProcess second = start("restarted-idle");
		assertThat(Files.readString(second.log())).contains("was left running by a previous Kerys");
		assertThat(TestHttp.anonymous(second.port()).get("/api/v1/resources").status()).isEqualTo(200);
		second.stop();
		assertThat(second.leftoverPostgres()).as("a graceful stop stops PostgreSQL too").isEmpty();
	}

	@Test
	void shouldLeaveNothingBehindWhenKilledMidUpload() throws Exception {
		byte[] kept = MediaFilesApiTests.bytes(10_000);
		long announced = 64L * 1024 * 1024;
		UUID keptMedia;
		UUID interruptedMedia;
		{
			KerysProcess kerys = start("killed-mid-upload");
			keptMedia = createDataset(kerys, MediaFilesApiTests.md5(kept), kept.length);
			TestHttp admin = TestHttp.admin(kerys.port());
			assertThat(admin.send(admin.request("/api/v1/media/" + keptMedia)
					.PUT(HttpRequest.BodyPublishers.ofByteArray(kept))).status()).isEqualTo(201);

			interruptedMedia = createDataset(kerys, "0123456789abcdef0123456789abcdef", announced);
			try (Socket socket = new Socket("localhost", kerys.port())) {
				OutputStream out = socket.getOutputStream();
				out.write(("PUT /api/v1/media/" + interruptedMedia + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: "
						+ AUTHORIZATION + "\r\nContent-Length: " + announced + "\r\n\r\n")
						.getBytes(StandardCharsets.ISO_8859_1));
				byte[] chunk = MediaFilesApiTests.bytes(256 * 1024);
				// Slowly, so that Kerys is still reading when it dies.
				for (int i = 0; i < 40 && temporaryFiles(kerys).isEmpty(); i++) {
					out.write(chunk);
					out.flush();
					Thread.sleep(100);
				}
				out.write(chunk);
				out.flush();
				assertThat(temporaryFiles(kerys)).as("an upload in progress").hasSize(1);
				kerys.kill9();
			}
			assertThat(temporaryFiles(kerys)).as("what the kill left").hasSize(1);
		}
		// A blob whose row never committed (killed between the rename and the commit) looks like this.
		byte[] orphan = MediaFilesApiTests.bytes(100);
		Path orphanBlob = blob(MediaFilesApiTests.sha256(orphan));
		Files.createDirectories(orphanBlob.getParent());
		Files.write(orphanBlob, orphan);

		{
			KerysProcess kerys = start("restarted-after-upload-kill");
			assertThat(Files.readString(kerys.log())).contains("was left running by a previous Kerys");
			TestHttp anonymous = TestHttp.anonymous(kerys.port());
			assertThat(anonymous.get("/api/v1/media/" + interruptedMedia).json().get("code").asString())
					.isEqualTo("ERR-104");
			assertThat(mediaFileRows(kerys)).containsExactly(keptMedia.toString());
			assertThat(temporaryFiles(kerys)).isEmpty();
			assertThat(orphanBlob).doesNotExist();
			assertThat(blobFiles()).containsExactly(blob(MediaFilesApiTests.sha256(kept)));
			assertThat(anonymous.get("/api/v1/media/" + keptMedia).status()).isEqualTo(200);
			assertThat(Files.readString(kerys.log())).contains("Removed leftover temporary upload file")
					.contains("Removed blob " + MediaFilesApiTests.sha256(orphan));
		}
	}

	private static UUID createDataset(KerysProcess kerys, String md5, long size) {
		ObjectNode record = RudiRecords.open("Crash " + UUID.randomUUID(), UUID.randomUUID(), "Producteur", md5, size);
		assertThat(TestHttp.admin(kerys.port()).post("/api/v1/resources", RudiRecords.write(record)).status())
				.isEqualTo(201);
		return UUID.fromString(record.at("/available_formats/0/media_id").asString());
	}

	private static List<String> mediaFileRows(KerysProcess kerys) throws SQLException {
		try (Connection connection = DriverManager.getConnection(
				"jdbc:postgresql://127.0.0.1:" + kerys.postgresPort() + "/postgres", "postgres", "");
				ResultSet rows = connection.createStatement().executeQuery("select media_id from media_files")) {
			List<String> ids = new ArrayList<>();
			while (rows.next()) {
				ids.add(rows.getString(1));
			}
			return ids;
		}
	}

	private List<Path> temporaryFiles(KerysProcess kerys) {
		return list(kerys.dataDir().resolve("blobs/tmp"), 1);
	}

	private List<Path> blobFiles() {
		return list(dataDir.resolve("blobs/sha256"), 3);
	}

	private Path blob(String sha256) {
		return dataDir.resolve("blobs/sha256").resolve(sha256.substring(0, 2)).resolve(sha256.substring(2, 4))
				.resolve(sha256);
	}

	private static List<Path> list(Path directory, int depth) {
		try (Stream<Path> files = Files.find(directory, depth, (path, attributes) -> attributes.isRegularFile())) {
			return files.toList();
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}
}
