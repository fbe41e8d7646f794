package org.kerys.search.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StringField;
import org.apache.lucene.facet.sortedset.DefaultSortedSetDocValuesReaderState;
import org.apache.lucene.facet.sortedset.SortedSetDocValuesFacetField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.junit.jupiter.api.Test;

/**
 * The one-pass counts against counting each document by hand, filters and drill-sideways included, with deleted
 * documents; rounds without text visit every document's columns, rounds with text the hits of the query.
 */
class FacetCounterTests {

	@Test
	void shouldCountLikeCountingEachDocumentByHand() throws Exception {
		Random random = new Random(42);
		List<Map<String, Set<String>>> docs = new ArrayList<>();
		try (ByteBuffersDirectory dir = new ByteBuffersDirectory();
				IndexWriter writer = new IndexWriter(dir, new IndexWriterConfig())) {
			for (int i = 0; i < 3000; i++) {
				Map<String, Set<String>> values = new LinkedHashMap<>();
				Document doc = new Document();
				values.put("text", Set.of(random.nextInt(3) == 0 ? "rare" : "common"));
				doc.add(new StringField("text", values.get("text").iterator().next(), Field.Store.NO));
				doc.add(new StringField("n", Integer.toString(i), Field.Store.NO));
				for (String dim : DatasetDocuments.DIMENSIONS) {
					if (random.nextInt(10) == 0) {
						continue; // some documents without the dimension
					}
					int n = DatasetDocuments.FACETS.getDimConfig(dim).multiValued ? 1 + random.nextInt(4) : 1;
					Set<String> vs = new LinkedHashSet<>();
					for (int k = 0; k < n; k++) {
						vs.add(dim + "-" + random.nextInt(dim.equals("keyword") ? 40 : 5));
					}
					vs.forEach(v -> {
						doc.add(new StringField(dim, v, Field.Store.NO));
						doc.add(new SortedSetDocValuesFacetField(dim, v));
					});
					values.put(dim, vs);
				}
				docs.add(values);
				writer.addDocument(DatasetDocuments.FACETS.build(doc));
				if (i % 700 == 0) {
					writer.commit(); // several segments: global ordinals
				}
			}
			// Deleted documents (the segments' live docs) are not counted, whichever way the hits are visited.
			for (int i = 0; i < docs.size(); i += 13) {
				writer.deleteDocuments(new Term("n", Integer.toString(i)));
				docs.set(i, null);
			}
			docs.removeIf(java.util.Objects::isNull);
			writer.commit();
			try (DirectoryReader reader = DirectoryReader.open(dir)) {
				assertThat(reader.leaves().size()).isGreaterThan(1);
				IndexSearcher searcher = new IndexSearcher(reader);
				DefaultSortedSetDocValuesReaderState state = new DefaultSortedSetDocValuesReaderState(reader,
						DatasetDocuments.FACETS);
				for (int round = 0; round < 200; round++) {
					String text = random.nextBoolean() ? null : random.nextBoolean() ? "rare" : "common";
					Map<String, List<String>> filters = new LinkedHashMap<>();
					int nFilters = random.nextInt(4);
					List<String> dims = new ArrayList<>(DatasetDocuments.DIMENSIONS);
					java.util.Collections.shuffle(dims, random);
					for (String dim : dims.subList(0, nFilters)) {
						List<String> vs = new ArrayList<>();
						for (int k = 0; k < 1 + random.nextInt(2); k++) {
							vs.add(dim + "-" + random.nextInt(dim.equals("keyword") ? 40 : 6));
						}
						filters.put(dim, vs);
					}
					Query base = text == null ? new MatchAllDocsQuery() : new TermQuery(new Term("text", text));
					DatasetSearch.Counts counts = FacetCounter.count(searcher, state, base, filters, 20);
					// The same counts, and the same page, when the documents are visited in slices on several threads.
					org.apache.lucene.search.Sort byDoc = new org.apache.lucene.search.Sort(
							org.apache.lucene.search.SortField.FIELD_DOC);
					FacetCounter.Counted one = FacetCounter.count(searcher, state, base, filters, 20,
							new FacetCounter.PageRequest(byDoc, 25, null), 1);
					FacetCounter.Counted sliced = FacetCounter.count(searcher, state, base, filters, 20,
							new FacetCounter.PageRequest(byDoc, 25, null), 3);
					assertThat(sliced.counts()).isEqualTo(one.counts()).isEqualTo(counts);
					// The same again when every set is counted by the documents it leaves out, and when none is.
					double above = FacetCounter.complementAbove;
					try {
						for (double threshold : new double[] { 0, 2 }) {
							FacetCounter.complementAbove = threshold;
							FacetCounter.Counted other = FacetCounter.count(searcher, state, base, filters, 20,
									new FacetCounter.PageRequest(byDoc, 25, null), 1);
							FacetCounter.Counted otherSliced = FacetCounter.count(searcher, state, base, filters, 20,
									new FacetCounter.PageRequest(byDoc, 25, null), 3);
							assertThat(other.counts()).as("threshold %s", threshold).isEqualTo(counts);
							assertThat(otherSliced.counts()).as("threshold %s, sliced", threshold).isEqualTo(counts);
							assertThat(java.util.Arrays.stream(other.page().scoreDocs).mapToInt(hit -> hit.doc).toArray())
									.isEqualTo(java.util.Arrays.stream(one.page().scoreDocs).mapToInt(hit -> hit.doc)
											.toArray());
							assertThat(FacetCounter.count(searcher, state, base, filters, 20)).isEqualTo(counts);
						}
					}
					finally {
						FacetCounter.complementAbove = above;
					}
					assertThat(java.util.Arrays.stream(sliced.page().scoreDocs).mapToInt(hit -> hit.doc).toArray())
							.isEqualTo(java.util.Arrays.stream(one.page().scoreDocs).mapToInt(hit -> hit.doc).toArray());

					long total = docs.stream().filter(d -> matches(d, text, filters, null)).count();
					assertThat(counts.total()).as("total, round %d", round).isEqualTo(total);
					for (String dim : DatasetDocuments.DIMENSIONS) {
						Map<String, Long> expected = new HashMap<>();
						for (Map<String, Set<String>> d : docs) {
							if (matches(d, text, filters, dim)) {
								d.getOrDefault(dim, Set.of()).forEach(v -> expected.merge(v, 1L, Long::sum));
							}
						}
						List<DatasetSearch.ValueCount> top = expected.entrySet().stream()
								.sorted(Comparator.<Map.Entry<String, Long>>comparingLong(Map.Entry::getValue).reversed()
										.thenComparing(Map.Entry::getKey))
								.limit(20).map(e -> new DatasetSearch.ValueCount(e.getKey(), e.getValue())).toList();
						assertThat(counts.facets().getOrDefault(dim, List.of())).as("%s, round %d, filters %s", dim,
								round, filters).isEqualTo(top);
					}
				}
			}
		}
	}

	/** Whether a document matches the text and every filter but {@code except}'s. */
	private static boolean matches(Map<String, Set<String>> doc, String text, Map<String, List<String>> filters,
			String except) {
		if (text != null && !doc.get("text").contains(text)) {
			return false;
		}
		for (Map.Entry<String, List<String>> f : filters.entrySet()) {
			if (f.getKey().equals(except)) {
				continue;
			}
			if (f.getValue().stream().noneMatch(v -> doc.getOrDefault(f.getKey(), Set.of()).contains(v))) {
				return false;
			}
		}
		return true;
	}
}
