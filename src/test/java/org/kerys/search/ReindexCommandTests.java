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

class ReindexCommandTests extends KerysProcessTest {

	@Test
	void shouldReindexAloneAndRefuseBesideARunningKerys() throws IOException {
		ObjectNode record = RudiRecords.open("Réindexé kzreindexa");
		Files.createDirectories(dataDir);
		Path file = Files.writeString(dataDir.resolveSibling(dataDir.getFileName() + "-one.json"),
				"[" + RudiRecords.write(record) + "]");
		assertThat(KerysProcess.command(dataDir, "import", file.toString()).status()).isZero();

		CommandResult reindex = KerysProcess.command(dataDir, "reindex");
		assertThat(reindex.status()).as(reindex.output()).isZero();
		assertThat(reindex.output()).contains("1/1 datasets").contains("Search index rebuilt: 1 documents");

		kerys = KerysProcess.start(dataDir, "reindex-server");
		assertThat(TestHttp.anonymous(kerys.port()).get("/api/search?q=kzreindexa").json().get("total").asLong())
				.isEqualTo(1);
		CommandResult beside = KerysProcess.command(dataDir, "reindex");
		assertThat(beside.status()).as(beside.output()).isEqualTo(1);
		assertThat(beside.output()).contains("in use by a running Kerys");

		// An index written by an older Kerys (documents of another format, no format recorded): emptied at start-up
		// and rebuilt in the background while Kerys serves.
		kerys.stop();
		Path index = dataDir.resolve("index");
		try (org.apache.lucene.store.FSDirectory directory = org.apache.lucene.store.FSDirectory.open(index);
				org.apache.lucene.index.IndexWriter old = new org.apache.lucene.index.IndexWriter(directory,
						new org.apache.lucene.index.IndexWriterConfig().setOpenMode(
								org.apache.lucene.index.IndexWriterConfig.OpenMode.CREATE))) {
			org.apache.lucene.document.Document doc = new org.apache.lucene.document.Document();
			doc.add(new org.apache.lucene.document.StringField("id", "old", org.apache.lucene.document.Field.Store.YES));
			doc.add(new org.apache.lucene.document.NumericDocValuesField("updated", 1L)); // no points then
			old.addDocument(doc);
			old.commit();
		}
		kerys = KerysProcess.start(dataDir, "reindex-format");
		long deadline = System.currentTimeMillis() + 30_000;
		long total = -1;
		while (total != 1 && System.currentTimeMillis() < deadline) {
			total = TestHttp.anonymous(kerys.port()).get("/api/search?q=kzreindexa").json().get("total").asLong();
		}
		assertThat(total).isEqualTo(1);
		assertThat(TestHttp.anonymous(kerys.port()).get("/api/search").json().get("total").asLong()).isEqualTo(1);
		assertThat(kerys.logTail(400)).contains("emptying it to be rebuilt");
	}
}
