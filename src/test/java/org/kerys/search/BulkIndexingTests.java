package org.kerys.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.kerys.KerysHttpTest;
import org.kerys.RudiRecords;
import org.kerys.TestHttp;
import org.kerys.TestHttp.Answer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.node.ObjectNode;

/** An import is indexed as a batch: one durable event and one index commit per chunk, not one per dataset. */
@KerysHttpTest
class BulkIndexingTests {

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Test
	void shouldIndexAnImportAsOneBatch() throws InterruptedException {
		String word = "kzbulk" + UUID.randomUUID().toString().replaceAll("[^a-z]", "").substring(0, 6);
		List<ObjectNode> records = new ArrayList<>();
		for (int i = 0; i < 300; i++) {
			records.add(RudiRecords.open("Lot " + word + " n°" + i));
		}
		String first = records.get(0).get("global_id").asString();
		Answer imported = TestHttp.admin(port).post("/api/v1/resources/import",
				records.stream().map(RudiRecords::write).collect(Collectors.joining(",", "[", "]")));
		assertThat(imported.status()).as(imported.body()).isEqualTo(200);
		assertThat(imported.json().get("created").asLong()).isEqualTo(300);

		long deadline = System.currentTimeMillis() + 15_000;
		long total = 0;
		while (total != 300 && System.currentTimeMillis() < deadline) {
			total = TestHttp.anonymous(port).get("/api/search?size=1&q=" + word).json().get("total").asLong();
			Thread.sleep(50);
		}
		assertThat(total).isEqualTo(300);
		assertThat(jdbc.sql("select count(*) from event_publication where listener_id like '%IndexSync%'"
				+ " and serialized_event like '%' || ? || '%'").param(first).query(Long.class).single())
				.as("publications of the search index for the chunk holding the first record").isEqualTo(1);
	}
}
