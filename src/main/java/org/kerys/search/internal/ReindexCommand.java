package org.kerys.search.internal;

import java.util.List;

import org.kerys.platform.Commands.KerysCommand;
import org.springframework.stereotype.Component;

/**
 * {@code java -jar kerys.jar reindex}: rebuilds the search index from the catalogue, with progress. Exit status 0
 * when done, 1 when the index is held by a running Kerys (which rebuilds by itself on a count mismatch).
 */
@Component
class ReindexCommand implements KerysCommand {

	private final SearchIndex index;

	ReindexCommand(SearchIndex index) {
		this.index = index;
	}

	@Override
	public String name() {
		return "reindex";
	}

	@Override
	public String usage() {
		return "reindex — rebuild the search index from the catalogue";
	}

	@Override
	public int run(List<String> args) {
		if (!index.available()) {
			System.err.println("The search index is in use by a running Kerys on this data directory; stop it first.");
			return 1;
		}
		long start = System.nanoTime();
		index.rebuild((done, total) -> System.out.printf("  %d/%d datasets (%d %%)%n", done, total,
				done * 100 / Math.max(1, total)), false);
		System.out.printf("Search index rebuilt: %d documents in %.1f s%n", index.documentCount(),
				(System.nanoTime() - start) / 1e9);
		return 0;
	}
}
