package org.kerys.federation.internal.ckan;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.kerys.catalog.AccessRegime;
import org.kerys.catalog.Catalog;
import org.kerys.catalog.DatasetRecord;
import org.kerys.catalog.ProducerSummary;
import org.kerys.catalog.RudiJson;
import org.kerys.catalog.VocabularyTerm;
import org.kerys.federation.internal.dcat.EuVocabularies;
import tools.jackson.databind.JsonNode;

/**
 * RUDI metadata as CKAN package dictionaries, the way CKAN harvesters (data.gouv.fr's among them) read them. The
 * field mapping is documented in {@code docs/harvesting.md}.
 */
final class CkanPackages {

	/** CKAN writes its timestamps in UTC without an offset, with microseconds. */
	private static final DateTimeFormatter CKAN_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS");

	private final Catalog catalog;
	private final String base;
	private final Map<String, VocabularyTerm> licences = new LinkedHashMap<>();

	CkanPackages(Catalog catalog, String base) {
		this.catalog = catalog;
		this.base = base;
		catalog.vocabulary("licence").forEach(term -> licences.put(term.code(), term));
	}

	static String time(OffsetDateTime time) {
		return time == null ? null : time.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime().format(CKAN_TIME);
	}

	Map<String, Object> packageOf(DatasetRecord record) {
		JsonNode m = record.metadata();
		String id = record.globalId().toString();
		Map<String, Object> p = new LinkedHashMap<>();
		p.put("id", id);
		p.put("name", id);
		String title = firstText(m.path("resource_title"));
		p.put("title", title == null ? id : title);
		String notes = firstText(m.path("summary"));
		p.put("notes", notes != null ? notes : firstText(m.path("synopsis")));
		p.put("url", base + "/datasets/" + id);
		p.put("type", "dataset");
		p.put("state", "active");
		p.put("private", false);
		p.put("metadata_created", time(record.createdAt()));
		p.put("metadata_modified", time(record.updatedAt()));
		JsonNode producer = m.path("producer");
		p.put("author", RudiJson.text(producer.path("organization_name")));
		JsonNode contact = m.path("contacts").path(0);
		p.put("maintainer", RudiJson.text(contact.path("contact_name")));
		p.put("maintainer_email", RudiJson.text(contact.path("email")));
		licence(p, m.path("access_condition").path("licence"), record.regime());
		String organization = RudiJson.text(producer.path("organization_id"));
		p.put("owner_org", organization);
		p.put("organization", organization == null ? null
				: organization(organization, RudiJson.text(producer.path("organization_name")), null));
		List<Map<String, Object>> tags = new ArrayList<>();
		for (JsonNode keyword : m.path("keywords")) {
			String name = RudiJson.text(keyword);
			if (name != null && !name.isBlank()) {
				tags.add(ordered("name", name, "display_name", name, "state", "active"));
			}
		}
		p.put("tags", tags);
		p.put("num_tags", tags.size());
		String theme = RudiJson.text(m.path("theme"));
		List<Map<String, Object>> groups = new ArrayList<>();
		if (theme != null) {
			String label = catalog.label("theme", theme, Locale.FRENCH);
			groups.add(ordered("id", theme, "name", theme, "title", label, "display_name", label, "description", ""));
		}
		p.put("groups", groups);
		List<Map<String, Object>> resources = new ArrayList<>();
		for (JsonNode media : m.path("available_formats")) {
			if (media.isObject()) {
				resources.add(resource(id, media, resources.size()));
			}
		}
		p.put("resources", resources);
		p.put("num_resources", resources.size());
		p.put("extras", extras(record, m));
		return p;
	}

	private void licence(Map<String, Object> p, JsonNode licence, AccessRegime regime) {
		String id;
		String title;
		String url;
		boolean open;
		if ("CUSTOM".equals(RudiJson.text(licence.path("licence_type")))) {
			id = "other";
			title = firstText(licence.path("custom_licence_label"));
			url = RudiJson.text(licence.path("custom_licence_uri"));
			open = false;
		}
		else {
			String code = RudiJson.text(licence.path("licence_label"));
			VocabularyTerm term = code == null ? null : licences.get(code);
			id = code == null ? "notspecified" : code;
			title = term == null ? code : label(term);
			url = term == null ? null : term.uri();
			open = term != null;
		}
		p.put("license_id", id);
		p.put("license_title", title);
		p.put("license_url", url);
		p.put("isopen", open && regime == AccessRegime.OPEN);
	}

	static String label(VocabularyTerm term) {
		return term.labelFr() != null ? term.labelFr() : term.labelEn() != null ? term.labelEn() : term.code();
	}

	private Map<String, Object> resource(String packageId, JsonNode media, int position) {
		Map<String, Object> r = new LinkedHashMap<>();
		r.put("id", RudiJson.text(media.path("media_id")));
		r.put("package_id", packageId);
		r.put("name", RudiJson.text(media.path("media_name")));
		r.put("description", firstText(media.path("media_caption")));
		String url = RudiJson.text(media.path("connector").path("url"));
		r.put("url", url != null && url.startsWith("/") ? base + url : url);
		String mimeType = RudiJson.text(media.path("file_type"));
		r.put("format", format(mimeType));
		r.put("mimetype", mimeType);
		r.put("size", sizeOf(media.path("file_size")));
		String hash = RudiJson.text(media.path("checksum").path("hash"));
		String algorithm = RudiJson.text(media.path("checksum").path("algo"));
		r.put("hash", hash == null ? null : hash.toLowerCase(Locale.ROOT));
		r.put("checksum_type", hash == null ? null : algorithm);
		r.put("resource_type", "FILE".equals(RudiJson.text(media.path("media_type"))) ? "file" : "api");
		r.put("created", time(RudiJson.time(media.path("media_dates").path("created"))));
		r.put("last_modified", time(RudiJson.time(media.path("media_dates").path("updated"))));
		r.put("position", position);
		r.put("state", "active");
		return r;
	}

	/** A short format name (CSV, JSON, GEOJSON…) from a MIME type: the EU file type, else its subtype. */
	static String format(String mimeType) {
		if (mimeType == null || mimeType.isBlank()) {
			return "";
		}
		EuVocabularies.Concept type = EuVocabularies.fileType(mimeType);
		if (type != null) {
			return type.code();
		}
		String bare = EuVocabularies.bare(mimeType);
		int slash = bare.indexOf('/');
		return (slash < 0 ? bare : bare.substring(slash + 1)).toUpperCase(Locale.ROOT);
	}

	private static Long sizeOf(JsonNode size) {
		if (size.isIntegralNumber()) {
			return size.longValue();
		}
		String text = RudiJson.text(size);
		return text != null && text.trim().matches("\\d{1,18}") ? Long.parseLong(text.trim()) : null;
	}

	/** A small dictionary whose keys keep the order given (CKAN's own order, for readers that look). */
	private static Map<String, Object> ordered(Object... keysAndValues) {
		Map<String, Object> map = new LinkedHashMap<>();
		for (int i = 0; i < keysAndValues.length; i += 2) {
			map.put((String) keysAndValues[i], keysAndValues[i + 1]);
		}
		return map;
	}

	private List<Map<String, Object>> extras(DatasetRecord record, JsonNode m) {
		List<Map<String, Object>> extras = new ArrayList<>();
		extra(extras, "uri", base + "/datasets/" + record.globalId() + "#dataset");
		extra(extras, "local_id", RudiJson.text(m.path("local_id")));
		extra(extras, "doi", RudiJson.text(m.path("doi")));
		extra(extras, "theme", RudiJson.text(m.path("theme")));
		extra(extras, "access_rights", EuVocabularies.accessRight(record.regime()).uri());
		List<String> languages = new ArrayList<>();
		m.path("resource_languages").forEach(l -> {
			if (RudiJson.text(l) != null) {
				languages.add(RudiJson.text(l));
			}
		});
		extra(extras, "language", languages.isEmpty() ? null : String.join(",", languages));
		extra(extras, "issued", time(RudiJson.time(m.path("dataset_dates").path("created"))));
		extra(extras, "modified", time(RudiJson.time(m.path("dataset_dates").path("updated"))));
		extra(extras, "temporal_start", time(RudiJson.time(m.path("temporal_spread").path("start_date"))));
		extra(extras, "temporal_end", time(RudiJson.time(m.path("temporal_spread").path("end_date"))));
		JsonNode box = m.path("geography").path("bounding_box");
		if (box.path("west_longitude").isNumber() && box.path("south_latitude").isNumber()
				&& box.path("east_longitude").isNumber() && box.path("north_latitude").isNumber()) {
			String w = box.path("west_longitude").asString(), s = box.path("south_latitude").asString(),
					e = box.path("east_longitude").asString(), n = box.path("north_latitude").asString();
			extra(extras, "spatial", "{\"type\":\"Polygon\",\"coordinates\":[[[" + w + "," + s + "],[" + e + "," + s
					+ "],[" + e + "," + n + "],[" + w + "," + n + "],[" + w + "," + s + "]]]}");
		}
		return extras;
	}

	private static void extra(List<Map<String, Object>> extras, String key, String value) {
		if (value != null && !value.isBlank()) {
			extras.add(ordered("key", key, "value", value));
		}
	}

	/** A producer as a CKAN organisation; its name is its id (a UUID is a valid CKAN name). */
	static Map<String, Object> organization(String id, String title, Long packageCount) {
		Map<String, Object> o = new LinkedHashMap<>();
		o.put("id", id);
		o.put("name", id);
		o.put("title", title == null ? id : title);
		o.put("display_name", title == null ? id : title);
		o.put("description", "");
		o.put("image_url", "");
		o.put("type", "organization");
		o.put("is_organization", true);
		o.put("approval_status", "approved");
		o.put("state", "active");
		if (packageCount != null) {
			o.put("package_count", packageCount);
		}
		return o;
	}

	static Map<String, Object> organization(ProducerSummary producer) {
		return organization(producer.organizationId().toString(), producer.name(), producer.datasets());
	}

	/** A RUDI text: a plain string (1.2.0), or a list of {lang, text} (French first). */
	static String firstText(JsonNode node) {
		if (node.isString()) {
			return node.stringValue().isBlank() ? null : node.stringValue();
		}
		String first = null;
		for (JsonNode item : node) {
			String text = RudiJson.text(item.path("text"));
			if (text != null && !text.isBlank()) {
				if ("fr".equals(RudiJson.text(item.path("lang")))) {
					return text;
				}
				if (first == null) {
					first = text;
				}
			}
		}
		return first;
	}
}
