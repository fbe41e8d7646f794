package org.kerys.selfdata.internal;

import java.text.NumberFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import tools.jackson.databind.JsonNode;

/**
 * What the self-data pages show, built from the services' values: the request form's fields (from the dataset's
 * matching data, in the page's language), gdata as tables, tpbc as an SVG bar chart with the same numbers in a table.
 */
final class PageViews {

	private PageViews() {
	}

	/** One input of the request form; {@code name} is what the form posts ({@code matching.<code>} or {@code attachments.<code>}). */
	record FormField(String code, String name, String id, String type, boolean required, String pattern, String label,
			String help, String value, String error) {

		public String describedBy() {
			String ids = (error != null ? id + "-error " : "") + (help != null ? id + "-help" : "");
			return ids.isBlank() ? null : ids.strip();
		}

		public boolean attachment() {
			return "ATTACHMENT".equals(type);
		}
	}

	static List<FormField> form(SelfdataDataset dataset, Map<String, String> values, Map<String, String> errors,
			Locale locale) {
		List<FormField> fields = new ArrayList<>();
		int i = 0;
		for (SelfdataDataset.MatchingField field : dataset.matching()) {
			String name = (field.attachment() ? "attachments." : "matching.") + field.code();
			String label = DataCsv.text(field.label(), locale);
			String help = DataCsv.text(field.help(), locale);
			// a browser checks one REGEXP itself; several (and every one, always) are checked by Kerys
			String pattern = field.patterns().size() == 1 ? field.patterns().get(0) : null;
			fields.add(new FormField(field.code(), name, "f-" + i++, field.type(), field.required(), pattern,
					label.isBlank() ? field.code() : label, help.isBlank() ? null : help,
					field.attachment() ? null : values.get(field.code()), errors.get(name)));
		}
		return fields;
	}

	/** One object of gdata: its legend and its label/value rows. */
	record DataObject(String legend, List<String[]> rows) {
	}

	static List<DataObject> gdata(JsonNode data, Locale locale) {
		List<DataObject> objects = new ArrayList<>();
		List<JsonNode> nodes = new ArrayList<>();
		if (data.isArray()) {
			data.forEach(nodes::add);
		}
		else if (data.isObject()) {
			nodes.add(data);
		}
		for (JsonNode object : nodes) {
			List<String[]> rows = new ArrayList<>();
			for (JsonNode item : object.path("data")) {
				JsonNode value = item.path("value");
				rows.add(new String[] { DataCsv.text(item.path("label"), locale),
						value.isValueNode() ? value.asString("") : value.toString() });
			}
			objects.add(new DataObject(DataCsv.text(object.path("legend"), locale), rows));
		}
		return objects;
	}

	/** A bar of the chart, in SVG units. */
	record Bar(String x, String y, String width, String height, int set) {
	}

	record Tick(String y, String label) {
	}

	record XLabel(String x, String label) {
	}

	/** A set of values of the chart, with its legend and the values written for the table. */
	record ValueSet(String legend, int index, List<String> values) {
	}

	record Chart(String title, String description, String xLegend, String yLegend, List<String> series,
			List<ValueSet> sets, List<Bar> bars, List<Tick> ticks, List<XLabel> xLabels) {

		static final int WIDTH = 640;
		static final int HEIGHT = 280;

		public boolean empty() {
			return series.isEmpty();
		}
	}

	private static final int LEFT = 56;
	private static final int TOP = 12;
	private static final int PLOT_WIDTH = Chart.WIDTH - LEFT - 12;
	private static final int PLOT_HEIGHT = Chart.HEIGHT - TOP - 44;

	static Chart tpbc(JsonNode data, Locale locale, String descriptionPattern) {
		NumberFormat numbers = NumberFormat.getNumberInstance(locale);
		numbers.setMaximumFractionDigits(2);
		List<String> series = new ArrayList<>();
		JsonNode sets = data.path("values");
		int points = data.path("series").size();
		for (JsonNode set : sets) {
			points = Math.max(points, set.path("values").size());
		}
		for (int i = 0; i < points; i++) {
			JsonNode legend = data.path("series").path(i).path("legend");
			String text = legend.isMissingNode() ? "" : DataCsv.text(legend, locale);
			series.add(text.isBlank() ? String.valueOf(i + 1) : text);
		}
		double max = 0;
		List<double[]> raw = new ArrayList<>();
		for (JsonNode set : sets) {
			double[] values = new double[points];
			for (int i = 0; i < points; i++) {
				JsonNode v = set.path("values").path(i);
				values[i] = v.isNumber() ? v.asDouble() : Double.NaN;
				if (!Double.isNaN(values[i])) {
					max = Math.max(max, values[i]);
				}
			}
			raw.add(values);
		}
		double top = niceTop(max);
		List<ValueSet> valueSets = new ArrayList<>();
		List<Bar> bars = new ArrayList<>();
		double group = points == 0 ? 0 : (double) PLOT_WIDTH / points;
		double barWidth = raw.isEmpty() ? 0 : group * 0.8 / raw.size();
		int s = 0;
		for (JsonNode set : sets) {
			String legend = DataCsv.text(set.path("legend"), locale);
			double[] values = raw.get(s);
			List<String> written = new ArrayList<>();
			for (int i = 0; i < points; i++) {
				String value = Double.isNaN(values[i]) ? "" : numbers.format(values[i]);
				written.add(value);
				if (!Double.isNaN(values[i]) && values[i] > 0) {
					double h = values[i] / top * PLOT_HEIGHT;
					double x = LEFT + i * group + group * 0.1 + s * barWidth;
					bars.add(new Bar(fmt(x), fmt(TOP + PLOT_HEIGHT - h), fmt(barWidth), fmt(h), s % 4));
				}
			}
			valueSets.add(new ValueSet(legend.isBlank() ? String.valueOf(s + 1) : legend, s % 4, written));
			s++;
		}
		List<Tick> ticks = new ArrayList<>();
		for (int t = 0; t <= 4; t++) {
			double value = top * t / 4;
			ticks.add(new Tick(fmt(TOP + PLOT_HEIGHT - PLOT_HEIGHT * t / 4.0), numbers.format(value)));
		}
		List<XLabel> xLabels = new ArrayList<>();
		int every = Math.max(1, (int) Math.ceil(points / 12.0));
		for (int i = 0; i < points; i += every) {
			xLabels.add(new XLabel(fmt(LEFT + i * group + group / 2), series.get(i)));
		}
		String title = DataCsv.text(data.path("legend"), locale);
		String description = new java.text.MessageFormat(descriptionPattern, locale).format(new Object[] { points, valueSets.size(),
				numbers.format(max), points == 0 ? "" : series.get(0), points == 0 ? "" : series.get(points - 1) });
		return new Chart(title, description, DataCsv.text(data.path("legendXAxis"), locale),
				DataCsv.text(data.path("legendYAxis"), locale), series, valueSets, bars, ticks, xLabels);
	}

	/** The axis' top: 1, 2, 2.5 or 5 times a power of ten, at or above the largest value. */
	private static double niceTop(double max) {
		if (max <= 0) {
			return 1;
		}
		double power = Math.pow(10, Math.floor(Math.log10(max)));
		for (double step : new double[] { 1, 2, 2.5, 5, 10 }) {
			if (step * power >= max) {
				return step * power;
			}
		}
		return 10 * power;
	}

	private static String fmt(double value) {
		return String.format(Locale.ROOT, "%.1f", value);
	}
}
