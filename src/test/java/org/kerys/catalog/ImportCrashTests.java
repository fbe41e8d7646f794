package org.kerys.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.kerys.KerysProcess;
import org.kerys.KerysProcessTest;
import org.kerys.RudiRecords;
import org.kerys.TestHttp;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Kerys killed with {@code kill -9} in the middle of a bulk import keeps only whole records (whole batches), starts
 * again, and a second run of the same import completes it.
 */
class ImportCrashTests extends KerysProcessTest {

	private static final int RECORDS = 8000;

	@Test
	void shouldKeepOnlyWholeRecordsWhenKilledMidImport() throws Exception {
		Map<String, JsonNode> sent = new HashMap<>();
		StringBuilder body = new StringBuilder("[");
		for (int i = 0; i < RECORDS; i++) {
			ObjectNode record = RudiRecords.open("Import interrompu " + i);
			sent.put(record.get("global_id").asString(), record);
			body.append(i == 0 ? "" : ",").append(RudiRecords.write(record));
		}
		Path file = dataDir.resolveSibling(dataDir.getFileName() + ".json");
		Files.createDirectories(dataDir);
		Files.writeString(file, body.append("]"));

		kerys = KerysProcess.start(dataDir, "import-crash");
		HttpRequest request = TestHttp.admin(kerys.port()).request("/api/v1/resources/import")
				.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofFile(file)).build();
		CompletableFuture<HttpResponse<String>> answer = HttpClient.newHttpClient().sendAsync(request,
				HttpResponse.BodyHandlers.ofString());
		long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
		while (count("datasets") < 1000 && !answer.isDone() && System.nanoTime() < deadline) {
			Thread.sleep(20);
		}
		assertThat(answer).as("the import ended before it could be interrupted; make it bigger").isNotDone();
		kerys.kill9();

		kerys = KerysProcess.start(dataDir, "import-crash-restart");
		long kept = count("datasets");
		assertThat(kept).isPositive().isLessThan(RECORDS);
		assertThat(kept % 500).as("imports commit whole batches of 500 records").isZero();
		assertThat(count("dataset_media")).as("every kept record has its media").isEqualTo(kept);
		try (Connection connection = connect(); Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery("select global_id, metadata::text from datasets")) {
			while (rows.next()) {
				assertThat(TestHttp.parse(rows.getString(2))).isEqualTo(sent.get(rows.getString(1)));
			}
		}
		try (var leftovers = Files.list(dataDir.resolve("tmp"))) {
			assertThat(leftovers).as("the spooled import body is removed at restart").isEmpty();
		}

		HttpResponse<String> rerun = HttpClient.newHttpClient().send(TestHttp.admin(kerys.port())
				.request("/api/v1/resources/import").header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofFile(file)).build(), HttpResponse.BodyHandlers.ofString());
		JsonNode report = TestHttp.parse(rerun.body());
		assertThat(report.get("rejected").asLong()).isZero();
		assertThat(report.get("updated").asLong()).isEqualTo(kept);
		assertThat(report.get("created").asLong()).isEqualTo(RECORDS - kept);
		assertThat(count("datasets")).isEqualTo(RECORDS);
		Files.deleteIfExists(file);
	}

	private long count(String table) throws SQLException {
		try (Connection connection = connect(); Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery("select count(*) from " + table)) {
			rows.next();
			return rows.getLong(1);
		}
	}

	private Connection connect() throws SQLException {
		return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + kerys.postgresPort() + "/postgres",
				"postgres", "");
	}
}
