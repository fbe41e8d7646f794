package org.kerys.selfdata.internal.store;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.kerys.platform.ProblemException;
import org.kerys.platform.ProblemException.FieldError;
import org.springframework.http.HttpStatus;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Which columns of an upload are what: matching fields (by the dataset's {@code matching_data} code, with that
 * field's type), data given back as generic data, and the date and value series of a time series. Kept with each
 * generation (it holds column names and labels, never a personal value).
 */
record StoreMapping(List<Matching> matching, List<Column> data, String date, List<Series> series, JsonNode legend,
		JsonNode chart) {

	static final String INVALID = "KRS-400-STORE-MAPPING";
	private static final JsonMapper json = JsonMapper.builder().build();

	/** A matching field: its code in the dataset's {@code matching_data}, its column and its type. */
	record Matching(String code, String column, ValueType type) {
	}

	/** A data column, given back with this label and type. */
	record Column(String column, JsonNode label, ValueType type) {
	}

	/** A numeric column of the time series. */
	record Series(String column, JsonNode label, String colour, String borderColour) {
	}

	/**
	 * The columns read from each record, in this order: matching fields, the date (if any), data, series. The same
	 * column may come more than once.
	 */
	java.util.List<String> readColumns() {
		List<String> all = new ArrayList<>();
		matching.forEach(m -> all.add(m.column()));
		if (date != null) {
			all.add(date);
		}
		data.forEach(c -> all.add(c.column()));
		series.forEach(s -> all.add(s.column()));
		return all;
	}

	/**
	 * One text for a subject's normalised matching values (in the order of {@link #matching}, sorted by code),
	 * length-prefixed so that no two tuples give the same text.
	 */
	String subject(String[] normalised) {
		StringBuilder text = new StringBuilder(64);
		for (int i = 0; i < matching.size(); i++) {
			String code = matching.get(i).code();
			text.append(code.length()).append(':').append(code).append(normalised[i].length()).append(':')
					.append(normalised[i]);
		}
		return text.toString();
	}

	/** Every column the mapping names (matching, data, date, series). */
	Set<String> columns() {
		Set<String> all = new HashSet<>();
		matching.forEach(m -> all.add(m.column()));
		data.forEach(c -> all.add(c.column()));
		series.forEach(s -> all.add(s.column()));
		if (date != null) {
			all.add(date);
		}
		return all;
	}

	/**
	 * Reads a mapping a producer sent, against the dataset's matching fields; every mistake at once (400).
	 *
	 * @param matchingData the dataset's {@code ext_selfdata_content.matching_data}
	 * @param title the dataset's title: the legend when the mapping gives none
	 */
	static StoreMapping parse(String text, JsonNode matchingData, String title) {
		JsonNode root;
		try {
			root = json.readTree(text);
		}
		catch (JacksonException e) {
			throw new ProblemException(HttpStatus.BAD_REQUEST, INVALID, "The mapping is not well-formed JSON.");
		}
		if (root == null || !root.isObject()) {
			throw new ProblemException(HttpStatus.BAD_REQUEST, INVALID, "The mapping must be a JSON object.");
		}
		List<FieldError> errors = new ArrayList<>();
		Map<String, ValueType> declared = new HashMap<>();
		Set<String> required = new HashSet<>();
		for (JsonNode field : matchingData) {
			String code = field.path("code").asString("");
			String type = field.path("type").asString("STRING");
			if ("ATTACHMENT".equals(type)) {
				continue;
			}
			declared.put(code, ValueType.of(type));
			if (field.path("required").asBoolean(false)) {
				required.add(code);
			}
		}
		List<Matching> matching = new ArrayList<>();
		JsonNode given = root.path("matching");
		if (!given.isObject() || given.isEmpty()) {
			errors.add(new FieldError(INVALID, "matching",
					"Name the column of at least one matching field: {\"<matching_data code>\": \"<column>\"}."));
		}
		else {
			for (Map.Entry<String, JsonNode> entry : given.properties()) {
				ValueType type = declared.get(entry.getKey());
				if (type == null) {
					errors.add(new FieldError(INVALID, "matching." + entry.getKey(),
							"Not a matching field of this dataset (or an attachment): " + entry.getKey() + "."));
				}
				else if (!entry.getValue().isString() || entry.getValue().asString().isBlank()) {
					errors.add(new FieldError(INVALID, "matching." + entry.getKey(), "Give the column's name."));
				}
				else {
					matching.add(new Matching(entry.getKey(), entry.getValue().asString(), type));
				}
			}
			for (String code : required) {
				if (!given.has(code)) {
					errors.add(new FieldError(INVALID, "matching." + code,
							"The dataset requires this matching field: map it to a column."));
				}
			}
		}
		matching.sort(Comparator.comparing(Matching::code));
		List<Column> data = new ArrayList<>();
		JsonNode dataNode = root.path("data");
		for (int i = 0; i < dataNode.size(); i++) {
			JsonNode item = dataNode.get(i);
			String column = item.isString() ? item.asString() : item.path("column").asString("");
			ValueType type = ValueType.of(item.path("type").asString(null));
			if (column.isBlank()) {
				errors.add(new FieldError(INVALID, "data[" + i + "].column", "Give the column's name."));
			}
			else if (type == null || type == ValueType.ADDRESS) {
				errors.add(new FieldError(INVALID, "data[" + i + "].type",
						"One of STRING, TEXT, BOOLEAN, LONG, DOUBLE, DATE."));
			}
			else {
				data.add(new Column(column, label(item.path("label"), column), type));
			}
		}
		String date = root.path("date").isString() ? root.path("date").asString() : null;
		List<Series> series = new ArrayList<>();
		JsonNode seriesNode = root.path("series");
		for (int i = 0; i < seriesNode.size(); i++) {
			JsonNode item = seriesNode.get(i);
			String column = item.isString() ? item.asString() : item.path("column").asString("");
			if (column.isBlank()) {
				errors.add(new FieldError(INVALID, "series[" + i + "].column", "Give the column's name."));
			}
			else {
				series.add(new Series(column, label(item.path("label"), column), item.path("colour").asString(null),
						item.path("border_colour").asString(null)));
			}
		}
		if (!series.isEmpty() && date == null) {
			errors.add(new FieldError(INVALID, "date", "A time series needs the column of its dates."));
		}
		if (data.isEmpty() && series.isEmpty()) {
			errors.add(new FieldError(INVALID, "data", "Map at least one data or series column."));
		}
		if (!errors.isEmpty()) {
			throw new ProblemException(HttpStatus.BAD_REQUEST, INVALID, "The mapping has mistakes.", errors);
		}
		JsonNode legend = root.has("legend") ? label(root.path("legend"), title) : label(null, title);
		JsonNode chart = root.path("chart").isObject() ? root.path("chart") : JsonNodeFactory.instance.objectNode();
		return new StoreMapping(List.copyOf(matching), List.copyOf(data), date, List.copyOf(series), legend, chart);
	}

	/** A RUDI label (list of {@code {lang, text}}); a plain string is taken as the text in French and English. */
	static JsonNode label(JsonNode given, String fallback) {
		if (given != null && given.isArray() && !given.isEmpty()) {
			return given;
		}
		String text = given != null && given.isString() ? given.asString() : fallback;
		ArrayNode label = JsonNodeFactory.instance.arrayNode();
		label.addObject().put("lang", "fr").put("text", text);
		label.addObject().put("lang", "en").put("text", text);
		return label;
	}

	/** The form kept with the generation. */
	String write() {
		ObjectNode root = JsonNodeFactory.instance.objectNode();
		ArrayNode m = root.putArray("matching");
		matching.forEach(x -> m.addObject().put("code", x.code()).put("column", x.column()).put("type", x.type().name()));
		ArrayNode d = root.putArray("data");
		data.forEach(x -> d.addObject().put("column", x.column()).put("type", x.type().name()).set("label", x.label()));
		if (date != null) {
			root.put("date", date);
		}
		ArrayNode s = root.putArray("series");
		series.forEach(x -> s.addObject().put("column", x.column()).put("colour", x.colour())
				.put("border_colour", x.borderColour()).set("label", x.label()));
		root.set("legend", legend);
		root.set("chart", chart);
		return json.writeValueAsString(root);
	}

	/** Reads back what {@link #write} wrote. */
	static StoreMapping read(String text) {
		JsonNode root = json.readTree(text);
		List<Matching> matching = new ArrayList<>();
		root.path("matching").forEach(x -> matching.add(new Matching(x.path("code").asString(),
				x.path("column").asString(), ValueType.valueOf(x.path("type").asString()))));
		List<Column> data = new ArrayList<>();
		root.path("data").forEach(x -> data.add(new Column(x.path("column").asString(), x.path("label"),
				ValueType.valueOf(x.path("type").asString()))));
		List<Series> series = new ArrayList<>();
		root.path("series").forEach(x -> series.add(new Series(x.path("column").asString(), x.path("label"),
				x.path("colour").asString(null), x.path("border_colour").asString(null))));
		String date = root.path("date").isString() ? root.path("date").asString() : null;
		return new StoreMapping(List.copyOf(matching), List.copyOf(data), date, List.copyOf(series),
				root.path("legend"), root.path("chart"));
	}
}
