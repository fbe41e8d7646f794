package org.kerys.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import org.kerys.catalog.AccessRegime;
import org.kerys.catalog.Catalog;
import org.kerys.catalog.DatasetRecord;
import tools.jackson.databind.JsonNode;

/**
 * A dataset page: the RUDI metadata of one dataset, read leniently and put in the page's language
 * (labels of vocabulary terms, texts, dates, sizes). Absent values are null or empty, and not shown.
 */
record DatasetView(UUID globalId, String title, String producer, String producerId, LocalizedText synopsis,
		LocalizedText summary, String themeCode, String theme, List<Keyword> keywords, Licence licence, List<DateLine> dates, AccessRegime regime,
		String storageStatus, When temporalStart, When temporalEnd, Geography geography, List<ContactView> contacts,
		List<MediaView> media, LocalizedText mandatoryMention, LocalizedText usageConstraint, String localId,
		String doi, List<String> languages) {

	/** Which {@code dataset_dates} a page shows, in this order. */
	private static final List<String> DATE_KINDS = List.of("created", "published", "updated", "validated", "expires",
			"deleted");

	/** A licence as shown: its label, and where to read it when known. */
	record Licence(String label, String lang, String uri) {
	}

	/** One of the dataset's dates: {@code kind} names it (created, updated…). */
	record DateLine(String kind, When when) {
	}

	/** A keyword: the value the search filters on, and its label in the page's language. */
	record Keyword(String code, String label) {
	}

	/**
	 * The rectangle the data covers, coordinates already formatted for the page; {@code bbox} is
	 * "west,south,east,north" in plain decimal degrees for the map, null unless all four are numbers.
	 */
	record Geography(String north, String south, String west, String east, String projection, String bbox) {
	}

	static DatasetView of(DatasetRecord dataset, Catalog catalog, Formats formats, Locale locale) {
		JsonNode m = dataset.metadata();
		JsonNode access = m.path("access_condition");
		String theme = Json.text(m.path("theme"));
		LocalizedText synopsis = LocalizedText.pick(m.path("synopsis"), locale);
		LocalizedText summary = LocalizedText.pick(m.path("summary"), locale);
		if (summary != null && synopsis != null && summary.text().equals(synopsis.text())) {
			summary = null; // many producers repeat the synopsis as summary: say it once
		}
		String producerId = Json.text(m.path("producer").path("organization_id"));
		return new DatasetView(dataset.globalId(), Json.text(m.path("resource_title")),
				Json.text(m.path("producer").path("organization_name")),
				producerId != null && DatasetsController.uuid(producerId).isPresent() ? producerId : null, synopsis,
				summary, theme, theme == null ? null : catalog.label("theme", theme, locale),
				Json.texts(m.path("keywords")).stream().map(k -> new Keyword(k, catalog.label("keyword", k, locale)))
						.toList(),
				licence(access.path("licence"), catalog, locale), dates(m.path("dataset_dates"), locale),
				dataset.regime(), Json.text(m.path("storage_status")),
				When.of(Json.text(m.path("temporal_spread").path("start_date")), locale),
				When.of(Json.text(m.path("temporal_spread").path("end_date")), locale),
				geography(m.path("geography"), formats, locale), contacts(m.path("contacts")),
				media(m.path("available_formats"), formats, locale),
				LocalizedText.pick(access.path("mandatory_mention"), locale),
				LocalizedText.pick(access.path("usage_constraint"), locale), Json.text(m.path("local_id")),
				Json.text(m.path("doi")),
				Json.texts(m.path("resource_languages")).stream().map(code -> languageName(code, locale)).toList());
	}

	/** "fr" as "français" on a French page, "French" on an English one; an unknown code as written. */
	private static String languageName(String code, Locale locale) {
		String name = Locale.forLanguageTag(code).getDisplayLanguage(locale);
		return name.isEmpty() || name.equalsIgnoreCase(code) ? code : name;
	}

	private static Licence licence(JsonNode licence, Catalog catalog, Locale locale) {
		if ("CUSTOM".equals(Json.text(licence.path("licence_type")))) {
			LocalizedText label = LocalizedText.pick(licence.path("custom_licence_label"), locale);
			String uri = Json.safeUrl(Json.text(licence.path("custom_licence_uri")));
			return label == null && uri == null ? null
					: new Licence(label == null ? uri : label.text(), label == null ? null : label.lang(), uri);
		}
		String code = Json.text(licence.path("licence_label"));
		return code == null ? null : new Licence(catalog.label("licence", code, locale), null, null);
	}

	private static List<DateLine> dates(JsonNode dates, Locale locale) {
		List<DateLine> lines = new ArrayList<>();
		for (String kind : DATE_KINDS) {
			When when = When.of(Json.text(dates.path(kind)), locale);
			if (when != null) {
				lines.add(new DateLine(kind, when));
			}
		}
		return lines;
	}

	private static Geography geography(JsonNode geography, Formats formats, Locale locale) {
		JsonNode box = geography.path("bounding_box");
		if (!box.isObject()) {
			return null;
		}
		return new Geography(coordinate(box.path("north_latitude"), formats, locale),
				coordinate(box.path("south_latitude"), formats, locale),
				coordinate(box.path("west_longitude"), formats, locale),
				coordinate(box.path("east_longitude"), formats, locale), Json.text(geography.path("projection")),
				bbox(box));
	}

	private static String bbox(JsonNode box) {
		List<JsonNode> sides = List.of(box.path("west_longitude"), box.path("south_latitude"),
				box.path("east_longitude"), box.path("north_latitude"));
		if (!sides.stream().allMatch(JsonNode::isNumber)) {
			return null;
		}
		double west = sides.get(0).asDouble(), south = sides.get(1).asDouble(), east = sides.get(2).asDouble(),
				north = sides.get(3).asDouble();
		if (west < -180 || east > 180 || south < -90 || north > 90 || south > north) {
			return null; // not a rectangle on Earth: the coordinates are still shown as written
		}
		return String.join(",", sides.stream().map(side -> java.math.BigDecimal.valueOf(side.asDouble())
				.stripTrailingZeros().toPlainString()).toList());
	}

	private static String coordinate(JsonNode value, Formats formats, Locale locale) {
		return value.isNumber() ? formats.decimal(value.asDouble(), locale) : Json.text(value);
	}

	private static List<ContactView> contacts(JsonNode contacts) {
		List<ContactView> views = new ArrayList<>();
		if (contacts.isArray()) {
			contacts.forEach(contact -> views.add(ContactView.of(contact)));
		}
		return views;
	}

	private static List<MediaView> media(JsonNode media, Formats formats, Locale locale) {
		List<MediaView> views = new ArrayList<>();
		if (media.isArray()) {
			media.forEach(item -> views.add(MediaView.of(item, locale, formats)));
		}
		return views;
	}

	public boolean hasTemporal() { // public: templates call it
		return temporalStart != null || temporalEnd != null;
	}
}
