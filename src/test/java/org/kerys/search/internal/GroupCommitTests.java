package org.kerys.search.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.Test;
import org.kerys.KerysHttpTest;
import org.kerys.RudiRecords;
import org.kerys.TestHttp;
import org.kerys.platform.KerysProperties;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Concurrent index updates share commits (a group commit), but each caller returns only once its own change is
 * committed — on disk, as a reader of the index's last commit sees it — and visible to searches: what the durable
 * events of the search index rely on to be marked complete.
 */
@KerysHttpTest
class GroupCommitTests {

	@LocalServerPort
	int port;

	@Autowired
	SearchIndex index;

	@Autowired
	KerysProperties properties;

	@Test
	void shouldReturnOnlyOnceEachConcurrentChangeIsCommittedAndVisible() throws Exception {
		List<UUID> ids = new ArrayList<>();
		for (int i = 0; i < 24; i++) {
			var record = RudiRecords.open("Validation groupée n°" + i);
			assertThat(TestHttp.admin(port).post("/api/v1/resources", RudiRecords.write(record)).status())
					.isEqualTo(201);
			ids.add(UUID.fromString(record.get("global_id").asString()));
		}
		long deadline = System.currentTimeMillis() + 15_000; // their own events indexed them: out of the way
		for (UUID id : ids) {
			while (visible(id) == 0 && System.currentTimeMillis() < deadline) {
				Thread.sleep(25);
			}
		}
		// as if their events had not been handled yet: out of the index, then indexed by 8 callers at once
		ids.forEach(index::delete);
		ExecutorService callers = Executors.newFixedThreadPool(8);
		try {
			List<Future<?>> calls = new ArrayList<>();
			for (UUID id : ids) {
				calls.add(callers.submit(() -> {
					index.sync(id);
					assertThat(visible(id)).as("searchable when sync returns: %s", id).isEqualTo(1);
					assertThat(committed(id)).as("committed when sync returns: %s", id).isEqualTo(1);
					return null;
				}));
			}
			for (Future<?> call : calls) {
				call.get(60, TimeUnit.SECONDS);
			}
		}
		finally {
			callers.shutdownNow();
		}
		// deletions likewise
		List<Future<?>> deletions = new ArrayList<>();
		callers = Executors.newFixedThreadPool(8);
		try {
			for (UUID id : ids.subList(0, 12)) {
				deletions.add(callers.submit(() -> {
					index.delete(id);
					assertThat(visible(id)).isZero();
					assertThat(committed(id)).isZero();
					return null;
				}));
			}
			for (Future<?> deletion : deletions) {
				deletion.get(60, TimeUnit.SECONDS);
			}
		}
		finally {
			callers.shutdownNow();
		}
		ids.subList(0, 12).forEach(index::sync); // leave the catalogue and the index agreeing
	}

	private long visible(UUID id) throws Exception {
		IndexSearcher searcher = index.acquire();
		try {
			return searcher.count(new TermQuery(new Term(DatasetDocuments.ID, id.toString())));
		}
		finally {
			index.release(searcher);
		}
	}

	/** As a process opening the index after a crash would find it: the last commit only. */
	private long committed(UUID id) throws Exception {
		try (FSDirectory directory = FSDirectory.open(properties.dataDir().resolve("index"));
				DirectoryReader reader = DirectoryReader.open(directory)) {
			return new IndexSearcher(reader).count(new TermQuery(new Term(DatasetDocuments.ID, id.toString())));
		}
	}
}
