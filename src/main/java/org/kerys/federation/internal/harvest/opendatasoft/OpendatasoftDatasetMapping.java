package org.kerys.federation.internal.harvest.opendatasoft;

import java.util.Set;

import org.kerys.federation.internal.harvest.RemoteCatalogue.Entry;
import org.kerys.federation.internal.harvest.RudiRecordBuilder;
import org.kerys.federation.internal.harvest.RudiRecordBuilder.Link;
import org.kerys.federation.internal.harvest.RudiRecordBuilder.Unmappable;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** An Opendatasoft dataset (Explore API v2.1) as RUDI metadata (the table "Opendatasoft" of {@code docs/harvesting.md}). */
final class OpendatasoftDatasetMapping {

	private static final Set<String> GEO_FIELDS = Set.of("geo_point_2d", "geo_shape");

	private final String site;
	private final String api;

	OpendatasoftDatasetMapping(String site, String api) {
		this.site = site;
		this.api = api;
	}

	Entry entry(JsonNode dataset) {
		String id = text(dataset, "dataset_id");
		if (id == null) {
			return new Entry(text(dataset, "dataset_uid") != null ? text(dataset, "dataset_uid") : "(no id)", null,
					false, "a dataset without dataset_id");
		}
		try {
			return new Entry(id, map(dataset, id), false, null);
		}
		catch (Unmappable e) {
			return new Entry(id, null, false, e.getMessage());
		}
		catch (RuntimeException e) {
			// a shape no rule foresaw: this record is rejected, the rest of the page goes on
			return new Entry(id, null, false, "could not be read: " + e);
		}
	}

	private ObjectNode map(JsonNode dataset, String id) throws Unmappable {
		JsonNode meta = dataset.path("metas").path("default");
		JsonNode dcat = dataset.path("metas").path("dcat");
		RudiRecordBuilder b = new RudiRecordBuilder(site, id, site + "/explore/dataset/" + id + "/");
		b.title(text(meta, "title")).title(id).localId(id);
		String language = text(meta, "language");
		b.language(language);
		b.description(language, text(meta, "description"));
		strings(meta.path("theme"), b::theme);
		strings(meta.path("keyword"), b::keyword);
		b.licence(null, text(meta, "license_url"), text(meta, "license"));
		b.created(text(dcat, "created")).created(text(dcat, "issued"));
		b.updated(text(meta, "modified")).updated(text(meta, "data_processed"));
		b.published(text(dcat, "issued"));
		b.metadataDates(text(dcat, "created"), text(meta, "metadata_processed"));
		b.temporal(text(dcat, "temporal_coverage_start"), text(dcat, "temporal_coverage_end"));
		b.geometry(meta.hasNonNull("bbox") && !meta.get("bbox").isString() ? meta.get("bbox") : text(meta, "bbox"));
		b.contact(text(dcat, "contact_name"), text(dcat, "contact_email"), text(meta, "publisher"), "contact");
		String rights = text(dcat, "accessRights");
		if (rights != null && (rights.endsWith("/NON_PUBLIC") || rights.endsWith("/RESTRICTED"))) {
			b.restricted(rights);
		}
		long fields = dataset.path("fields").size();
		b.size(meta.path("records_count").isIntegralNumber() ? meta.path("records_count").asLong() : null,
				fields > 0 ? fields : null);
		String exports = api + "/catalog/datasets/" + id + "/exports/";
		String title = text(meta, "title") != null ? text(meta, "title") : id;
		String updated = text(meta, "data_processed") != null ? text(meta, "data_processed") : text(meta, "modified");
		if (dataset.path("has_records").asBoolean(true)) {
			export(b, title, exports + "csv", "text/csv", "CSV", updated);
			export(b, title, exports + "json", "application/json", "JSON", updated);
			if (geographic(dataset)) {
				export(b, title, exports + "geojson", "application/geo+json", "GeoJSON", updated);
			}
		}
		for (JsonNode attachment : dataset.path("attachments")) {
			String attachmentId = text(attachment, "id");
			String url = text(attachment, "url");
			if (url == null || !RudiRecordBuilder.isAbsoluteUri(url)) {
				url = attachmentId == null ? null : api + "/catalog/datasets/" + id + "/attachments/" + attachmentId;
			}
			b.link(new Link(text(attachment, "title"), url, text(attachment, "mimetype"), null, null, null, null, null));
		}
		return b.build();
	}

	private static void export(RudiRecordBuilder b, String title, String url, String mime, String label,
			String updated) {
		b.link(new Link(title + " (" + label + ")", url, mime, "Export " + label + " Opendatasoft", null, null, null,
				RudiRecordBuilder.time(updated)));
	}

	/** A dataset with a geographic field (or the {@code geo} feature) also has a GeoJSON export. */
	private static boolean geographic(JsonNode dataset) {
		for (JsonNode feature : dataset.path("features")) {
			if ("geo".equals(feature.asString(""))) {
				return true;
			}
		}
		for (JsonNode field : dataset.path("fields")) {
			if (GEO_FIELDS.contains(field.path("type").asString(""))) {
				return true;
			}
		}
		return false;
	}

	private static void strings(JsonNode node, java.util.function.Consumer<String> into) {
		if (node.isString()) {
			into.accept(node.stringValue());
		}
		for (JsonNode item : node) {
			if (item.isString()) {
				into.accept(item.stringValue());
			}
		}
	}

	private static String text(JsonNode node, String field) {
		JsonNode value = node.path(field);
		return value.isString() && !value.stringValue().isBlank() ? value.stringValue() : null;
	}
}
