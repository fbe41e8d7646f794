package org.kerys.search.internal;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.kerys.catalog.Catalog;
import org.kerys.catalog.DatasetDeleted;
import org.kerys.catalog.DatasetSaved;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/**
 * Keeps the index in step with the catalogue: each saved or deleted dataset through durable module events (an
 * event whose indexing did not complete, say after a crash, is republished at the next start), and a check of the
 * document count against the catalogue's at start-up and every minute, which rebuilds in the background on a
 * mismatch while searches go on.
 */
@Component
class IndexSync implements DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(IndexSync.class);

	private final SearchIndex index;
	private final Catalog catalog;
	private final ScheduledExecutorService background = Executors.newSingleThreadScheduledExecutor(r -> {
		Thread thread = new Thread(r, "search-index-check");
		thread.setDaemon(true);
		return thread;
	});

	IndexSync(SearchIndex index, Catalog catalog) {
		this.index = index;
		this.catalog = catalog;
	}

	@ApplicationModuleListener
	void on(DatasetSaved saved) {
		index.sync(saved.globalId());
	}

	@ApplicationModuleListener
	void on(DatasetDeleted deleted) {
		index.delete(deleted.globalId());
	}

	/** Only the server checks: a command exits before a background rebuild could finish. */
	@EventListener
	void on(ApplicationReadyEvent ready) {
		if (!index.available() || ready.getApplicationContext().getEnvironment().containsProperty("kerys.command")) {
			return;
		}
		background.execute(this::check);
		background.scheduleWithFixedDelay(this::periodicCheck, 60, 60, TimeUnit.SECONDS);
	}

	private boolean mismatchSeen;

	/**
	 * While Kerys runs, changes whose events are still being handled make the counts differ for a moment: rebuild
	 * only when they differ at two checks in a row.
	 */
	void periodicCheck() {
		try {
			boolean mismatch = catalog.datasetCount() != index.documentCount();
			if (mismatch && mismatchSeen) {
				check();
				mismatchSeen = false;
			}
			else {
				mismatchSeen = mismatch;
			}
		}
		catch (RuntimeException e) {
			log.warn("Search index check failed", e);
		}
	}

	void check() {
		try {
			long datasets = catalog.datasetCount();
			long documents = index.documentCount();
			if (datasets != documents && !index.rebuilding()) {
				log.info("Search index has {} documents, the catalogue {} datasets: rebuilding in the background",
						documents, datasets);
				index.rebuild();
			}
		}
		catch (RuntimeException e) {
			log.warn("Search index check failed", e);
		}
	}

	@Override
	public void destroy() {
		background.shutdownNow();
	}
}
