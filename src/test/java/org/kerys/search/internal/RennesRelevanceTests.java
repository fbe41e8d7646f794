package org.kerys.search.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Path;
import java.text.Normalizer;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kerys.search.SearchRequest;
import org.kerys.catalog.AccessRegime;
import org.kerys.catalog.Catalog;
import org.kerys.catalog.DatasetRecord;
import org.kerys.catalog.DatasetSummary;
import org.kerys.catalog.Page;
import org.kerys.catalog.ProducerSummary;
import org.kerys.platform.KerysProperties;
import org.springframework.core.io.ClassPathResource;
import org.springframework.util.unit.DataSize;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Relevance on the 387 real Rennes records: what people type puts the expected datasets first. */
class RennesRelevanceTests {

	@TempDir
	static Path dataDir;

	static SearchIndex index;
	static DatasetSearch search;

	@BeforeAll
	static void indexTheRennesRecords() throws Exception {
		List<DatasetRecord> records = new ArrayList<>();
		try (InputStream in = new ClassPathResource("demo/datarennes-metadata-1.2.0.json").getInputStream()) {
			OffsetDateTime now = OffsetDateTime.now();
			for (JsonNode record : JsonMapper.builder().build().readTree(in)) {
				records.add(new DatasetRecord(UUID.fromString(record.get("global_id").asString()), AccessRegime.OPEN,
						record, now, now));
			}
		}
		records.sort(Comparator.comparing(DatasetRecord::globalId));
		Catalog catalog = new RecordsCatalog(records);
		index = new SearchIndex(new KerysProperties(dataDir, new KerysProperties.Db(null, null, null), null, false,
				DataSize.ofGigabytes(1), DataSize.ofMegabytes(1), null, "x"), catalog, true);
		assertThat(index.rebuild()).isTrue();
		assertThat(index.documentCount()).isEqualTo(records.size());
		search = new DatasetSearch(index, catalog);
	}

	@AfterAll
	static void close() throws Exception {
		index.destroy();
	}

	static List<String> titles(String q, int n) {
		return search.search(new SearchRequest(q, Map.of(), null, null, null, null, null, n), Locale.FRENCH).hits().stream()
				.map(h -> fold(h.title())).toList();
	}

	static String fold(String text) {
		return Normalizer.normalize(text, Normalizer.Form.NFD).replaceAll("\\p{M}", "").toLowerCase(Locale.ROOT);
	}

	/**
	 * The field of all the words, filled from the words the text fields recorded while indexing (AllWords), holds for
	 * each document exactly the words of its text fields: each of its words finds the same documents as the word in
	 * any text field, and every word of a text field is in it.
	 */
	@Test
	void shouldGatherEveryWordOfTheTextFieldsOfEachDocument() throws Exception {
		org.apache.lucene.search.IndexSearcher searcher = index.acquire();
		try {
			org.apache.lucene.index.IndexReader reader = searcher.getIndexReader();
			java.util.Set<String> allWords = new java.util.HashSet<>();
			org.apache.lucene.index.TermsEnum terms = org.apache.lucene.index.MultiTerms
					.getTerms(reader, DatasetDocuments.ALL_TEXT).iterator();
			for (org.apache.lucene.util.BytesRef term = terms.next(); term != null; term = terms.next()) {
				allWords.add(term.utf8ToString());
			}
			assertThat(allWords).hasSizeGreaterThan(1000);
			java.util.Set<String> fieldWords = new java.util.HashSet<>();
			for (String field : AllWords.GATHERED) {
				org.apache.lucene.index.Terms fieldTerms = org.apache.lucene.index.MultiTerms.getTerms(reader, field);
				if (fieldTerms == null) {
					continue;
				}
				org.apache.lucene.index.TermsEnum e = fieldTerms.iterator();
				for (org.apache.lucene.util.BytesRef term = e.next(); term != null; term = e.next()) {
					fieldWords.add(term.utf8ToString());
				}
			}
			assertThat(allWords).isEqualTo(fieldWords);
			for (String word : allWords) {
				org.apache.lucene.search.BooleanQuery.Builder any = new org.apache.lucene.search.BooleanQuery.Builder();
				AllWords.GATHERED.forEach(field -> any.add(new org.apache.lucene.search.TermQuery(
						new org.apache.lucene.index.Term(field, word)), org.apache.lucene.search.BooleanClause.Occur.SHOULD));
				org.apache.lucene.search.Query inAll = new org.apache.lucene.search.TermQuery(
						new org.apache.lucene.index.Term(DatasetDocuments.ALL_TEXT, word));
				assertThat(docs(searcher, inAll)).as(word).isEqualTo(docs(searcher, any.build()));
			}
		}
		finally {
			index.release(searcher);
		}
	}

	private static java.util.Set<Integer> docs(org.apache.lucene.search.IndexSearcher searcher,
			org.apache.lucene.search.Query query) throws java.io.IOException {
		java.util.Set<Integer> docs = new java.util.HashSet<>();
		for (org.apache.lucene.search.ScoreDoc hit : searcher.search(query, Integer.MAX_VALUE).scoreDocs) {
			docs.add(hit.doc);
		}
		return docs;
	}

	@Test
	void shouldPutBicyclesFirstWithOrWithoutAccentsAndPlural() {
		for (String q : List.of("vélo", "velos", "Vélos")) {
			assertThat(titles(q, 5)).as(q).hasSize(5).allMatch(t -> t.contains("velo"));
		}
	}

	@Test
	void shouldPutTheExpectedDatasetsFirst() {
		assertThat(titles("stationnement", 2)).allMatch(t -> t.contains("stationnement"));
		assertThat(titles("bibliothèques", 5)).hasSize(5).allMatch(t -> t.contains("bibliotheque"));
		assertThat(titles("budget 2018", 3)).hasSize(3).allMatch(t -> t.contains("2018"));
		assertThat(titles("bibliotheqes", 3)).as("typo").hasSize(3).allMatch(t -> t.contains("bibliotheque"));
	}

	/** The catalogue's read side over a list, enough for indexing. */
	record RecordsCatalog(List<DatasetRecord> records) implements Catalog {

		@Override
		public long datasetCount() {
			return records.size();
		}

		@Override
		public long producerCount() {
			return 0;
		}

		@Override
		public Page<DatasetSummary> datasets(int offset, int limit, Locale locale) {
			throw new UnsupportedOperationException();
		}

		@Override
		public Optional<DatasetRecord> dataset(UUID globalId) {
			return records.stream().filter(r -> r.globalId().equals(globalId)).findFirst();
		}

		@Override
		public List<DatasetRecord> datasets(java.util.Collection<UUID> globalIds) {
			return records.stream().filter(r -> globalIds.contains(r.globalId())).toList();
		}

		@Override
		public Page<DatasetRecord> datasetsChangedSince(java.time.OffsetDateTime since, int offset, int limit) {
			throw new UnsupportedOperationException();
		}

		@Override
		public List<org.kerys.catalog.VocabularyTerm> vocabulary(String scheme) {
			return List.of();
		}

		@Override
		public List<ProducerSummary> producers() {
			return List.of();
		}

		@Override
		public List<DatasetRecord> datasetsAfter(UUID after, int limit) {
			return records.stream().filter(r -> after == null || r.globalId().compareTo(after) > 0).limit(limit)
					.toList();
		}

		@Override
		public String label(String scheme, String code, Locale locale) {
			return code;
		}
	}
}
