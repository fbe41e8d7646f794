package org.kerys.search.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.kerys.search.SearchRequest;
import org.kerys.KerysHttpTest;
import org.kerys.RudiRecords;
import org.kerys.TestHttp;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.events.IncompleteEventPublications;

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

	@Autowired
	JdbcClient jdbc;

	@Autowired
	IncompleteEventPublications incomplete;

	long found(String word) {
		return search.search(new SearchRequest(word, Map.of(), null, null, null, null, null, 20), Locale.FRENCH).total();
	}

	void awaitFound(String word, long expected) throws InterruptedException {
		long deadline = System.currentTimeMillis() + 3000;
		while (found(word) != expected && System.currentTimeMillis() < deadline) {
			Thread.sleep(25);
		}
		assertThat(found(word)).isEqualTo(expected);
	}

	/**
	 * The index update runs from a durable publication: when Kerys stops between the commit and the update, the
	 * publication stays incomplete and is handed to the listener again (at the next start, as here by hand).
	 */
	@Test
	void shouldIndexAgainFromAnIncompletePublication() throws Exception {
		String word = "kzreplay" + UUID.randomUUID().toString().replaceAll("[^a-z]", "").substring(0, 6);
		var record = RudiRecords.open("Rejouée " + word);
		String id = record.get("global_id").asString();
		assertThat(TestHttp.admin(port).post("/api/v1/resources", RudiRecords.write(record)).status()).isEqualTo(201);
		awaitFound(word, 1);
		String sql = "select count(*) from event_publication where listener_id like '%IndexSync%'"
				+ " and serialized_event like '%' || ? || '%' and completion_date is null";
		long deadline = System.currentTimeMillis() + 3000;
		while (jdbc.sql(sql).param(id).query(Long.class).single() > 0 && System.currentTimeMillis() < deadline) {
			Thread.sleep(25);
		}
		assertThat(jdbc.sql(sql).param(id).query(Long.class).single()).isZero();

		// The crash: the index lost the change and its publication is not completed.
		index.delete(UUID.fromString(id));
		assertThat(jdbc.sql("update event_publication set completion_date = null, status = 'PUBLISHED'"
				+ " where listener_id like '%IndexSync%' and serialized_event like '%' || ? || '%'").param(id).update())
				.isEqualTo(1);
		assertThat(found(word)).isZero();

		incomplete.resubmitIncompletePublications(p -> p.getEvent().toString().contains(id));
		awaitFound(word, 1);
	}

	@Test
	void shouldRebuildWhenTheIndexMissesADataset() throws Exception {
		String word = "kzrepair" + UUID.randomUUID().toString().replaceAll("[^a-z]", "").substring(0, 6);
		var record = RudiRecords.open("Réparation " + word);
		String id = record.get("global_id").asString();
		assertThat(TestHttp.admin(port).post("/api/v1/resources", RudiRecords.write(record)).status()).isEqualTo(201);
		awaitFound(word, 1);

		index.delete(UUID.fromString(id)); // as if the event had never been handled
		assertThat(found(word)).isZero();

		sync.check();
		assertThat(found(word)).isEqualTo(1);
		assertThat(index.rebuilding()).isFalse();
	}
}
