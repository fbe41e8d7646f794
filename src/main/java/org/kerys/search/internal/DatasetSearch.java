package org.kerys.search.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.DoublePoint;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.facet.sortedset.SortedSetDocValuesReaderState;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.FieldDoc;
import org.apache.lucene.search.FuzzyQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.PrefixQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.TopFieldCollector;
import org.apache.lucene.search.TopFieldDocs;
import org.apache.lucene.search.uhighlight.DefaultPassageFormatter;
import org.apache.lucene.search.uhighlight.UnifiedHighlighter;
import org.kerys.catalog.Catalog;
import org.kerys.platform.ProblemException;
import org.kerys.search.Search;
import org.kerys.search.SearchRequest;
import org.kerys.search.SearchResult;
import org.springframework.stereotype.Service;
import org.springframework.web.util.HtmlUtils;

/** Runs searches and suggestions against the {@link SearchIndex}. */
@Service
class DatasetSearch implements Search {

	/** Text fields and their weights: the title counts most. */
	private static final Map<String, Float> FIELDS = Map.of(DatasetDocuments.TITLE, 4f, DatasetDocuments.KEYWORDS,
			2f, DatasetDocuments.THEME_TEXT, 1.5f, DatasetDocuments.PRODUCER_NAME, 1.5f, DatasetDocuments.SYNOPSIS,
			1f, DatasetDocuments.SUMMARY, 0.7f, DatasetDocuments.MEDIA, 0.7f);
	/** Typo tolerance (one edit) on words of at least this many letters, at a lower weight. */
	private static final int FUZZY_MIN_LENGTH = 5;
	private static final float FUZZY_WEIGHT = 0.3f;
	/** Terms one typo away that a fuzzy word expands to, at most (the closest, most frequent first). */
	private static final int FUZZY_MAX_EXPANSIONS = 16;
	private static final int FACET_SIZE = 20;
	/** The typo-tolerant variants are searched when the words as typed find fewer hits than this. */
	private static final int FUZZY_BELOW = 10;
	private static final int COUNTS_CACHE_SIZE = 256;
	/** Below this many possible hits, scoring every hit in the counting pass costs less than a pruned pass more. */
	private static final long ONE_PASS_BELOW = 20_000;
	/** Snippets come from the first characters of the synopsis and summary (the highlighter's default: 10,000). */
	private static final int SNIPPET_SOURCE_LENGTH = 2000;
	/**
	 * Ties (same score, same date, same title: common) are ordered by the id, so that a cursor finds its place again:
	 * first by a number taken from it, cheap to compare, then by the id itself for the (unlikely) equal numbers.
	 */
	private static final SortField BY_ID_NUMBER = new SortField(DatasetDocuments.ID_ORDER, SortField.Type.LONG);
	private static final SortField BY_ID = new SortField(DatasetDocuments.ID, SortField.Type.STRING);
	private static final Set<String> HIT_FIELDS = Set.of(DatasetDocuments.ID, DatasetDocuments.TITLE,
			DatasetDocuments.PRODUCER_NAME, "theme", "regime", DatasetDocuments.UPDATED);

	private final SearchIndex index;
	private final Catalog catalog;

	DatasetSearch(SearchIndex index, Catalog catalog) {
		this.index = index;
		this.catalog = catalog;
	}

	@Override
	public SearchResult search(SearchRequest request, Locale locale) {
		for (String dimension : request.filters().keySet()) {
			if (!DatasetDocuments.DIMENSIONS.contains(dimension)) {
				throw ProblemException.badRequest("KRS-400-FILTER", "Unknown filter " + dimension + ".");
			}
		}
		Sort sort = sort(request.sort());
		FieldDoc after = request.cursor() == null || request.cursor().isBlank() ? null
				: Cursor.decode(request.cursor(), request.sort(), sort.getSort().length);
		IndexSearcher searcher = acquire();
		try {
			SortedSetDocValuesReaderState state = index.facets(searcher);
			// The words as typed (and their stems) first; the typo-tolerant variants only when they find few hits:
			// each fuzzy word expands to up to 16 terms in 3 fields, which every hit then has to score.
			Query text = places(text(request.q(), false), request);
			// The last document id: hits whose sort values equal the cursor's (only its own hit: ids are unique)
			// were on the previous page.
			FieldDoc afterDoc = after == null ? null
					: new FieldDoc(Math.max(0, searcher.getIndexReader().maxDoc() - 1), Float.NaN, after.fields);
			// One pass counts and collects the page when the order needs no score or every hit has the same one
			// (no text); a pass of its own for the page pays only when ranking by relevance, where the scorer may
			// skip the hits that cannot make it, and when the counts are already known.
			// Ranking text by relevance: one pass too when the words can only match a few thousand hits.
			boolean noText = text(request.q(), false) instanceof MatchAllDocsQuery;
			long atMost = noText ? Long.MAX_VALUE : matchesAtMost(searcher, request.q());
			boolean onePass = !sort.needsScores() || noText || atMost <= ONE_PASS_BELOW;
			FacetCounter.PageRequest pageRequest = onePass
					? new FacetCounter.PageRequest(sort, request.size(), afterDoc, noText)
					: null;
			// A pass that scores nothing finds the same hits through the one field of all the words.
			Query counted = onePass && sort.needsScores() ? text : places(allWords(request.q()), request);
			TopFieldDocs top = null;
			Counts counts = cached(searcher, counted, request.filters());
			if (counts == null) {
				FacetCounter.Counted done = counts(searcher, state, counted, request.filters(), pageRequest, atMost);
				counts = done.counts();
				top = done.page();
			}
			if (counts.total() < FUZZY_BELOW && hasFuzzyWords(request.q())) {
				// Rewritten once (each fuzzy word's automaton intersected with the terms, into the closest terms) for
				// both passes: the counts, scoring nothing, and the page, which skips the hits that cannot make it.
				text = searcher.rewrite(places(text(request.q(), true), request));
				counts = cached(searcher, text, request.filters());
				if (counts == null) {
					counts = counts(searcher, state, text, request.filters(), null, Long.MAX_VALUE).counts();
				}
				top = null;
			}
			if (top == null) {
				// The top hits only (the counts visited every hit, and gave the total): the page pass counts nothing
				// beyond the page, so that it skips the hits that cannot make it from the first full page on.
				TopFieldCollector own = pageCollector(sort, request.size(), afterDoc, request.size());
				searcher.search(filtered(text, request.filters(), null), own);
				top = own.topDocs();
			}
			Map<String, List<SearchResult.FacetValue>> facets = new LinkedHashMap<>();
			for (String dimension : DatasetDocuments.DIMENSIONS) {
				List<SearchResult.FacetValue> values = new ArrayList<>();
				for (ValueCount vc : counts.facets().getOrDefault(dimension, List.of())) {
					values.add(new SearchResult.FacetValue(vc.value(), label(dimension, vc.value(), locale, searcher),
							vc.count()));
				}
				facets.put(dimension, values);
			}
			// Snippets highlight the words as typed (and their stems), not the fuzzy variants: the highlighter would
			// otherwise index each hit's text in memory to find them, its largest cost.
			List<SearchResult.Hit> hits = hits(searcher, top, text(request.q(), false));
			String next = top.scoreDocs.length == request.size()
					? Cursor.encode(request.sort(), (FieldDoc) top.scoreDocs[top.scoreDocs.length - 1])
					: null;
			return new SearchResult(counts.total(), hits, facets, next);
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		finally {
			index.release(searcher);
		}
	}

	/** A facet value and its count. */
	record ValueCount(String value, long count) {
	}

	/** The hits of a search and its facet counts (the top values per dimension). */
	record Counts(long total, Map<String, List<ValueCount>> facets) {
	}

	/** What the counts depend on: the reader (its generation), the text and place query, the filters. */
	private record CountsKey(Object reader, Query base, Map<String, List<String>> filters) {
	}

	/**
	 * Recent counts, per reader: following a cursor, sorting otherwise, or browsing the same filters again counts
	 * nothing again. Entries of a replaced reader are never asked for again and age out.
	 */
	private final Map<CountsKey, Counts> recentCounts = new LinkedHashMap<>(64, 0.75f, true) {
		@Override
		protected boolean removeEldestEntry(Map.Entry<CountsKey, Counts> eldest) {
			return size() > COUNTS_CACHE_SIZE;
		}
	};

	@SuppressWarnings("deprecation")
	private static TopFieldCollector pageCollector(Sort sort, int size, FieldDoc after, int totalHitsThreshold) {
		return TopFieldCollector.create(sort, size, after, totalHitsThreshold);
	}

	private static CountsKey key(IndexSearcher searcher, Query base, Map<String, List<String>> filters) {
		IndexReader.CacheHelper helper = searcher.getIndexReader().getReaderCacheHelper();
		return helper == null ? null : new CountsKey(helper.getKey(), base, new java.util.TreeMap<>(filters));
	}

	private Counts cached(IndexSearcher searcher, Query base, Map<String, List<String>> filters) {
		CountsKey key = key(searcher, base, filters);
		if (key == null) {
			return null;
		}
		synchronized (recentCounts) {
			return recentCounts.get(key);
		}
	}

	private FacetCounter.Counted counts(IndexSearcher searcher, SortedSetDocValuesReaderState state, Query base,
			Map<String, List<String>> filters, FacetCounter.PageRequest page, long atMost) throws IOException {
		CountsKey key = key(searcher, base, filters);
		FacetCounter.Counted counted = FacetCounter.count(searcher, state, base, filters, FACET_SIZE, page, atMost);
		if (key != null) {
			synchronized (recentCounts) {
				recentCounts.put(key, counted.counts());
			}
		}
		return counted;
	}

	/** At most how many documents the words (as typed) can match together: the fewest of a word's. */
	private long matchesAtMost(IndexSearcher searcher, String q) throws IOException {
		long fewest = Long.MAX_VALUE;
		for (String word : terms(index.analyzer(), DatasetDocuments.TITLE, q)) {
			fewest = Math.min(fewest, searcher.getIndexReader().docFreq(new Term(DatasetDocuments.ALL_TEXT, word)));
		}
		return fewest;
	}

	/**
	 * The hits of {@link #text(String, boolean) text(q, false)} without their scores: each word in the field of all
	 * the words (the same analysis as the fields it gathers, so the same words match).
	 */
	private Query allWords(String q) {
		List<String> words = q == null ? List.of() : terms(index.analyzer(), DatasetDocuments.TITLE, q);
		if (words.isEmpty()) {
			return new MatchAllDocsQuery();
		}
		BooleanQuery.Builder all = new BooleanQuery.Builder();
		words.forEach(word -> all.add(new TermQuery(new Term(DatasetDocuments.ALL_TEXT, word)), Occur.FILTER));
		return all.build();
	}

	private boolean hasFuzzyWords(String q) {
		return q != null && terms(index.analyzer(), DatasetDocuments.TITLE, q).stream()
				.anyMatch(w -> w.length() >= FUZZY_MIN_LENGTH);
	}

	/** Up to 10 titles whose words start with what was typed (the last word as a prefix). */
	@Override
	public List<Suggestion> suggest(String q) {
		List<String> words = terms(index.analyzer(), DatasetDocuments.TITLE_PREFIX, q);
		if (words.isEmpty()) {
			return List.of();
		}
		BooleanQuery.Builder query = new BooleanQuery.Builder();
		for (int i = 0; i < words.size(); i++) {
			Term term = new Term(DatasetDocuments.TITLE_PREFIX, words.get(i));
			query.add(i == words.size() - 1 ? new PrefixQuery(term) : new TermQuery(term), Occur.MUST);
		}
		IndexSearcher searcher = acquire();
		try {
			TopDocs top = searcher.search(query.build(), 50);
			Set<String> seen = new LinkedHashSet<>();
			List<Suggestion> out = new ArrayList<>();
			for (ScoreDoc hit : top.scoreDocs) {
				Document doc = searcher.storedFields().document(hit.doc);
				String title = doc.get(DatasetDocuments.TITLE);
				if (seen.add(title)) {
					out.add(new Suggestion(title, doc.get(DatasetDocuments.ID)));
				}
				if (out.size() == 10) {
					break;
				}
			}
			return out;
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		finally {
			index.release(searcher);
		}
	}

	private IndexSearcher acquire() {
		if (!index.available()) {
			throw new ProblemException(org.springframework.http.HttpStatus.SERVICE_UNAVAILABLE, "KRS-503-SEARCH",
					"The search index is not available on this instance.");
		}
		return index.acquire();
	}

	private static Sort sort(String name) {
		return switch (name) {
			case "updated" -> new Sort(new SortField(DatasetDocuments.UPDATED, SortField.Type.LONG, true), BY_ID_NUMBER,
					BY_ID);
			case "title" -> new Sort(new SortField(DatasetDocuments.TITLE_SORT, SortField.Type.STRING), BY_ID_NUMBER,
					BY_ID);
			default -> new Sort(SortField.FIELD_SCORE, BY_ID_NUMBER, BY_ID);
		};
	}

	/** Every word must match some field; a word of 5+ letters may also match with one typo, for less. */
	private Query text(String q, boolean fuzzy) {
		List<String> words = q == null ? List.of() : terms(index.analyzer(), DatasetDocuments.TITLE, q);
		if (words.isEmpty()) {
			return new MatchAllDocsQuery();
		}
		// The same words unstemmed (same chain but the stemmer, so one for one): an exact word of the title counts
		// more than a word that only shares its stem ("stationnement" and "stations").
		List<String> exact = terms(index.analyzer(), DatasetDocuments.TITLE_PREFIX, q);
		BooleanQuery.Builder all = new BooleanQuery.Builder();
		for (int i = 0; i < words.size(); i++) {
			String word = words.get(i);
			BooleanQuery.Builder any = new BooleanQuery.Builder();
			FIELDS.forEach((field, weight) -> any.add(new BoostQuery(new TermQuery(new Term(field, word)), weight),
					Occur.SHOULD));
			if (exact.size() == words.size()) {
				any.add(new BoostQuery(new TermQuery(new Term(DatasetDocuments.TITLE_PREFIX, exact.get(i))), 3f),
						Occur.SHOULD);
			}
			if (fuzzy && word.length() >= FUZZY_MIN_LENGTH) {
				for (String field : List.of(DatasetDocuments.TITLE, DatasetDocuments.KEYWORDS,
						DatasetDocuments.SYNOPSIS)) {
					any.add(new BoostQuery(new FuzzyQuery(new Term(field, word), 1, 1, FUZZY_MAX_EXPANSIONS, true),
							FUZZY_WEIGHT * FIELDS.get(field)), Occur.SHOULD);
				}
			}
			all.add(any.build(), Occur.MUST);
		}
		return all.build();
	}

	/** The text query restricted to the area and the period asked for, if any. */
	private static Query places(Query text, SearchRequest request) {
		if (request.bbox() == null && request.period() == null && request.updatedAfter() == null) {
			return text;
		}
		BooleanQuery.Builder query = new BooleanQuery.Builder().add(text, Occur.MUST);
		SearchRequest.Area area = request.bbox();
		if (area != null) {
			query.add(DoublePoint.newRangeQuery(DatasetDocuments.WEST, -Double.MAX_VALUE, area.east()), Occur.FILTER);
			query.add(DoublePoint.newRangeQuery(DatasetDocuments.EAST, area.west(), Double.MAX_VALUE), Occur.FILTER);
			query.add(DoublePoint.newRangeQuery(DatasetDocuments.SOUTH, -Double.MAX_VALUE, area.north()), Occur.FILTER);
			query.add(DoublePoint.newRangeQuery(DatasetDocuments.NORTH, area.south(), Double.MAX_VALUE), Occur.FILTER);
		}
		if (request.updatedAfter() != null) {
			query.add(LongPoint.newRangeQuery(DatasetDocuments.UPDATED, request.updatedAfter(), Long.MAX_VALUE),
					Occur.FILTER);
		}
		SearchRequest.Period period = request.period();
		if (period != null) {
			query.add(LongPoint.newRangeQuery(DatasetDocuments.TIME_START, Long.MIN_VALUE,
					period.to() == null ? Long.MAX_VALUE : period.to()), Occur.FILTER);
			query.add(LongPoint.newRangeQuery(DatasetDocuments.TIME_END,
					period.from() == null ? Long.MIN_VALUE : period.from(), Long.MAX_VALUE), Occur.FILTER);
		}
		return query.build();
	}

	/** The text query with every filter. */
	static Query filteredQuery(Query text, Map<String, List<String>> filters) {
		return filtered(text, filters, null);
	}

	/** The text query with every filter but {@code except}'s (drill-sideways counts for that dimension). */
	private static Query filtered(Query text, Map<String, List<String>> filters, String except) {
		BooleanQuery.Builder query = new BooleanQuery.Builder().add(text, Occur.MUST);
		filters.forEach((dimension, values) -> {
			if (dimension.equals(except)) {
				return;
			}
			BooleanQuery.Builder any = new BooleanQuery.Builder();
			values.forEach(v -> any.add(new TermQuery(new Term(dimension, v)), Occur.SHOULD));
			query.add(any.build(), Occur.FILTER);
		});
		return query.build();
	}

	private String label(String dimension, String value, Locale locale, IndexSearcher searcher) throws IOException {
		return switch (dimension) {
			case "theme", "licence", "keyword" -> catalog.label(dimension, value, locale);
			case "producer" -> producerName(value, searcher);
			case "regime" -> regimeLabel(value, locale);
			case "language" -> Locale.forLanguageTag(value).getDisplayLanguage(locale == null ? Locale.FRENCH : locale)
					.transform(label -> label.isEmpty() ? value : label);
			default -> value;
		};
	}

	/** The producer's name as its documents have it, looked up once per reader (facets show 20 per search). */
	private String producerName(String producerId, IndexSearcher searcher) throws IOException {
		Map<String, String> names = index.producerNames(searcher);
		String name = names.get(producerId);
		if (name == null) {
			name = lookUpProducerName(producerId, searcher);
			names.put(producerId, name);
		}
		return name;
	}

	private static String lookUpProducerName(String producerId, IndexSearcher searcher) throws IOException {
		TopDocs one = searcher.search(new TermQuery(new Term("producer", producerId)), 1);
		if (one.scoreDocs.length == 0) {
			return producerId;
		}
		String name = searcher.storedFields().document(one.scoreDocs[0].doc).get(DatasetDocuments.PRODUCER_NAME);
		return name == null ? producerId : name;
	}

	private static String regimeLabel(String regime, Locale locale) {
		boolean fr = locale == null || "fr".equals(locale.getLanguage());
		return switch (regime) {
			case "open" -> fr ? "Ouvert" : "Open";
			case "restricted" -> fr ? "Restreint" : "Restricted";
			case "selfdata" -> fr ? "Données personnelles" : "Self-data";
			default -> regime;
		};
	}

	private List<SearchResult.Hit> hits(IndexSearcher searcher, TopDocs top, Query text) throws IOException {
		int[] ids = new int[top.scoreDocs.length];
		for (int i = 0; i < ids.length; i++) {
			ids[i] = top.scoreDocs[i].doc;
		}
		Map<String, String[]> snippets = UnifiedHighlighter.builder(searcher, index.analyzer())
				.withFormatter(new DefaultPassageFormatter("<mark>", "</mark>", "… ", true))
				.withFieldMatcher(field -> true)
				.withMaxLength(SNIPPET_SOURCE_LENGTH)
				.build()
				.highlightFields(new String[] { DatasetDocuments.SYNOPSIS, DatasetDocuments.SUMMARY }, text, ids,
						new int[] { 1, 1 });
		List<SearchResult.Hit> hits = new ArrayList<>();
		org.apache.lucene.index.StoredFields stored = searcher.storedFields();
		for (int i = 0; i < ids.length; i++) {
			// The fields a hit shows, not the long texts (the highlighter read those it needed).
			org.apache.lucene.document.DocumentStoredFieldVisitor visitor =
					new org.apache.lucene.document.DocumentStoredFieldVisitor(HIT_FIELDS);
			stored.document(ids[i], visitor);
			Document doc = visitor.getDocument();
			String snippet = snippets.get(DatasetDocuments.SYNOPSIS)[i];
			String summary = snippets.get(DatasetDocuments.SUMMARY)[i];
			if ((snippet == null || !snippet.contains("<mark>")) && summary != null && summary.contains("<mark>")) {
				snippet = summary;
			}
			if (snippet == null) {
				String synopsis = stored.document(ids[i]).get(DatasetDocuments.SYNOPSIS);
				snippet = synopsis == null ? "" : HtmlUtils.htmlEscape(synopsis.length() > 240
						? synopsis.substring(0, 240) + "…" : synopsis);
			}
			String updated = doc.getField(DatasetDocuments.UPDATED) == null ? null
					: Instant.ofEpochMilli(doc.getField(DatasetDocuments.UPDATED).numericValue().longValue())
							.toString();
			hits.add(new SearchResult.Hit(doc.get(DatasetDocuments.ID), doc.get(DatasetDocuments.TITLE), snippet,
					doc.get(DatasetDocuments.PRODUCER_NAME), doc.get("theme"), doc.get("regime"), updated));
		}
		return hits;
	}

	private static List<String> terms(Analyzer analyzer, String field, String text) {
		List<String> out = new ArrayList<>();
		try (TokenStream stream = analyzer.tokenStream(field, text)) {
			CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
			stream.reset();
			while (stream.incrementToken() && out.size() < 32) {
				out.add(term.toString());
			}
			stream.end();
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		return out;
	}
}
