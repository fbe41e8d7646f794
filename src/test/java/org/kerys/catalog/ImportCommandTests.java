package org.kerys.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.kerys.KerysProcess;
import org.kerys.KerysProcessTest;
import org.kerys.KerysProcess.CommandResult;
import org.kerys.RudiRecords;
import org.kerys.TestHttp;
import tools.jackson.databind.node.ObjectNode;

/** {@code java -jar kerys.jar import …} as a user runs it: alone on a data directory, or beside a running Kerys. */
class ImportCommandTests extends KerysProcessTest {

	@Test
	void shouldImportAloneAndBesideARunningKerys() throws IOException {
		ObjectNode alone = RudiRecords.open("Importé hors ligne");
		Path first = write("first.json", "[" + RudiRecords.write(alone) + "]");
		CommandResult offline = KerysProcess.command(dataDir, "import", first.toString());
		assertThat(offline.status()).as(offline.output()).isZero();
		assertThat(offline.output()).contains("1 records").contains("1 created").contains("0 rejected");

		kerys = KerysProcess.start(dataDir, "command-server");
		TestHttp http = TestHttp.anonymous(kerys.port());
		assertThat(http.get("/api/v1/resources/" + alone.get("global_id").asString()).status()).isEqualTo(200);

		ObjectNode beside = RudiRecords.open("Importé à côté du serveur");
		Path second = write("second.json", RudiRecords.write(beside));
		CommandResult online = KerysProcess.command(dataDir, "import", second.toString());
		assertThat(online.status()).as(online.output()).isZero();
		assertThat(online.output()).contains("Kerys is running on this data directory");
		assertThat(http.get("/api/v1/resources/" + beside.get("global_id").asString()).status()).isEqualTo(200);

		CommandResult missing = KerysProcess.command(dataDir, "import", dataDir.resolve("missing.json").toString());
		assertThat(missing.status()).isEqualTo(2);
		assertThat(missing.output()).contains("no such readable file");
		CommandResult unknown = KerysProcess.command(dataDir, "frobnicate");
		assertThat(unknown.status()).isEqualTo(2);
		assertThat(unknown.output()).contains("Unknown command 'frobnicate'").contains("import");
	}

	private Path write(String name, String content) throws IOException {
		Path file = dataDir.resolveSibling(dataDir.getFileName() + "-" + name);
		Files.createDirectories(dataDir);
		return Files.writeString(file, content);
	}
}
