package org.kerys.selfdata.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import tools.jackson.databind.JsonNode;

/**
 * The citizen's data as CSV (portability): gdata as {@code object,label,type,value} rows; tpbc as one row per point
 * of the series ({@code series}) with one column per set of values. Labels in the page's language when the
 * producer gave it, else the first one. Cells starting with = + - @ are prefixed with ' (no formula in a spreadsheet).
 */
final class DataCsv {

	private DataCsv() {
	}

	static String gdata(JsonNode data, Locale locale) {
		StringBuilder csv = new StringBuilder("object,label,type,value\r\n");
		List<JsonNode> objects = new ArrayList<>();
		if (data.isArray()) {
			data.forEach(objects::add);
		}
		else {
			objects.add(data);
		}
		for (JsonNode object : objects) {
			String legend = text(object.path("legend"), locale);
			for (JsonNode item : object.path("data")) {
				row(csv, legend, text(item.path("label"), locale), item.path("type").asString(""),
						item.path("value").isValueNode() ? item.path("value").asString("") : item.path("value").toString());
			}
		}
		return csv.toString();
	}

	static String tpbc(JsonNode data, Locale locale) {
		List<String> header = new ArrayList<>(List.of("series"));
		JsonNode values = data.path("values");
		for (JsonNode set : values) {
			header.add(text(set.path("legend"), locale));
		}
		StringBuilder csv = new StringBuilder();
		row(csv, header.toArray(String[]::new));
		JsonNode series = data.path("series");
		int points = series.size();
		for (JsonNode set : values) {
			points = Math.max(points, set.path("values").size());
		}
		for (int i = 0; i < points; i++) {
			List<String> cells = new ArrayList<>();
			cells.add(i < series.size() ? text(series.path(i).path("legend"), locale) : String.valueOf(i + 1));
			for (JsonNode set : values) {
				JsonNode value = set.path("values").path(i);
				cells.add(value.isMissingNode() || value.isNull() ? "" : value.asString(""));
			}
			row(csv, cells.toArray(String[]::new));
		}
		return csv.toString();
	}

	/** A RUDI dictionary entry list ({@code [{"lang","text"}]}) in the locale's language, else its first text. */
	static String text(JsonNode entries, Locale locale) {
		if (entries.isString()) {
			return entries.asString();
		}
		String first = null;
		for (JsonNode entry : entries) {
			String text = entry.path("text").asString("");
			if (first == null) {
				first = text;
			}
			if (entry.path("lang").asString("").toLowerCase(Locale.ROOT).startsWith(locale.getLanguage())) {
				return text;
			}
		}
		return first == null ? "" : first;
	}

	private static void row(StringBuilder csv, String... cells) {
		for (int i = 0; i < cells.length; i++) {
			if (i > 0) {
				csv.append(',');
			}
			String cell = cells[i] == null ? "" : cells[i];
			if (!cell.isEmpty() && "=+-@".indexOf(cell.charAt(0)) >= 0 && !cell.matches("-?[0-9.]+")) {
				cell = "'" + cell;
			}
			if (cell.contains(",") || cell.contains("\"") || cell.contains("\n") || cell.contains("\r")) {
				cell = '"' + cell.replace("\"", "\"\"") + '"';
			}
			csv.append(cell);
		}
		csv.append("\r\n");
	}
}
