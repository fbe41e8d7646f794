package org.kerys.search.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.miscellaneous.PerFieldAnalyzerWrapper;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.facet.sortedset.DefaultSortedSetDocValuesReaderState;
import org.apache.lucene.facet.sortedset.SortedSetDocValuesReaderState;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.SearcherFactory;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.LockObtainFailedException;
import org.kerys.catalog.Catalog;
import org.kerys.catalog.DatasetRecord;
import org.kerys.platform.KerysProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * The Lucene index of the catalogue under {@code <data dir>/index}: one document per dataset, each change committed
 * and made visible (near-real-time reader) before the call returns, concurrent changes sharing one commit. Derived from the catalogue, rebuildable at any
 * time. When another Kerys process on the same data directory holds the index (a command run beside the server),
 * this one leaves it alone and its changes' events incomplete: the server indexes them (see {@link IndexSync}).
 */
@Component
class SearchIndex implements DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(SearchIndex.class);
	static final int BATCH = 1000;
	/** The indexing buffer during a rebuild (the default, 16 MB, while serving). */
	static final double REBUILD_RAM_BUFFER_MB = 128;
	static final int REBUILD_MAX_THREADS = 4;

	private final Catalog catalog;
	/** Of the searches (and of the highlighter). */
	private final Analyzer analyzer = new PerFieldAnalyzerWrapper(new TextAnalyzer(true),
			Map.of(DatasetDocuments.TITLE_PREFIX, new TextAnalyzer(false)));
	/** Of indexing: the same, and the text fields record their words for the field of all the words. */
	private final Analyzer indexing = new PerFieldAnalyzerWrapper(new TextAnalyzer(true, true),
			Map.of(DatasetDocuments.TITLE_PREFIX, new TextAnalyzer(false)));
	private final FSDirectory directory;
	private final IndexWriter writer;
	private final SearcherManager searchers;
	private final AtomicBoolean rebuilding = new AtomicBoolean();
	private final boolean serving;
	/** Documents written carry the generation of the last rebuild, so that a rebuild can drop what it did not see. */
	private volatile long generation = 0;
	/**
	 * Datasets changed or deleted while a rebuild runs, indexed again at its end: the rebuild may have read them
	 * just before the change and written its older copy after the change's.
	 */
	private final Set<UUID> changedDuringRebuild = ConcurrentHashMap.newKeySet();
	private volatile FacetState facetState;
	/** Changes given to the writer, numbered in order ({@link #commit()}). */
	private final AtomicLong changes = new AtomicLong();
	/** Guards {@link #committed} and {@link #committing}; waited on by callers whose change is not committed yet. */
	private final Object commits = new Object();
	/** Every change numbered up to this is committed and visible. */
	private long committed;
	/** A commit (and its refresh) is running. */
	private boolean committing;
	/** Held to write a document (shared) or to change {@link #generation} (exclusive). */
	private final java.util.concurrent.locks.ReentrantReadWriteLock generationLock =
			new java.util.concurrent.locks.ReentrantReadWriteLock();

	private record FacetState(IndexReader reader, SortedSetDocValuesReaderState state,
			Map<String, String> producerNames) {
	}

	@org.springframework.beans.factory.annotation.Autowired
	SearchIndex(KerysProperties properties, Catalog catalog, org.springframework.core.env.Environment environment)
			throws IOException {
		this(properties, catalog, !environment.containsProperty("kerys.command"));
	}

	/** {@code serving}: searches will be run (not a command), so new segments get their facet columns at once. */
	SearchIndex(KerysProperties properties, Catalog catalog, boolean serving) throws IOException {
		this.catalog = catalog;
		this.serving = serving;
		Path path = properties.dataDir().resolve("index");
		Files.createDirectories(path);
		this.directory = FSDirectory.open(path);
		IndexWriter opened = null;
		try {
			opened = new IndexWriter(directory, config(IndexWriterConfig.OpenMode.CREATE_OR_APPEND));
		}
		catch (LockObtainFailedException e) {
			log.info("The search index {} is held by another Kerys process; this one will not update it.", path);
		}
		catch (IOException | RuntimeException e) {
			log.warn("The search index {} cannot be opened ({}); starting an empty one, to be rebuilt.", path,
					e.toString());
			opened = new IndexWriter(directory, config(IndexWriterConfig.OpenMode.CREATE));
		}
		if (opened != null && !DatasetDocuments.FORMAT.equals(format(opened))) {
			// An index of documents of another format (written by an older Kerys): Lucene may refuse to mix both
			// (a field's structures changed), and searches would miss what the old documents lack. Emptied, it is
			// rebuilt in the background (count mismatch) while Kerys starts serving.
			if (opened.getDocStats().maxDoc > 0) {
				log.info("The search index {} holds documents of format {}, not {}; emptying it to be rebuilt.", path,
						format(opened), DatasetDocuments.FORMAT);
				opened.deleteAll();
			}
			opened.setLiveCommitData(Map.of(DatasetDocuments.FORMAT_KEY, DatasetDocuments.FORMAT).entrySet());
			opened.commit();
		}
		this.writer = opened;
		// A new reader's new segments get their facet columns before it serves a search.
		this.searchers = opened == null ? null : new SearcherManager(opened, new SearcherFactory() {
			@Override
			public IndexSearcher newSearcher(IndexReader reader, IndexReader previous) throws IOException {
				if (serving) {
					FacetColumns.warm(reader, DatasetDocuments.FACET_FIELD);
					// And the counts of every live document, from which the searches matching most of the index
					// subtract what they leave out.
					reader.leaves().forEach(leaf -> FacetCounter.fullCounts(leaf.reader(), DatasetDocuments.FACET_FIELD));
				}
				return super.newSearcher(reader, previous);
			}
		});
	}

	private IndexWriterConfig config(IndexWriterConfig.OpenMode mode) {
		// A merged segment gets its facet columns in the merge thread, before a reader shows it.
		IndexWriterConfig config = new IndexWriterConfig(indexing).setOpenMode(mode);
		return serving ? config.setMergedSegmentWarmer(segment -> FacetColumns.of(segment, DatasetDocuments.FACET_FIELD).allCounts())
				: config;
	}

	/** The format of the documents of the index's last commit (none before formats were recorded). */
	private static String format(IndexWriter writer) {
		Iterable<Map.Entry<String, String>> data = writer.getLiveCommitData();
		if (data != null) {
			for (Map.Entry<String, String> entry : data) {
				if (DatasetDocuments.FORMAT_KEY.equals(entry.getKey())) {
					return entry.getValue();
				}
			}
		}
		return null;
	}

	boolean available() {
		return writer != null;
	}

	Analyzer analyzer() {
		return analyzer;
	}

	/** Indexes the dataset as the catalogue has it now, or removes it when the catalogue no longer has it. */
	void sync(UUID globalId) {
		sync(List.of(globalId));
	}

	/**
	 * {@link #sync(UUID)} for each dataset, with one commit for all of them: a chunk of an import costs one commit
	 * and one reader refresh, not one per dataset.
	 *
	 * @throws HeldElsewhere when another Kerys process holds the index (a command run beside the server): the
	 *         caller's durable event stays incomplete, for the server to index
	 */
	void sync(java.util.Collection<UUID> globalIds) {
		if (!available()) {
			throw new HeldElsewhere();
		}
		if (rebuilding.get()) {
			changedDuringRebuild.addAll(globalIds);
		}
		Set<UUID> gone = new java.util.HashSet<>(globalIds);
		for (DatasetRecord record : catalog.datasets(globalIds)) {
			write(record);
			gone.remove(record.globalId());
		}
		gone.forEach(this::deleteDocument);
		commit();
	}

	/** The index is held by another Kerys process on the same data directory; short, as it is expected. */
	static final class HeldElsewhere extends IllegalStateException {

		HeldElsewhere() {
			super("The search index is held by another Kerys process on this data directory (the server): left for "
					+ "it to index.");
		}

		@Override
		public synchronized Throwable fillInStackTrace() {
			return this;
		}
	}

	void delete(UUID globalId) {
		if (!available()) {
			throw new HeldElsewhere();
		}
		deleteDocument(globalId);
		commit();
	}

	private void deleteDocument(UUID globalId) {
		try {
			writer.deleteDocuments(new Term(DatasetDocuments.ID, globalId.toString()));
			if (rebuilding.get()) {
				changedDuringRebuild.add(globalId);
			}
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	private void write(DatasetRecord record) {
		write(record, false);
	}

	/** {@code added}: the index is known not to hold the dataset (a rebuild from empty): no delete to apply. */
	private void write(DatasetRecord record, boolean added) {
		generationLock.readLock().lock();
		try {
			AllWords.begin();
			if (added) {
				writer.addDocument(DatasetDocuments.of(record, generation, catalog));
			}
			else {
				writer.updateDocument(new Term(DatasetDocuments.ID, record.globalId().toString()),
						DatasetDocuments.of(record, generation, catalog));
			}
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		finally {
			generationLock.readLock().unlock();
		}
	}

	/**
	 * Returns once the caller's changes, already given to the writer, are committed (durable) and the readers
	 * refreshed (visible): a change is searchable when this returns, and the durable event that asked for it may be
	 * marked complete. A group commit: concurrent callers (the module listeners of several pushes, up to the task
	 * executor's threads) share one Lucene commit and refresh instead of queuing for one each (an fsync of the new
	 * segment's files and a reader reopen, 60–70 % of a push's indexing time when each had its own). One commit runs at a
	 * time; a caller whose change came after the running commit started waits for it to end, and the next one (run by
	 * one of the waiting callers) covers every change made meanwhile. Nothing is ever acknowledged before it is
	 * committed: a change is numbered only once the writer has it, and a commit covers the numbers taken before it
	 * started.
	 */
	private void commit() {
		long change = changes.incrementAndGet();
		while (true) {
			long covers;
			synchronized (commits) {
				while (committing && committed < change) {
					try {
						commits.wait();
					}
					catch (InterruptedException e) {
						Thread.currentThread().interrupt();
						// the change is in the writer, not yet committed: its event stays incomplete, to be redone
						throw new IllegalStateException("Interrupted while waiting for the search index's commit.", e);
					}
				}
				if (committed >= change) {
					return;
				}
				committing = true;
				covers = changes.get();
			}
			boolean done = false;
			try {
				writer.commit();
				searchers.maybeRefreshBlocking();
				done = true;
			}
			catch (IOException e) {
				throw new UncheckedIOException(e);
			}
			finally {
				synchronized (commits) {
					committing = false;
					if (done) {
						committed = Math.max(committed, covers);
					}
					// on failure, a waiting caller tries again (and fails in turn if the writer is broken)
					commits.notifyAll();
				}
			}
		}
	}

	long documentCount() {
		if (!available()) {
			return -1;
		}
		return writer.getDocStats().numDocs;
	}

	/**
	 * Re-reads every dataset of the catalogue in batches and drops documents of datasets it no longer has, while the
	 * index keeps serving. Returns false when a rebuild was already running.
	 */
	boolean rebuild() {
		return rebuild((done, total) -> {
		});
	}

	/** {@link #rebuild()}, telling {@code progress} (done, total) every 2 s and at the end. */
	boolean rebuild(java.util.function.BiConsumer<Long, Long> progress) {
		return rebuild(progress, true);
	}

	/**
	 * {@link #rebuild(java.util.function.BiConsumer)}; {@code serving}: make what is indexed so far searchable every
	 * 2 s (each refresh flushes small segments, to be merged later: the reindex command, which serves nothing, skips it).
	 */
	boolean rebuild(java.util.function.BiConsumer<Long, Long> progress, boolean serving) {
		if (!available() || !rebuilding.compareAndSet(false, true)) {
			return false;
		}
		try {
			long started = System.nanoTime();
			long total = catalog.datasetCount();
			generationLock.writeLock().lock();
			try {
				generation = System.currentTimeMillis();
			}
			finally {
				generationLock.writeLock().unlock();
			}
			log.info("Search index: rebuilding from {} datasets", total);
			if (!serving) {
				// Nothing is served meanwhile (the reindex command): start from an empty index and add documents,
				// rather than update each one (a delete by id to apply against every segment). A change indexed
				// meanwhile (a republished event) is rewritten by id at the end, as below.
				writer.deleteAll();
			}
			// Reading the catalogue (one thread, keyset batches) overlaps with building and adding the documents
			// (several threads: IndexWriter indexes concurrently), with a large RAM buffer for fewer, larger flushes.
			double ramBuffer = writer.getConfig().getRAMBufferSizeMB();
			writer.getConfig().setRAMBufferSizeMB(REBUILD_RAM_BUFFER_MB);
			int threads = Math.max(1, Math.min(REBUILD_MAX_THREADS, Runtime.getRuntime().availableProcessors()));
			java.util.concurrent.ExecutorService workers = java.util.concurrent.Executors.newFixedThreadPool(threads, r -> {
				Thread thread = new Thread(r, "search-rebuild");
				thread.setDaemon(true);
				return thread;
			});
			java.util.concurrent.Semaphore inFlight = new java.util.concurrent.Semaphore(threads * 2);
			java.util.concurrent.atomic.AtomicReference<Throwable> failure = new java.util.concurrent.atomic.AtomicReference<>();
			java.util.concurrent.atomic.AtomicLong indexed = new java.util.concurrent.atomic.AtomicLong();
			long done = 0;
			long lastLog = System.nanoTime();
			UUID after = null;
			try {
				while (failure.get() == null) {
					List<DatasetRecord> batch = catalog.datasetsAfter(after, BATCH);
					if (batch.isEmpty()) {
						break;
					}
					inFlight.acquireUninterruptibly();
					workers.execute(() -> {
						try {
							batch.forEach(record -> write(record, !serving));
							indexed.addAndGet(batch.size());
						}
						catch (Throwable e) {
							failure.compareAndSet(null, e);
						}
						finally {
							inFlight.release();
						}
					});
					done += batch.size();
					after = batch.get(batch.size() - 1).globalId();
					if (System.nanoTime() - lastLog > 2_000_000_000L) {
						log.info("Search index: {} / {} datasets indexed", indexed.get(), total);
						progress.accept(indexed.get(), total);
						lastLog = System.nanoTime();
						if (serving) {
							searchers.maybeRefresh();
						}
					}
				}
			}
			finally {
				workers.shutdown();
				try {
					while (!workers.awaitTermination(1, java.util.concurrent.TimeUnit.MINUTES)) {
						log.info("Search index: waiting for the last batches ({} / {})", indexed.get(), total);
					}
				}
				catch (InterruptedException e) {
					Thread.currentThread().interrupt();
				}
				writer.getConfig().setRAMBufferSizeMB(ramBuffer);
			}
			if (failure.get() != null) {
				throw failure.get() instanceof RuntimeException e ? e : new IllegalStateException(failure.get());
			}
			// Every document this rebuild did not write (a clock set back since the last one included).
			writer.deleteDocuments(LongPoint.newRangeQuery(DatasetDocuments.GENERATION, Long.MIN_VALUE,
					generation - 1), LongPoint.newRangeQuery(DatasetDocuments.GENERATION, generation + 1,
							Long.MAX_VALUE));
			for (UUID changed : changedDuringRebuild) {
				catalog.dataset(changed).ifPresentOrElse(this::write, () -> {
					try {
						writer.deleteDocuments(new Term(DatasetDocuments.ID, changed.toString()));
					}
					catch (IOException e) {
						throw new UncheckedIOException(e);
					}
				});
			}
			commit();
			progress.accept(done, total);
			log.info("Search index: rebuilt, {} datasets in {} ms", done, (System.nanoTime() - started) / 1_000_000);
			return true;
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		finally {
			changedDuringRebuild.clear();
			rebuilding.set(false);
		}
	}

	boolean rebuilding() {
		return rebuilding.get();
	}

	IndexSearcher acquire() {
		if (!available()) {
			throw new IllegalStateException("The search index is held by another process.");
		}
		try {
			return searchers.acquire();
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	void release(IndexSearcher searcher) {
		try {
			searchers.release(searcher);
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	/** The facet ordinals of that searcher's reader, computed once per reader; null when no document has facets. */
	SortedSetDocValuesReaderState facets(IndexSearcher searcher) {
		FacetState current = facetState;
		if (current != null && current.reader() == searcher.getIndexReader()) {
			return current.state();
		}
		synchronized (this) {
			current = facetState;
			if (current != null && current.reader() == searcher.getIndexReader()) {
				return current.state();
			}
			SortedSetDocValuesReaderState state;
			try {
				state = new DefaultSortedSetDocValuesReaderState(searcher.getIndexReader(), DatasetDocuments.FACETS);
			}
			catch (IllegalArgumentException | IOException e) {
				state = null;
			}
			facetState = new FacetState(searcher.getIndexReader(), state, new ConcurrentHashMap<>());
			return state;
		}
	}

	/** Producer names by id for that searcher's reader, filled as searches look them up. */
	Map<String, String> producerNames(IndexSearcher searcher) {
		facets(searcher);
		FacetState current = facetState;
		return current != null && current.reader() == searcher.getIndexReader() ? current.producerNames()
				: new ConcurrentHashMap<>();
	}

	@Override
	public void destroy() throws IOException {
		if (writer != null) {
			searchers.close();
			writer.close();
		}
		directory.close();
	}
}
