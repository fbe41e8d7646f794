package org.kerys.search.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.lucene.facet.FacetsConfig;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.SortedSetDocValues;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.util.BytesRef;

/**
 * A segment's facet ordinals, decoded once into plain arrays, one column per dimension: counting reads a hit's
 * values of one dimension without decoding the others (a hit that misses one filter is counted for that dimension
 * only), and an array read costs a fraction of a doc-values lookup. Built when a segment is first searched (or when
 * a merge writes it) and kept while the segment lives: segments never change, deletions are the reader's.
 *
 * <p>Ordinals are the segment's own in the facet field (all dimensions in one sorted set, each dimension a range of
 * them). About 4 bytes per value plus 4 per document and multi-valued dimension (the heap after a full GC at 1M
 * datasets went from 52 to 125 MiB, bench/results/search.md).
 */
final class FacetColumns {

	private static final Map<Object, FacetColumns> BY_CORE = new ConcurrentHashMap<>();

	/** Per dimension: the first and last ordinal of its range in this segment (first > last if none). */
	final int[] first;
	final int[] last;
	/** Per dimension: null for a single-valued dimension, else where each document's values start in {@link #ords}. */
	final int[][] starts;
	/** Per dimension: the ordinal of each document (-1: none) or, multi-valued, the values one document after another. */
	final int[][] ords;
	final int valueCount;

	final int maxDoc;

	private FacetColumns(int dims, int valueCount, int maxDoc) {
		this.maxDoc = maxDoc;
		this.first = new int[dims];
		this.last = new int[dims];
		this.starts = new int[dims][];
		this.ords = new int[dims][];
		this.valueCount = valueCount;
	}

	/** Every document's counts per ordinal, deleted ones included (computed on first use). */
	private volatile int[] allCounts;

	int[] allCounts() {
		int[] counts = allCounts;
		if (counts == null) {
			counts = new int[valueCount];
			for (int doc = 0; doc < maxDoc; doc++) {
				for (int d = 0; d < ords.length; d++) {
					FacetCounter.countValues(this, d, doc, counts);
				}
			}
			allCounts = counts;
		}
		return counts;
	}

	/** The columns of that segment, built on first use. */
	static FacetColumns of(LeafReader segment, String field) {
		IndexReader.CacheHelper core = segment.getCoreCacheHelper();
		if (core == null) {
			return build(segment, field);
		}
		FacetColumns columns = BY_CORE.get(core.getKey());
		if (columns == null) {
			// Built outside the map's lock: two searches of a new segment may both build it, once.
			columns = build(segment, field);
			if (BY_CORE.putIfAbsent(core.getKey(), columns) == null) {
				core.addClosedListener(BY_CORE::remove);
			}
		}
		return columns;
	}

	/** Builds the columns of every segment of a new reader that does not have them yet (off the search path). */
	static void warm(IndexReader reader, String field) {
		reader.leaves().forEach(leaf -> of(leaf.reader(), field));
	}

	/**
	 * The ordinals of a dimension's values in this segment (values the segment does not have are left out);
	 * {@code lookup}: the segment's facet doc values, of the calling thread (doc values are not shared across threads).
	 */
	int[] ords(SortedSetDocValues lookup, String dimension, List<String> values) throws IOException {
		int[] found = new int[values.size()];
		int n = 0;
		if (valueCount > 0) {
			for (String value : values) {
				long ord = lookup.lookupTerm(new BytesRef(FacetsConfig.pathToString(dimension, value)));
				if (ord >= 0) {
					found[n++] = (int) ord;
				}
			}
		}
		return Arrays.copyOf(found, n);
	}

	private static FacetColumns build(LeafReader segment, String field) {
		try {
			List<String> dims = DatasetDocuments.DIMENSIONS;
			SortedSetDocValues values = DocValues.getSortedSet(segment, field);
			int valueCount = (int) values.getValueCount();
			int maxDoc = segment.maxDoc();
			FacetColumns columns = new FacetColumns(dims.size(), valueCount, maxDoc);
			TermsEnum terms = values.termsEnum();
			// Ordinal -> dimension (ordinals of one dimension are contiguous: they sort as "dim\u001fvalue").
			byte[] dimOf = new byte[valueCount];
			Arrays.fill(dimOf, (byte) -1);
			for (int d = 0; d < dims.size(); d++) {
				columns.first[d] = 1;
				columns.last[d] = 0;
				String prefix = dims.get(d) + FacetsConfig.DELIM_CHAR;
				if (valueCount == 0 || terms.seekCeil(new BytesRef(prefix)) == TermsEnum.SeekStatus.END
						|| !terms.term().utf8ToString().startsWith(prefix)) {
					continue;
				}
				columns.first[d] = (int) terms.ord();
				columns.last[d] = terms.seekCeil(new BytesRef(dims.get(d) + (char) (FacetsConfig.DELIM_CHAR + 1)))
						== TermsEnum.SeekStatus.END ? valueCount - 1 : (int) terms.ord() - 1;
				Arrays.fill(dimOf, columns.first[d], columns.last[d] + 1, (byte) d);
			}
			int[] sizes = new int[dims.size()];
			for (int d = 0; d < dims.size(); d++) {
				boolean multi = DatasetDocuments.FACETS.getDimConfig(dims.get(d)).multiValued;
				if (multi) {
					columns.starts[d] = new int[maxDoc + 1];
					columns.ords[d] = new int[Math.max(16, maxDoc)];
				}
				else {
					columns.ords[d] = new int[maxDoc];
					Arrays.fill(columns.ords[d], -1);
				}
			}
			int doc = values.nextDoc();
			for (int i = 0; i < maxDoc; i++) {
				for (int d = 0; d < dims.size(); d++) {
					if (columns.starts[d] != null) {
						columns.starts[d][i] = sizes[d];
					}
				}
				if (doc != i) {
					continue;
				}
				for (int k = 0, n = values.docValueCount(); k < n; k++) {
					int ord = (int) values.nextOrd();
					int d = dimOf[ord];
					if (d < 0) {
						continue;
					}
					if (columns.starts[d] == null) {
						if (columns.ords[d][i] < 0) {
							columns.ords[d][i] = ord;
						}
					}
					else {
						if (sizes[d] == columns.ords[d].length) {
							columns.ords[d] = Arrays.copyOf(columns.ords[d], columns.ords[d].length * 2);
						}
						columns.ords[d][sizes[d]++] = ord;
					}
				}
				doc = values.nextDoc();
			}
			for (int d = 0; d < dims.size(); d++) {
				if (columns.starts[d] != null) {
					columns.starts[d][maxDoc] = sizes[d];
					columns.ords[d] = Arrays.copyOf(columns.ords[d], sizes[d]);
				}
			}
			return columns;
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}
}
