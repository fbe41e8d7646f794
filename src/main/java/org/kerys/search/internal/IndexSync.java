package org.kerys.search.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.kerys.catalog.Catalog;
import org.kerys.catalog.DatasetDeleted;
import org.kerys.catalog.DatasetsSaved;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.modulith.events.IncompleteEventPublications;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;

/**
 * Keeps the index in step with the catalogue: saved (in batches) or deleted datasets through durable module events
 * (an event whose indexing did not complete, say after a crash, is republished at the next start; one written by
 * a command beside the server is handled by the server within about 40 s), and a check of the
 * document count against the catalogue's at start-up and every minute, which rebuilds in the background on a
 * mismatch while searches go on.
 */
@Component
class IndexSync implements DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(IndexSync.class);

	/**
	 * Events older than this ({@code kerys.search.left-behind}, 30 s by default) and still incomplete were not
	 * indexed where they were published: indexed here.
	 */
	private final Duration leftBehind;

	private final SearchIndex index;
	private final Catalog catalog;
	private final IncompleteEventPublications incomplete;
	private final ScheduledExecutorService background = Executors.newSingleThreadScheduledExecutor(r -> {
		Thread thread = new Thread(r, "search-index-check");
		thread.setDaemon(true);
		return thread;
	});

	/** Where the module listeners' invocations wait for a thread (Spring Boot's application task executor). */
	private final ObjectProvider<Executor> listeners;

	IndexSync(SearchIndex index, Catalog catalog, IncompleteEventPublications incomplete,
			@Value("${kerys.search.left-behind:30s}") Duration leftBehind,
			@Qualifier("applicationTaskExecutor") ObjectProvider<Executor> listeners) {
		this.index = index;
		this.leftBehind = leftBehind;
		this.catalog = catalog;
		this.incomplete = incomplete;
		this.listeners = listeners;
	}

	/*
	 * Outside any transaction (NOT_SUPPORTED): a listener reads the datasets, then
	 * works on the index only, and waits there for the group commit (SearchIndex#commit) with other listeners; it then
	 * holds no database connection while it waits. The publication is completed when the method returns, as always.
	 */

	@ApplicationModuleListener(propagation = Propagation.NOT_SUPPORTED)
	void on(DatasetsSaved saved) {
		index.sync(saved.globalIds());
	}

	@ApplicationModuleListener(propagation = Propagation.NOT_SUPPORTED)
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
		background.scheduleWithFixedDelay(this::indexLeftBehind, 10, 10, TimeUnit.SECONDS);
	}

	/**
	 * Changes written by another Kerys process on this data directory (an {@code import} command run beside the
	 * server) could not be indexed there: their events stay incomplete, and the server, which holds the index,
	 * handles them here. Also retries a change whose indexing failed here.
	 */
	void indexLeftBehind() {
		try {
			// Events of this process still queued for a listener thread are incomplete too, and may be older than
			// leftBehind when writes come faster than they are indexed (many nodes pushing at once): resubmitted, each
			// would be indexed twice, and the queue would grow at every round (the push benchmark saw the index fall
			// further and further behind). Nothing is taken here while the queue holds anything.
			if (listeners.getIfAvailable() instanceof ThreadPoolTaskExecutor pool && pool.getQueueSize() > 0) {
				log.debug("Changes left behind: not looked for while {} listener invocations wait", pool.getQueueSize());
				return;
			}
			Instant before = Instant.now().minus(leftBehind);
			incomplete.resubmitIncompletePublications(publication -> isIndexed(publication.getEvent())
					&& publication.getPublicationDate().isBefore(before));
		}
		catch (RuntimeException e) {
			log.warn("Indexing changes left behind failed", e);
		}
	}

	private static boolean isIndexed(Object event) {
		return event instanceof DatasetsSaved || event instanceof DatasetDeleted;
	}

	/** The index's document count at the previous check when the counts differed then, else -1. */
	private long mismatchSeenAt = -1;

	/**
	 * While Kerys runs, changes whose events are still being handled make the counts differ for a moment: rebuild
	 * only when they differ at two checks in a row and the index did not move in between. Under a steady stream of
	 * writes (nodes pushing for minutes) the index follows a little behind, so the counts differ at every check:
	 * that is no reason to rebuild it (the push benchmark saw a full rebuild every two minutes).
	 */
	void periodicCheck() {
		try {
			long documents = index.documentCount();
			boolean mismatch = catalog.datasetCount() != documents;
			if (mismatch && mismatchSeenAt == documents) {
				check();
				mismatchSeenAt = -1;
			}
			else {
				mismatchSeenAt = mismatch ? documents : -1;
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
