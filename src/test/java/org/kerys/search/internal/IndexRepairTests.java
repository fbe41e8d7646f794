package org.kerys.search.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.kerys.KerysHttpTest;
import org.kerys.RudiRecords;
import org.kerys.TestHttp;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A change whose indexing was lost (Kerys stopped between the commit and the index update) is repaired: the count
 * check finds the mismatch and rebuilds while searches go on.
 */
@KerysHttpTest
class IndexRepairTests {

	@LocalServerPort
	int port;

	@Autowired
	SearchIndex index;

	@Autowired
	IndexSync sync;

	@Autowired
	DatasetSearch search;

	long found(String word) {
		return search.search(new SearchRequest(word, Map.of(), null, null, null, null, null, 20), Locale.FRENCH).total();
	}

	@Test
	void shouldRebuildWhenTheIndexMissesADataset() throws Exception {
		String word = "kzrepair" + UUID.randomUUID().toString().replaceAll("[^a-z]", "").substring(0, 6);
		var record = RudiRecords.open("Réparation " + word);
		String id = record.get("global_id").asString();
		assertThat(TestHttp.admin(port).post("/api/v1/resources", RudiRecords.write(record)).status()).isEqualTo(201);
		long deadline = System.currentTimeMillis() + 3000;
		while (found(word) == 0 && System.currentTimeMillis() < deadline) {
			Thread.sleep(25);
		}
		assertThat(found(word)).isEqualTo(1);

		index.delete(UUID.fromString(id)); // as if the event had never been handled
		assertThat(found(word)).isZero();

		sync.check();
		assertThat(found(word)).isEqualTo(1);
		assertThat(index.rebuilding()).isFalse();
	}
}
