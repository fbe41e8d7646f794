package org.kerys.federation.internal.harvest.ckan;

import java.util.HashMap;
import java.util.Map;

import org.kerys.federation.internal.harvest.RemoteCatalogue.Entry;
import org.kerys.federation.internal.harvest.RudiRecordBuilder;
import org.kerys.federation.internal.harvest.RudiRecordBuilder.Link;
import org.kerys.federation.internal.harvest.RudiRecordBuilder.Unmappable;

import tools.jackson.databind.JsonNode;

/** A CKAN package as RUDI metadata (the table "CKAN" of {@code docs/harvesting.md}). */
final class CkanPackageMapping {

	private static final tools.jackson.databind.json.JsonMapper JSON = tools.jackson.databind.json.JsonMapper.builder()
			.build();

	private final String site;

	CkanPackageMapping(String site) {
		this.site = site;
	}

	Entry entry(JsonNode p) {
		String id = text(p, "id");
		String name = text(p, "name");
		String remoteId = id != null ? id : name;
		if (remoteId == null) {
			return new Entry("(no id)", null, false, "a package without id or name");
		}
		if ("deleted".equals(text(p, "state"))) {
			return new Entry(remoteId, null, true, null);
		}
		try {
			return new Entry(remoteId, map(p, remoteId, name), false, null);
		}
		catch (Unmappable e) {
			return new Entry(remoteId, null, false, e.getMessage());
		}
		catch (RuntimeException e) {
			// a shape no rule foresaw: this record is rejected, the rest of the page goes on
			return new Entry(remoteId, null, false, "could not be read: " + e);
		}
	}

	private tools.jackson.databind.node.ObjectNode map(JsonNode p, String remoteId, String name) throws Unmappable {
		Map<String, String> extras = extras(p.path("extras"));
		RudiRecordBuilder b = new RudiRecordBuilder(site, remoteId, site + "/dataset/" + (name != null ? name : remoteId));
		b.title(text(p, "title")).title(name).localId(name);
		b.description(extras.get("language"), text(p, "notes"));
		b.language(extras.get("language"));
		for (JsonNode group : p.path("groups")) {
			b.theme(text(group, "name")).theme(text(group, "title")).theme(text(group, "display_name"));
		}
		for (String theme : list(extras.get("theme"))) {
			b.theme(theme);
		}
		for (JsonNode tag : p.path("tags")) {
			b.keyword(text(tag, "display_name") != null ? text(tag, "display_name") : text(tag, "name"));
		}
		b.licence(text(p, "license_id"), text(p, "license_url"), text(p, "license_title"));
		b.created(extras.get("issued")).created(text(p, "metadata_created"));
		b.updated(extras.get("modified")).updated(text(p, "metadata_modified"));
		b.published(extras.get("issued"));
		b.metadataDates(text(p, "metadata_created"), text(p, "metadata_modified"));
		b.temporal(first(extras.get("temporal_start"), extras.get("temporal_coverage_from")),
				first(extras.get("temporal_end"), extras.get("temporal_coverage_to")));
		b.geometry(extras.get("spatial"));
		String organization = text(p.path("organization"), "title");
		b.contact(text(p, "maintainer"), text(p, "maintainer_email"), organization, "maintainer");
		b.contact(extras.get("contact_name"), extras.get("contact_email"), organization, "contact");
		b.contact(text(p, "author"), text(p, "author_email"), organization, "author");
		if ("restricted".equalsIgnoreCase(extras.get("access_rights"))
				|| String.valueOf(extras.get("access_rights")).endsWith("/NON_PUBLIC")
				|| String.valueOf(extras.get("access_rights")).endsWith("/RESTRICTED")) {
			b.restricted(extras.get("access_rights"));
		}
		for (JsonNode r : p.path("resources")) {
			if ("deleted".equals(text(r, "state"))) {
				continue;
			}
			String format = text(r, "mimetype") != null ? text(r, "mimetype") : text(r, "format");
			b.link(new Link(text(r, "name"), text(r, "url"), format, text(r, "description"), size(r.path("size")),
					text(r, "hash"), RudiRecordBuilder.time(text(r, "created")),
					RudiRecordBuilder.time(text(r, "last_modified"))));
		}
		return b.build();
	}

	private static Map<String, String> extras(JsonNode extras) {
		Map<String, String> values = new HashMap<>();
		for (JsonNode extra : extras) {
			String key = text(extra, "key");
			JsonNode value = extra.path("value");
			if (key != null && !value.isMissingNode() && !value.isNull()) {
				values.putIfAbsent(key, value.isString() ? value.stringValue() : value.toString());
			}
		}
		return values;
	}

	/** An extra that holds a list (ckanext-dcat writes lists as JSON text), or the one value it holds. */
	private static java.util.List<String> list(String extra) {
		if (extra == null) {
			return java.util.List.of();
		}
		if (extra.strip().startsWith("[")) {
			try {
				java.util.List<String> values = new java.util.ArrayList<>();
				JSON.readTree(extra).forEach(value -> values.add(value.asString("")));
				return values;
			}
			catch (tools.jackson.core.JacksonException e) {
				return java.util.List.of(extra);
			}
		}
		return java.util.List.of(extra);
	}

	private static Long size(JsonNode size) {
		if (size.isIntegralNumber()) {
			return size.asLong();
		}
		if (size.isString() && size.stringValue().matches("\\d{1,18}")) {
			return Long.valueOf(size.stringValue());
		}
		return null;
	}

	private static String first(String a, String b) {
		return a != null ? a : b;
	}

	static String text(JsonNode node, String field) {
		JsonNode value = node.path(field);
		return value.isString() && !value.stringValue().isBlank() ? value.stringValue() : null;
	}
}
