package org.kerys.search.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.lucene.facet.FacetsConfig;
import org.apache.lucene.facet.sortedset.SortedSetDocValuesReaderState;
import org.apache.lucene.facet.sortedset.SortedSetDocValuesReaderState.OrdRange;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.MultiDocValues;
import org.apache.lucene.index.OrdinalMap;
import org.apache.lucene.index.SortedSetDocValues;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.LeafCollector;
import org.apache.lucene.search.Scorable;
import org.apache.lucene.search.TopFieldCollector;
import org.apache.lucene.search.TopFieldCollectorManager;
import org.apache.lucene.search.TopFieldDocs;
import org.apache.lucene.search.Weight;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.FieldDoc;
import org.apache.lucene.search.BulkScorer;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.SimpleCollector;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.util.Bits;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.util.FixedBitSet;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.util.LongValues;

/**
 * Counts the hits and the facet values of a search in one pass, drill-sideways included: a filtered dimension shows
 * the counts of the hits of every other filter (what choosing another of its values would give), an unfiltered one
 * the counts of the hits of all the filters. The pass visits the hits of the text and place query that satisfy all
 * the filters but at most one (or, filters only, every document), reads the filtered dimensions' values of each from
 * the segment's {@link FacetColumns}, and counts into a single array: all the dimensions of a hit that satisfies
 * every filter, only the missed filter's dimension of one that misses one. No scores are computed.
 */
final class FacetCounter {

	private FacetCounter() {
	}

	/** The counts, and the page when asked for. */
	record Counted(DatasetSearch.Counts counts, TopFieldDocs page) {
	}

	/** Work spread over the cores when a search visits at least this many documents (in all its segments). */
	static final int PARALLEL_FROM = 100_000;
	private static final int THREADS = Math.max(1, Runtime.getRuntime().availableProcessors());
	/** The other cores' share of a count (the searching thread does its own). */
	private static final ExecutorService HELPERS = THREADS == 1 ? null
			: Executors.newFixedThreadPool(THREADS - 1, runnable -> {
				Thread thread = new Thread(runnable, "search-count");
				thread.setDaemon(true);
				return thread;
			});

	static DatasetSearch.Counts count(IndexSearcher searcher, SortedSetDocValuesReaderState state, Query base,
			Map<String, List<String>> filters, int topN) throws IOException {
		return count(searcher, state, base, filters, topN, null).counts();
	}

	/**
	 * A page of hits: its order, its size, and the last hit of the previous page (or null); {@code constantScore}:
	 * every hit has the same score, 1 (no text searched).
	 */
	record PageRequest(Sort sort, int size, FieldDoc after, boolean constantScore) {

		PageRequest(Sort sort, int size, FieldDoc after) {
			this(sort, size, after, false);
		}
	}

	/**
	 * {@code pageRequest}, if not null, also collects the page of the hits of all the filters in the same pass (when
	 * the page's order needs no score, or every hit has the same one: no pruning to expect from a pass of its own).
	 */
	static Counted count(IndexSearcher searcher, SortedSetDocValuesReaderState state, Query base,
			Map<String, List<String>> filters, int topN, PageRequest pageRequest) throws IOException {
		return count(searcher, state, base, filters, topN, pageRequest, Long.MAX_VALUE);
	}

	/** {@code baseAtMost}: at most how many documents the base query matches (Long.MAX_VALUE: unknown). */
	static Counted count(IndexSearcher searcher, SortedSetDocValuesReaderState state, Query base,
			Map<String, List<String>> filters, int topN, PageRequest pageRequest, long baseAtMost) throws IOException {
		return count(searcher, state, base, filters, topN, pageRequest, baseAtMost,
				searcher.getIndexReader().maxDoc() >= PARALLEL_FROM ? THREADS : 1);
	}

	/** {@code shares}: the documents are visited in that many slices, all but one on the helper threads. */
	static Counted count(IndexSearcher searcher, SortedSetDocValuesReaderState state, Query base,
			Map<String, List<String>> filters, int topN, PageRequest pageRequest, int shares) throws IOException {
		return count(searcher, state, base, filters, topN, pageRequest, Long.MAX_VALUE, shares);
	}

	static Counted count(IndexSearcher searcher, SortedSetDocValuesReaderState state, Query base,
			Map<String, List<String>> filters, int topN, PageRequest pageRequest, long baseAtMost, int shares)
			throws IOException {
		// Every hit counted (the total comes from the counts).
		TopFieldCollectorManager pages = pageRequest == null ? null
				: new TopFieldCollectorManager(pageRequest.sort(), pageRequest.size(), pageRequest.after(),
						Integer.MAX_VALUE);
		List<String> dims = DatasetDocuments.DIMENSIONS;
		List<String> filteredDims = new ArrayList<>(filters.keySet());
		if (state == null && pages == null) {
			return new Counted(new DatasetSearch.Counts(searcher.count(DatasetSearch.filteredQuery(base, filters)),
					Map.of()), null);
		}
		if (state == null) {
			TopFieldDocs page = searcher.search(DatasetSearch.filteredQuery(base, filters), pages);
			return new Counted(new DatasetSearch.Counts(page.totalHits.value, Map.of()), page);
		}
		// Ordinal ranges of the dimensions (contiguous: ordinals follow the "dim\u001fvalue" order).
		int[] starts = new int[dims.size()];
		int[] ends = new int[dims.size()];
		for (int d = 0; d < dims.size(); d++) {
			OrdRange range = state.getOrdRange(dims.get(d));
			starts[d] = range == null ? Integer.MAX_VALUE : range.start;
			ends[d] = range == null ? Integer.MIN_VALUE : range.end; // inclusive
		}
		SortedSetDocValues global = state.getDocValues();
		int[] dimOfFilter = new int[filteredDims.size()];
		for (int f = 0; f < filteredDims.size(); f++) {
			dimOfFilter[f] = dims.indexOf(filteredDims.get(f));
		}
		int allFilters = (1 << filteredDims.size()) - 1;
		int[] unfiltered = java.util.stream.IntStream.range(0, dims.size())
				.filter(d -> !filteredDims.contains(dims.get(d))).toArray();
		OrdinalMap ordinalMap = global instanceof MultiDocValues.MultiSortedSetDocValues multi ? multi.mapping : null;
		ScoreMode scoreMode = pageRequest != null && pageRequest.sort().needsScores() ? ScoreMode.COMPLETE
				: ScoreMode.COMPLETE_NO_SCORES;
		// Counted per segment, in the segment's ordinals, mapped to the global ones once per segment; one counter per
		// thread, added up at the end.
		final class Counter extends SimpleCollector {
			final int[] counts = new int[state.getSize()];
			long total;
			final TopFieldCollector page = pages == null ? null : pages.newCollector();
			private FacetColumns columns;
			private LongValues toGlobal;
			private int[] segmentCounts;
			/** Per segment ordinal: the bits of the filters it satisfies (a filter's values, its dimension's ordinals). */
			private int[] filterBits;
			private LeafCollector pageLeaf;

			@Override
			public void setScorer(Scorable scorer) throws IOException {
				if (pageLeaf != null) {
					pageLeaf.setScorer(scorer);
				}
			}

			@Override
			protected void doSetNextReader(LeafReaderContext context) throws IOException {
				flush();
				pageLeaf = page == null ? null : page.getLeafCollector(context);
				columns = FacetColumns.of(context.reader(), state.getField());
				toGlobal = ordinalMap == null ? LongValues.IDENTITY : ordinalMap.getGlobalOrds(context.ord);
				segmentCounts = new int[columns.valueCount];
				SortedSetDocValues lookup = DocValues.getSortedSet(context.reader(), state.getField());
				filterBits = new int[columns.valueCount];
				for (int f = 0; f < filteredDims.size(); f++) {
					for (int ord : columns.ords(lookup, filteredDims.get(f), filters.get(filteredDims.get(f)))) {
						filterBits[ord] |= 1 << f;
					}
				}
			}

			void flush() {
				if (segmentCounts != null) {
					for (int ord = 0; ord < segmentCounts.length; ord++) {
						if (segmentCounts[ord] != 0) {
							counts[(int) toGlobal.get(ord)] += segmentCounts[ord];
						}
					}
					segmentCounts = null;
				}
			}

			/** The filters the document misses, one bit each (0: it satisfies them all). */
			private int missed(int doc) {
				int satisfied = 0;
				for (int f = 0; f < dimOfFilter.length; f++) {
					satisfied |= filterBits(columns, dimOfFilter[f], doc, filterBits);
				}
				return allFilters & ~satisfied;
			}

			@Override
			public void collect(int doc) throws IOException {
				int missed = missed(doc);
				if (missed == 0) {
					total++;
					if (pageLeaf != null) {
						pageLeaf.collect(doc);
					}
					for (int d = 0; d < dims.size(); d++) {
						countValues(columns, d, doc, segmentCounts);
					}
				}
				else if ((missed & (missed - 1)) == 0) {
					// Counted only for the dimension whose filter it misses.
					countValues(columns, dimOfFilter[Integer.numberOfTrailingZeros(missed)], doc, segmentCounts);
				}
			}

			/**
			 * Visits every live document of the range (the base's hits: {@code bases}, per segment; null: every
			 * document), counting each set of documents {@code complement} flags by the documents it leaves out.
			 */
			void visitComplement(List<LeafReaderContext> leaves, int from, int to, FixedBitSet[] bases,
					Complement complement) throws IOException {
				for (LeafReaderContext leaf : leaves) {
					int min = Math.max(from - leaf.docBase, 0);
					int max = Math.min(to - leaf.docBase, leaf.reader().maxDoc());
					if (min >= max) {
						continue;
					}
					Bits live = leaf.reader().getLiveDocs();
					FixedBitSet inBase = bases == null ? null : bases[leaf.ord];
					getLeafCollector(leaf);
					ConstantScore score = new ConstantScore();
					setScorer(score);
					// Nothing counted by what it leaves out: only the base's hits are visited.
					boolean hitsOnly = inBase != null && !complement.all && !anyFilter(complement.filter);
					for (int doc = min; doc < max; doc++) {
						if (hitsOnly) {
							doc = doc >= inBase.length() ? DocIdSetIterator.NO_MORE_DOCS : inBase.nextSetBit(doc);
							if (doc >= max) {
								break;
							}
						}
						if (live != null && !live.get(doc)) {
							continue;
						}
						if (inBase != null && !inBase.get(doc)) {
							// In none of the sets: counted only where the sets are counted by what they leave out.
							if (complement.all) {
								for (int d : unfiltered) {
									countValues(columns, d, doc, segmentCounts);
								}
							}
							for (int f = 0; f < dimOfFilter.length; f++) {
								if (complement.filter[f]) {
									countValues(columns, dimOfFilter[f], doc, segmentCounts);
								}
							}
							continue;
						}
						int missed = missed(doc);
						if (missed == 0) {
							total++;
							if (pageLeaf != null) {
								score.doc = doc;
								pageLeaf.collect(doc);
							}
						}
						if ((missed == 0) != complement.all) {
							for (int d : unfiltered) {
								countValues(columns, d, doc, segmentCounts);
							}
						}
						for (int f = 0; f < dimOfFilter.length; f++) {
							if (((missed & ~(1 << f)) == 0) != complement.filter[f]) {
								countValues(columns, dimOfFilter[f], doc, segmentCounts);
							}
						}
					}
					finish();
				}
			}

			@Override
			public void finish() throws IOException {
				if (pageLeaf != null) {
					pageLeaf.finish();
				}
			}

			@Override
			public ScoreMode scoreMode() {
				return scoreMode;
			}
		}
		List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
		int maxDoc = searcher.getIndexReader().maxDoc();
		List<Counter> counters = new ArrayList<>();
		for (int share = 0; share < shares; share++) {
			counters.add(new Counter());
		}
		Complement complement = complement(searcher, state, base, filters, baseAtMost, pageRequest, shares, leaves,
				maxDoc);
		if (complement != null) {
			inShares(shares, share -> {
				Counter counter = counters.get(share);
				int from = sliceStart(maxDoc, share, shares);
				int to = sliceStart(maxDoc, share + 1, shares);
				counter.visitComplement(leaves, from, to,
						complement.bases == null ? null : complement.bases.get(share), complement);
				counter.flush();
			});
		}
		else {
			boolean scan = scanned(searcher, base, filters);
			// Filters only, matching many: reading the filter columns of every document costs less than running the
			// filters' postings (a disjunction over most of the index).
			Weight weight = scan ? null
					: searcher.createWeight(searcher.rewrite(visited(base, filters)), scoreMode, 1f);
			inShares(shares, share -> {
				Counter counter = counters.get(share);
				// The share-th slice of the documents of all the segments, end to end.
				int from = sliceStart(maxDoc, share, shares);
				int to = sliceStart(maxDoc, share + 1, shares);
				visit(leaves, from, to, counter, weight);
				counter.flush();
			});
		}
		int[] counts = counters.get(0).counts;
		long total = 0;
		for (Counter counter : counters) {
			total += counter.total;
			if (counter.counts != counts) {
				for (int ord = 0; ord < counts.length; ord++) {
					counts[ord] += counter.counts[ord];
				}
			}
		}
		if (complement != null) {
			// The sets counted by what they leave out: every live document's counts less those.
			for (int d = 0; d < dims.size(); d++) {
				int f = filteredDims.indexOf(dims.get(d));
				if (starts[d] != Integer.MAX_VALUE && (f < 0 ? complement.all : complement.filter[f])) {
					for (int ord = starts[d]; ord <= ends[d]; ord++) {
						counts[ord] = complement.full[ord] - counts[ord];
					}
				}
			}
		}
		TopFieldDocs page = pages == null ? null
				: pages.reduce(counters.stream().map(counter -> counter.page).toList());
		Map<String, List<DatasetSearch.ValueCount>> facets = new LinkedHashMap<>();
		for (int d = 0; d < dims.size(); d++) {
			if (starts[d] == Integer.MAX_VALUE) {
				continue;
			}
			facets.put(dims.get(d), top(counts, starts[d], ends[d], topN, global));
		}
		return new Counted(new DatasetSearch.Counts(total, facets), page);
	}


	/**
	 * A set of documents to count (the hits of every filter, or of every filter but one, for that filter's
	 * dimension) holding more than this share of the live documents is counted by the documents it leaves out, from
	 * the counts of every live document: a query that matches 80 % of the index counts 20 % of it.
	 */
	static volatile double complementAbove = 0.5;

	/**
	 * How a search counts when some of its sets are counted by what they leave out: the base query's hits as bits
	 * (per share, per segment: the share's range of it; null: every live document) and which sets.
	 */
	private record Complement(List<FixedBitSet[]> bases, boolean all, boolean[] filter, int[] full) {
	}

	/**
	 * Whether some of the sets to count are likely larger than {@link #complementAbove} of the live documents (their
	 * sizes estimated from the base's, exact once its hits are known, and the filters' document frequencies, taken
	 * as independent): then how to count them. Null: count the sets themselves, as usual.
	 */
	private static Complement complement(IndexSearcher searcher, SortedSetDocValuesReaderState state, Query base,
			Map<String, List<String>> filters, long baseAtMost, PageRequest page, int shares,
			List<LeafReaderContext> leaves, int maxDoc) throws IOException {
		double live = searcher.getIndexReader().numDocs();
		if (live == 0 || complementAbove >= 1 || page != null && page.sort().needsScores() && !page.constantScore()) {
			return null;
		}
		List<String> filtered = new ArrayList<>(filters.keySet());
		double[] share = new double[filtered.size()];
		for (int f = 0; f < filtered.size(); f++) {
			long df = 0;
			for (String value : filters.get(filtered.get(f))) {
				df += searcher.getIndexReader().docFreq(new Term(filtered.get(f), value));
			}
			share[f] = Math.min(1, df / live);
		}
		boolean everyDocument = base instanceof MatchAllDocsQuery;
		double baseSize = everyDocument ? live : Math.min(live, baseAtMost);
		if (!anyAbove(baseSize, share, live)) {
			return null;
		}
		List<FixedBitSet[]> bases = null;
		if (!everyDocument) {
			// The base's hits first (each share its range), to know how many they are.
			Weight weight = searcher.createWeight(searcher.rewrite(base), ScoreMode.COMPLETE_NO_SCORES, 1f);
			List<FixedBitSet[]> bits = new ArrayList<>();
			long[] found = new long[shares];
			for (int s = 0; s < shares; s++) {
				bits.add(new FixedBitSet[leaves.size()]);
			}
			inShares(shares, s -> found[s] = hits(leaves, sliceStart(maxDoc, s, shares),
					sliceStart(maxDoc, s + 1, shares), weight, bits.get(s)));
			baseSize = java.util.stream.LongStream.of(found).sum();
			bases = bits;
			if (!anyAbove(baseSize, share, live)) {
				// Counted as usual, from the base's hits found.
				return new Complement(bases, false, new boolean[filtered.size()], null);
			}
		}
		boolean[] filter = new boolean[filtered.size()];
		for (int f = 0; f < filtered.size(); f++) {
			filter[f] = above(baseSize, share, f, live);
		}
		return new Complement(bases, above(baseSize, share, -1, live), filter, fullCounts(searcher, state));
	}

	private static boolean anyFilter(boolean[] filter) {
		for (boolean f : filter) {
			if (f) {
				return true;
			}
		}
		return false;
	}

	private static boolean anyAbove(double baseSize, double[] share, double live) {
		for (int f = -1; f < share.length; f++) {
			if (above(baseSize, share, f, live)) {
				return true;
			}
		}
		return false;
	}

	/** Whether the hits of the base and every filter but {@code except} (-1: none) likely exceed the threshold. */
	private static boolean above(double baseSize, double[] share, int except, double live) {
		double size = baseSize;
		for (int f = 0; f < share.length; f++) {
			if (f != except) {
				size *= share[f];
			}
		}
		return size > complementAbove * live;
	}

	/** Sets the bits of the weight's live hits from {@code from} to {@code to} (of the segments end to end). */
	private static long hits(List<LeafReaderContext> leaves, int from, int to, Weight weight, FixedBitSet[] bits)
			throws IOException {
		long found = 0;
		for (LeafReaderContext leaf : leaves) {
			FixedBitSet set = new FixedBitSet(leaf.reader().maxDoc());
			bits[leaf.ord] = set;
			int min = Math.max(from - leaf.docBase, 0);
			int max = Math.min(to - leaf.docBase, leaf.reader().maxDoc());
			if (min >= max) {
				continue;
			}
			BulkScorer scorer = weight.bulkScorer(leaf);
			if (scorer == null) {
				continue;
			}
			long[] n = new long[1];
			scorer.score(new LeafCollector() {
				@Override
				public void setScorer(Scorable scorer) {
				}

				@Override
				public void collect(int doc) {
					set.set(doc);
					n[0]++;
				}
			}, leaf.reader().getLiveDocs(), min, max);
			found += n[0];
		}
		return found;
	}

	/** Where the share-th of {@code shares} slices of the documents (of all the segments, end to end) starts. */
	private static int sliceStart(int maxDoc, int share, int shares) {
		return (int) ((long) maxDoc * share / shares);
	}

	/** Runs {@code task} for each share, all but the last on the helper threads, and waits for them all. */
	private static void inShares(int shares, ShareTask task) throws IOException {
		List<Future<?>> others = new ArrayList<>();
		for (int share = 0; share < shares; share++) {
			int s = share;
			if (share < shares - 1 && HELPERS != null) {
				others.add(HELPERS.submit(() -> {
					task.run(s);
					return null;
				}));
			}
			else {
				task.run(s);
			}
		}
		for (Future<?> other : others) {
			try {
				other.get();
			}
			catch (InterruptedException e) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("Interrupted while counting", e);
			}
			catch (ExecutionException e) {
				if (e.getCause() instanceof IOException io) {
					throw io;
				}
				if (e.getCause() instanceof RuntimeException r) {
					throw r;
				}
				throw new IllegalStateException(e.getCause());
			}
		}
	}

	private interface ShareTask {
		void run(int share) throws IOException;
	}

	/** Counts of every live document, per segment (deletions included in the key) and per reader, global ordinals. */
	private static final Map<Object, int[]> FULL_BY_SEGMENT = new java.util.concurrent.ConcurrentHashMap<>();
	private static final Map<Object, int[]> FULL_BY_READER = new java.util.concurrent.ConcurrentHashMap<>();

	/** Every live document's counts in the reader's global ordinals (computed once per reader). */
	static int[] fullCounts(IndexSearcher searcher, SortedSetDocValuesReaderState state) throws IOException {
		IndexReader.CacheHelper helper = searcher.getIndexReader().getReaderCacheHelper();
		int[] cached = helper == null ? null : FULL_BY_READER.get(helper.getKey());
		if (cached != null) {
			return cached;
		}
		SortedSetDocValues global = state.getDocValues();
		OrdinalMap ordinalMap = global instanceof MultiDocValues.MultiSortedSetDocValues multi ? multi.mapping : null;
		int[] full = new int[state.getSize()];
		for (LeafReaderContext leaf : searcher.getIndexReader().leaves()) {
			int[] segment = fullCounts(leaf.reader(), state.getField());
			LongValues toGlobal = ordinalMap == null ? LongValues.IDENTITY : ordinalMap.getGlobalOrds(leaf.ord);
			for (int ord = 0; ord < segment.length; ord++) {
				if (segment[ord] != 0) {
					full[(int) toGlobal.get(ord)] += segment[ord];
				}
			}
		}
		if (helper != null && FULL_BY_READER.putIfAbsent(helper.getKey(), full) == null) {
			helper.addClosedListener(FULL_BY_READER::remove);
		}
		return full;
	}

	/**
	 * Every live document's counts in a segment's ordinals: those of all its documents (once per segment) less those
	 * of its deleted documents (once per set of deletions; usually few).
	 */
	static int[] fullCounts(org.apache.lucene.index.LeafReader segment, String field) {
		FacetColumns columns = FacetColumns.of(segment, field);
		Bits live = segment.getLiveDocs();
		if (live == null) {
			return columns.allCounts();
		}
		IndexReader.CacheHelper helper = segment.getReaderCacheHelper();
		int[] cached = helper == null ? null : FULL_BY_SEGMENT.get(helper.getKey());
		if (cached != null) {
			return cached;
		}
		int[] counts = columns.allCounts().clone();
		int[] deleted = new int[counts.length];
		for (int doc = 0, max = segment.maxDoc(); doc < max; doc++) {
			if (!live.get(doc)) {
				for (int d = 0; d < DatasetDocuments.DIMENSIONS.size(); d++) {
					countValues(columns, d, doc, deleted);
				}
			}
		}
		for (int ord = 0; ord < counts.length; ord++) {
			counts[ord] -= deleted[ord];
		}
		if (helper != null && FULL_BY_SEGMENT.putIfAbsent(helper.getKey(), counts) == null) {
			helper.addClosedListener(FULL_BY_SEGMENT::remove);
		}
		return counts;
	}

	/**
	 * Visits the documents {@code from} (inclusive) to {@code to} (exclusive) of the segments taken end to end: the
	 * hits of the weight's query, or (no weight) every live document.
	 */
	private static void visit(List<LeafReaderContext> leaves, int from, int to, SimpleCollector counter,
			Weight weight) throws IOException {
		for (LeafReaderContext leaf : leaves) {
			int min = Math.max(from - leaf.docBase, 0);
			int max = Math.min(to - leaf.docBase, leaf.reader().maxDoc());
			if (min >= max) {
				continue;
			}
			Bits live = leaf.reader().getLiveDocs();
			if (weight == null) {
				LeafCollector collector = counter.getLeafCollector(leaf);
				ConstantScore score = new ConstantScore();
				collector.setScorer(score);
				for (int doc = min; doc < max; doc++) {
					if (live == null || live.get(doc)) {
						score.doc = doc;
						collector.collect(doc);
					}
				}
				collector.finish();
			}
			else {
				BulkScorer scorer = weight.bulkScorer(leaf);
				if (scorer != null) {
					LeafCollector collector = counter.getLeafCollector(leaf);
					scorer.score(collector, live, min, max);
					collector.finish();
				}
			}
		}
	}

	/**
	 * Whether to visit every document rather than the hits of the query: no text or place to search, and the
	 * documents satisfying all the filters but one may be more than an eighth of the index.
	 */
	private static boolean scanned(IndexSearcher searcher, Query base, Map<String, List<String>> filters)
			throws IOException {
		if (!(base instanceof MatchAllDocsQuery)) {
			return false;
		}
		if (filters.size() <= 1) {
			return true; // every document is visited: the unfiltered dimensions count them all
		}
		long atMost = 0;
		for (Map.Entry<String, List<String>> filter : filters.entrySet()) {
			for (String value : filter.getValue()) {
				atMost += searcher.getIndexReader().docFreq(new Term(filter.getKey(), value));
			}
		}
		return atMost * 8 > searcher.getIndexReader().maxDoc();
	}

	/** The filter bits of the document's values in that dimension. */
	private static int filterBits(FacetColumns columns, int dim, int doc, int[] filterBits) {
		int[] ords = columns.ords[dim];
		int[] starts = columns.starts[dim];
		if (starts == null) {
			int ord = ords[doc];
			return ord < 0 ? 0 : filterBits[ord];
		}
		int bits = 0;
		for (int i = starts[doc], end = starts[doc + 1]; i < end; i++) {
			bits |= filterBits[ords[i]];
		}
		return bits;
	}

	static void countValues(FacetColumns columns, int dim, int doc, int[] counts) {
		int[] ords = columns.ords[dim];
		int[] starts = columns.starts[dim];
		if (starts == null) {
			int ord = ords[doc];
			if (ord >= 0) {
				counts[ord]++;
			}
			return;
		}
		for (int i = starts[doc], end = starts[doc + 1]; i < end; i++) {
			counts[ords[i]]++;
		}
	}

	/** The score of every document when no text is searched (as a match-all query gives). */
	private static final class ConstantScore extends Scorable {
		int doc = -1;

		@Override
		public float score() {
			return 1f;
		}

		@Override
		public int docID() {
			return doc;
		}
	}

	/** The hits of the base query that satisfy every filter but at most one (all of them if at most one filter). */
	private static Query visited(Query base, Map<String, List<String>> filters) {
		if (filters.size() <= 1) {
			return base;
		}
		BooleanQuery.Builder some = new BooleanQuery.Builder().setMinimumNumberShouldMatch(filters.size() - 1);
		filters.forEach((dimension, values) -> {
			BooleanQuery.Builder any = new BooleanQuery.Builder();
			values.forEach(v -> any.add(new TermQuery(new Term(dimension, v)), Occur.SHOULD));
			some.add(any.build(), Occur.SHOULD);
		});
		return new BooleanQuery.Builder().add(base, Occur.MUST).add(some.build(), Occur.FILTER).build();
	}

	/** The most frequent values of a dimension, more hits first, then in value order (as Lucene's facets). */
	private static List<DatasetSearch.ValueCount> top(int[] counts, int start, int end, int topN,
			SortedSetDocValues global) throws IOException {
		List<int[]> nonZero = new ArrayList<>();
		for (int ord = start; ord <= end; ord++) {
			if (counts[ord] > 0) {
				nonZero.add(new int[] { ord, counts[ord] });
			}
		}
		int[][] sorted = nonZero.toArray(new int[0][]);
		Arrays.sort(sorted, (a, b) -> a[1] != b[1] ? Integer.compare(b[1], a[1]) : Integer.compare(a[0], b[0]));
		List<DatasetSearch.ValueCount> out = new ArrayList<>();
		for (int i = 0; i < Math.min(topN, sorted.length); i++) {
			String path = global.lookupOrd(sorted[i][0]).utf8ToString();
			out.add(new DatasetSearch.ValueCount(FacetsConfig.stringToPath(path)[1], sorted[i][1]));
		}
		return out;
	}
}
