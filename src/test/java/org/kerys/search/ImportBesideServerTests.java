package org.kerys.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.kerys.KerysProcess;
import org.kerys.KerysProcess.CommandResult;
import org.kerys.KerysProcessTest;
import org.kerys.RudiRecords;
import org.kerys.TestHttp;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code java -jar kerys.jar import} run beside a running Kerys cannot write the index the server holds: the
 * server indexes what the command created and changed, without a restart.
 */
class ImportBesideServerTests extends KerysProcessTest {

	@Test
	void shouldSearchWhatACommandImportedBesideTheServer() throws IOException, InterruptedException {
		kerys = KerysProcess.start(dataDir, "import-beside", "--kerys.search.left-behind=1s");
		ObjectNode record = RudiRecords.open("Importé à côté kzbesideprem");
		Path file = Files.writeString(dataDir.resolveSibling(dataDir.getFileName() + "-beside.json"),
				"[" + RudiRecords.write(record) + "]");
		CommandResult imported = KerysProcess.command(dataDir, "import", file.toString());
		assertThat(imported.status()).as(imported.output()).isZero();
		assertThat(awaitTotal("kzbesideprem", 1)).as("created by the command").isEqualTo(1);

		// a change keeps the count: only the command's event tells the server (the synopsis keeps the old word)
		record.put("resource_title", "Importé à côté kzbesidesecond");
		Files.writeString(file, "[" + RudiRecords.write(record) + "]");
		imported = KerysProcess.command(dataDir, "import", file.toString());
		assertThat(imported.status()).as(imported.output()).isZero();
		assertThat(awaitTotal("kzbesidesecond", 1)).as("changed by the command").isEqualTo(1);
		assertThat(TestHttp.anonymous(kerys.port()).get("/api/search?q=kzbesideprem").json().at("/hits/0/title")
				.asString()).as("the same dataset, its new title").isEqualTo("Importé à côté kzbesidesecond");
	}

	private long awaitTotal(String word, long expected) throws InterruptedException {
		long deadline = System.currentTimeMillis() + 40_000;
		long total;
		do {
			total = TestHttp.anonymous(kerys.port()).get("/api/search?q=" + word).json().get("total").asLong();
			if (total == expected) {
				return total;
			}
			Thread.sleep(250);
		}
		while (System.currentTimeMillis() < deadline);
		return total;
	}
}
