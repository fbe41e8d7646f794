package org.kerys.search.internal;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.apache.lucene.document.Document;
import org.apache.lucene.document.DoublePoint;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.FieldType;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.facet.FacetsConfig;
import org.apache.lucene.facet.sortedset.SortedSetDocValuesFacetField;
import org.apache.lucene.index.IndexOptions;
import org.apache.lucene.util.BytesRef;
import org.kerys.catalog.Catalog;
import org.kerys.catalog.RudiJson;
import org.kerys.catalog.DatasetRecord;
import tools.jackson.databind.JsonNode;

/** Turns a dataset's RUDI metadata into the Lucene document the search index holds. */
final class DatasetDocuments {

	static final String ID = "id";
	/** A number from the id (its first 64 bits), to order ties by id at the cost of comparing numbers. */
	static final String ID_ORDER = "id_order";
	static final String TITLE = "title";
	static final String TITLE_PREFIX = "title_prefix";
	static final String TITLE_SORT = "title_sort";
	static final String SYNOPSIS = "synopsis";
	static final String SUMMARY = "summary";
	static final String KEYWORDS = "keywords";
	static final String THEME_TEXT = "theme_text";
	static final String PRODUCER_NAME = "producer_name";
	static final String MEDIA = "media";
	static final String UPDATED = "updated";
	static final String GENERATION = "generation";
	static final String WEST = "bbox_west";
	static final String SOUTH = "bbox_south";
	static final String EAST = "bbox_east";
	static final String NORTH = "bbox_north";
	static final String TIME_START = "time_start";
	static final String TIME_END = "time_end";

	/** Facet dimensions, each also indexed as an exact-value field of the same name for filtering. */
	static final List<String> DIMENSIONS = List.of("theme", "producer", "regime", "keyword", "licence", "format",
			"language", "storage");
	/**
	 * Every searched text field's words in one field, without frequencies or positions: counting the hits of the
	 * words (every word in some field) reads one postings list per word instead of a disjunction over 7 fields.
	 */
	static final String ALL_TEXT = "all_text";
	/**
	 * What the documents hold changed (fields added, a field's structures changed): an index of another format is
	 * emptied at start-up and rebuilt in the background. 2: {@link #ALL_TEXT}; {@link #UPDATED} also as points (the
	 * sort by update skips the hits that cannot make the page). 3: {@link #ID_ORDER}.
	 */
	static final String FORMAT = "3";
	static final String FORMAT_KEY = "kerys.index.format";
	private static final FieldType WORDS_ONLY = new FieldType();
	static {
		WORDS_ONLY.setTokenized(true);
		WORDS_ONLY.setOmitNorms(true);
		WORDS_ONLY.setIndexOptions(IndexOptions.DOCS);
		WORDS_ONLY.freeze();
	}
	private static final Set<String> STORED_DIMENSIONS = Set.of("theme", "regime");

	/**
	 * Synopsis and summary: stored, and with offsets in the postings, so that snippets are highlighted from the
	 * index instead of analysing each hit's text again.
	 */
	static final FieldType TEXT_WITH_OFFSETS = new FieldType(TextField.TYPE_STORED);
	static {
		TEXT_WITH_OFFSETS.setIndexOptions(IndexOptions.DOCS_AND_FREQS_AND_POSITIONS_AND_OFFSETS);
		TEXT_WITH_OFFSETS.freeze();
	}

	static final FacetsConfig FACETS = new FacetsConfig();
	/** The one doc-values field that holds every dimension's values. */
	static final String FACET_FIELD = FacetsConfig.DEFAULT_INDEX_FIELD_NAME;
	static {
		FACETS.setMultiValued("keyword", true);
		FACETS.setMultiValued("format", true);
		FACETS.setMultiValued("language", true);
	}

	private DatasetDocuments() {
	}

	static Document of(DatasetRecord record, long generation, Catalog catalog) {
		JsonNode m = record.metadata();
		Document doc = new Document();
		String id = record.globalId().toString();
		doc.add(new StringField(ID, id, Field.Store.YES));
		doc.add(new SortedDocValuesField(ID, new BytesRef(id)));
		doc.add(new NumericDocValuesField(ID_ORDER, record.globalId().getMostSignificantBits()));
		doc.add(new LongPoint(GENERATION, generation));

		String title = firstText(m.path("resource_title"));
		if (title == null) {
			title = "";
		}
		doc.add(new TextField(TITLE, title, Field.Store.YES));
		doc.add(new TextField(TITLE_PREFIX, title, Field.Store.NO));
		doc.add(new SortedDocValuesField(TITLE_SORT, new BytesRef(sortKey(title))));
		String synopsis = String.join("\n", texts(m.path("synopsis")));
		String summary = String.join("\n", texts(m.path("summary")));
		doc.add(new Field(SYNOPSIS, synopsis, TEXT_WITH_OFFSETS));
		doc.add(new Field(SUMMARY, summary, TEXT_WITH_OFFSETS));

		List<String> keywords = strings(m.path("keywords"));
		doc.add(new TextField(KEYWORDS, String.join(" ; ", keywords), Field.Store.NO));
		keywords.forEach(k -> facet(doc, "keyword", k));

		String theme = text(m.path("theme"));
		if (theme != null) {
			facet(doc, "theme", theme);
			String themeText = theme + " ; " + catalog.label("theme", theme, Locale.FRENCH) + " ; "
					+ catalog.label("theme", theme, Locale.ENGLISH);
			doc.add(new TextField(THEME_TEXT, themeText, Field.Store.NO));
		}

		JsonNode producer = m.path("producer");
		String producerId = text(producer.path("organization_id"));
		String producerName = text(producer.path("organization_name"));
		if (producerId != null) {
			facet(doc, "producer", producerId);
		}
		if (producerName != null) {
			doc.add(new TextField(PRODUCER_NAME, producerName, Field.Store.YES));
		}

		String licence = licence(m.path("access_condition").path("licence"));
		if (licence != null) {
			facet(doc, "licence", licence);
		}
		facet(doc, "regime", record.regime().code());

		List<String> media = new ArrayList<>();
		Set<String> formats = new LinkedHashSet<>();
		for (JsonNode format : m.path("available_formats")) {
			String name = text(format.path("media_name"));
			String type = text(format.path("file_type"));
			if (name != null) {
				media.add(name);
			}
			if (type != null) {
				media.add(type);
				formats.add(type);
			}
		}
		formats.forEach(f -> facet(doc, "format", f));
		doc.add(new TextField(MEDIA, String.join(" ; ", media), Field.Store.NO));
		// Last: its words are those the fields above recorded while they were analysed (AllWords).
		doc.add(new Field(ALL_TEXT, AllWords.replay(), WORDS_ONLY));

		JsonNode box = m.path("geography").path("bounding_box");
		if (box.path("west_longitude").isNumber() && box.path("south_latitude").isNumber()
				&& box.path("east_longitude").isNumber() && box.path("north_latitude").isNumber()) {
			doc.add(new DoublePoint(WEST, box.path("west_longitude").doubleValue()));
			doc.add(new DoublePoint(SOUTH, box.path("south_latitude").doubleValue()));
			doc.add(new DoublePoint(EAST, box.path("east_longitude").doubleValue()));
			doc.add(new DoublePoint(NORTH, box.path("north_latitude").doubleValue()));
		}
		OffsetDateTime start = time(m.path("temporal_spread").path("start_date"));
		if (start != null) {
			OffsetDateTime end = time(m.path("temporal_spread").path("end_date"));
			doc.add(new LongPoint(TIME_START, start.toInstant().toEpochMilli()));
			// No end date: still running.
			doc.add(new LongPoint(TIME_END, end == null ? Long.MAX_VALUE : end.toInstant().toEpochMilli()));
		}

		OffsetDateTime updated = time(m.path("dataset_dates").path("updated"));
		long millis = (updated != null ? updated : record.updatedAt()).toInstant().toEpochMilli();
		doc.add(new NumericDocValuesField(UPDATED, millis));
		doc.add(new StoredField(UPDATED, millis));
		doc.add(new LongPoint(UPDATED, millis));
		new LinkedHashSet<>(strings(m.path("resource_languages"))).forEach(l -> facet(doc, "language", l));
		facet(doc, "storage", text(m.path("storage_status")));
		try {
			return FACETS.build(doc);
		}
		catch (java.io.IOException e) {
			throw new java.io.UncheckedIOException(e);
		}
	}

	private static void facet(Document doc, String dimension, String value) {
		if (value == null || value.isBlank()) {
			return;
		}
		// Hits show the theme and the regime; the other values are only searched and counted.
		doc.add(new StringField(dimension, value, STORED_DIMENSIONS.contains(dimension) ? Field.Store.YES
				: Field.Store.NO));
		doc.add(new SortedSetDocValuesFacetField(dimension, value));
	}

	private static final java.util.regex.Pattern MARKS = java.util.regex.Pattern.compile("\\p{M}");

	/** Titles sort without case or accents. */
	static String sortKey(String title) {
		return MARKS.matcher(java.text.Normalizer.normalize(title, java.text.Normalizer.Form.NFD)).replaceAll("")
				.toLowerCase(Locale.ROOT);
	}

	/** The licence code as the catalogue reads it: the label of a standard licence, the URI of a custom one. */
	private static String licence(JsonNode licence) {
		return "CUSTOM".equals(text(licence.path("licence_type"))) ? text(licence.path("custom_licence_uri"))
				: text(licence.path("licence_label"));
	}

	/** A RUDI text: a plain string (1.2.0) or a list of {lang, text}, French first. */
	static String firstText(JsonNode node) {
		if (node.isString()) {
			return node.stringValue();
		}
		List<String> all = texts(node);
		return all.isEmpty() ? null : all.get(0);
	}

	private static List<String> texts(JsonNode node) {
		List<String> out = new ArrayList<>();
		if (node.isString()) {
			out.add(node.stringValue());
		}
		for (JsonNode item : node) {
			String text = text(item.path("text"));
			if (text != null) {
				if ("fr".equals(text(item.path("lang"))) || String.valueOf(text(item.path("lang"))).startsWith("fr")) {
					out.add(0, text);
				}
				else {
					out.add(text);
				}
			}
		}
		return out;
	}

	private static List<String> strings(JsonNode node) {
		List<String> out = new ArrayList<>();
		for (JsonNode item : node) {
			String text = text(item);
			if (text != null && !text.isBlank()) {
				out.add(text);
			}
		}
		return out;
	}

	private static OffsetDateTime time(JsonNode node) {
		return RudiJson.time(node);
	}

	static String text(JsonNode node) {
		return RudiJson.text(node);
	}
}
