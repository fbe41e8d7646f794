package org.kerys.consent.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The treatment form of the pages, without JavaScript: its fields as posted (texts in French and English side by
 * side, lists one item per line, line N of the English box translating line N of the French one), turned into the
 * JSON body of {@link TreatmentContent} for the service, and back from a stored content to prefill the form. The
 * service checks everything; a problem's field path ({@code purposes[2].en}, {@code dpo.email}) is brought back to
 * the form's group of inputs by {@link #group}.
 */
final class TreatmentForm {

	/** The retention durations offered (a consent lasts this long); a stored one outside them is offered too. */
	static final List<String> DURATIONS = List.of("P1M", "P3M", "P6M", "P1Y", "P2Y", "P5Y");

	/** Texts in both languages: {@code <name>_fr}, {@code <name>_en}. */
	static final List<String> TEXTS = List.of("title", "description", "retention_description", "transfers_details");

	/** Lists, one item per line, in both languages. */
	static final List<String> LISTS = List.of("purposes", "data_categories", "recipients", "security_measures",
			"data_subject_categories");

	/** Single inputs. */
	static final List<String> SINGLE = List.of("organization_id", "controller_name", "controller_address",
			"controller_email", "dpo_name", "dpo_email", "legal_basis", "retention_duration", "transfers_any");

	private static final JsonNodeFactory nodes = JsonNodeFactory.instance;

	private TreatmentForm() {
	}

	/** The form's values (every known field, blank when absent), from what was posted. */
	static Map<String, String> values(Map<String, String> posted) {
		Map<String, String> values = new LinkedHashMap<>();
		for (String name : names()) {
			String value = posted.get(name);
			values.put(name, value == null ? "" : value);
		}
		return values;
	}

	static List<String> names() {
		List<String> names = new ArrayList<>(SINGLE);
		for (String text : TEXTS) {
			names.add(text + "_fr");
			names.add(text + "_en");
		}
		for (String list : LISTS) {
			names.add(list + "_fr");
			names.add(list + "_en");
		}
		return names;
	}

	/** The JSON body for the service ({@code organization_id} only when asked: a new treatment). */
	static ObjectNode body(Map<String, String> values, boolean withOrganization) {
		ObjectNode body = nodes.objectNode();
		if (withOrganization && !values.get("organization_id").isBlank()) {
			body.put("organization_id", values.get("organization_id").strip());
		}
		text(body, "title", values, "title");
		text(body, "description", values, "description");
		ObjectNode controller = body.putObject("controller");
		put(controller, "name", values.get("controller_name"));
		put(controller, "address", values.get("controller_address"));
		put(controller, "email", values.get("controller_email"));
		ObjectNode dpo = body.putObject("dpo");
		put(dpo, "name", values.get("dpo_name"));
		put(dpo, "email", values.get("dpo_email"));
		body.set("purposes", list(values, "purposes"));
		if (!values.get("legal_basis").isBlank()) {
			body.put("legal_basis", values.get("legal_basis"));
		}
		body.set("data_categories", list(values, "data_categories"));
		body.set("recipients", list(values, "recipients"));
		ObjectNode retention = body.putObject("retention");
		retention.put("duration", values.get("retention_duration").strip());
		text(retention, "description", values, "retention_description");
		ObjectNode transfers = body.putObject("transfers_outside_eu");
		boolean any = !values.get("transfers_any").isBlank();
		transfers.put("any", any);
		if (any) {
			text(transfers, "details", values, "transfers_details");
		}
		body.set("security_measures", list(values, "security_measures"));
		body.set("data_subject_categories", list(values, "data_subject_categories"));
		return body;
	}

	/** The form's values for a stored content (to edit a draft, or to start a version from the published one). */
	static Map<String, String> values(JsonNode content) {
		Map<String, String> values = values(Map.of());
		fromText(values, "title", content.path("title"));
		fromText(values, "description", content.path("description"));
		values.put("controller_name", content.path("controller").path("name").asString(""));
		values.put("controller_address", content.path("controller").path("address").asString(""));
		values.put("controller_email", content.path("controller").path("email").asString(""));
		values.put("dpo_name", content.path("dpo").path("name").asString(""));
		values.put("dpo_email", content.path("dpo").path("email").asString(""));
		values.put("legal_basis", content.path("legal_basis").asString(""));
		values.put("retention_duration", content.path("retention").path("duration").asString(""));
		fromText(values, "retention_description", content.path("retention").path("description"));
		boolean any = content.path("transfers_outside_eu").path("any").asBoolean(false);
		values.put("transfers_any", any ? "true" : "");
		fromText(values, "transfers_details", content.path("transfers_outside_eu").path("details"));
		for (String list : LISTS) {
			List<String> fr = new ArrayList<>();
			List<String> en = new ArrayList<>();
			for (JsonNode item : content.path(list).values()) {
				fr.add(item.path("fr").asString(""));
				en.add(item.path("en").asString(""));
			}
			values.put(list + "_fr", String.join("\n", fr).strip().isEmpty() ? "" : String.join("\n", fr));
			values.put(list + "_en", String.join("\n", en).strip().isEmpty() ? "" : String.join("\n", en));
		}
		return values;
	}

	/**
	 * The form's group of inputs for a field path of a problem: {@code title.fr} → {@code title},
	 * {@code purposes[1].en} → {@code purposes}, {@code controller.email} → {@code controller_email},
	 * {@code retention.duration} → {@code retention_duration}, {@code transfers_outside_eu.details} →
	 * {@code transfers_details}.
	 */
	static String group(String field) {
		String path = field.replaceAll("\\[\\d+]", "");
		String[] parts = path.split("\\.");
		String head = parts[0];
		String second = parts.length > 1 ? parts[1] : null;
		return switch (head) {
			case "controller" -> "controller_" + (second == null || "fr".equals(second) ? "name" : second);
			case "dpo" -> "dpo_" + (second == null ? "email" : second);
			case "retention" -> "retention_" + (second == null ? "duration" : second);
			case "transfers_outside_eu" -> "transfers_" + ("details".equals(second) ? "details" : "any");
			default -> head;
		};
	}

	private static void text(ObjectNode target, String key, Map<String, String> values, String name) {
		ObjectNode text = nodes.objectNode();
		put(text, "fr", values.get(name + "_fr"));
		put(text, "en", values.get(name + "_en"));
		if (!text.isEmpty()) {
			target.set(key, text);
		}
	}

	private static ArrayNode list(Map<String, String> values, String name) {
		List<String> fr = lines(values.get(name + "_fr"));
		List<String> en = lines(values.get(name + "_en"));
		ArrayNode list = nodes.arrayNode();
		for (int i = 0; i < Math.max(fr.size(), en.size()); i++) {
			ObjectNode item = nodes.objectNode();
			put(item, "fr", i < fr.size() ? fr.get(i) : "");
			put(item, "en", i < en.size() ? en.get(i) : "");
			if (!item.isEmpty()) {
				list.add(item);
			}
		}
		return list;
	}

	/** The lines of a box, trailing blank lines dropped (a blank line inside keeps its place: no translation). */
	private static List<String> lines(String text) {
		List<String> lines = new ArrayList<>(Arrays.asList(text == null ? new String[0] : text.split("\\r?\\n", -1)));
		while (!lines.isEmpty() && lines.get(lines.size() - 1).isBlank()) {
			lines.remove(lines.size() - 1);
		}
		return lines;
	}

	private static void put(ObjectNode target, String key, String value) {
		if (value != null && !value.isBlank()) {
			target.put(key, value.strip());
		}
	}

	private static void fromText(Map<String, String> values, String name, JsonNode text) {
		values.put(name + "_fr", text.path("fr").asString(""));
		values.put(name + "_en", text.path("en").asString(""));
	}
}
