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

	/** A page of hits: its order, its size, and the last hit of the previous page (or null). */
	record PageRequest(Sort sort, int size, FieldDoc after) {
	}

	/**
	 * {@code pageRequest}, if not null, also collects the page of the hits of all the filters in the same pass (when
	 * the page's order needs no score, or every hit has the same one: no pruning to expect from a pass of its own).
	 */
	static Counted count(IndexSearcher searcher, SortedSetDocValuesReaderState state, Query base,
			Map<String, List<String>> filters, int topN, PageRequest pageRequest) throws IOException {
		return count(searcher, state, base, filters, topN, pageRequest,
				searcher.getIndexReader().maxDoc() >= PARALLEL_FROM ? THREADS : 1);
	}

	/** {@code shares}: the documents are visited in that many slices, all but one on the helper threads. */
	static Counted count(IndexSearcher searcher, SortedSetDocValuesReaderState state, Query base,
			Map<String, List<String>> filters, int topN, PageRequest pageRequest, int shares) throws IOException {
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

			@Override
			public void collect(int doc) throws IOException {
				int satisfied = 0;
				for (int f = 0; f < dimOfFilter.length; f++) {
					satisfied |= filterBits(columns, dimOfFilter[f], doc, filterBits);
				}
				int missed = allFilters & ~satisfied;
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
		boolean scan = scanned(searcher, base, filters);
		// Filters only, matching many: reading the filter columns of every document costs less than running the
		// filters' postings (a disjunction over most of the index).
		Weight weight = scan ? null : searcher.createWeight(searcher.rewrite(visited(base, filters)), scoreMode, 1f);
		List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
		int maxDoc = searcher.getIndexReader().maxDoc();
		List<Counter> counters = new ArrayList<>();
		List<Future<?>> others = new ArrayList<>();
		for (int share = 0; share < shares; share++) {
			Counter counter = new Counter();
			counters.add(counter);
			// The share-th slice of the documents of all the segments, end to end.
			int from = (int) ((long) maxDoc * share / shares);
			int to = (int) ((long) maxDoc * (share + 1) / shares);
			// The last share on this thread, the others on the helpers.
			if (share < shares - 1 && HELPERS != null) {
				others.add(HELPERS.submit(() -> {
					visit(leaves, from, to, counter, weight);
					counter.flush();
					return null;
				}));
			}
			else {
				visit(leaves, from, to, counter, weight);
				counter.flush();
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

	private static void countValues(FacetColumns columns, int dim, int doc, int[] counts) {
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
