package org.kerys.selfdata.internal.store;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the rest of the self-data module asks of the built-in store: is there one, which subject do these matching
 * values designate, and that subject's data as RUDI generic data ({@code selfdata-gdata.json}) or temporal bar
 * chart ({@code selfdata-tpbc.json}). Reads are not audited here: the caller (the citizen-facing service) does it.
 * A subject key is opaque: the Base64url of the subject's lookup hash, stable from one upload to the next.
 */
@Component
public class PersonalStore {

	private static final JsonNodeFactory nodes = JsonNodeFactory.instance;
	private static final Base64.Encoder KEY_ENCODER = Base64.getUrlEncoder().withoutPadding();

	private final StoreGenerations generations;
	private final StoreKeys keys;
	private final Map<UUID, StoreMapping> mappings = new ConcurrentHashMap<>();

	PersonalStore(StoreGenerations generations, StoreKeys keys) {
		this.generations = generations;
		this.keys = keys;
	}

	/** Whether a store was uploaded for this dataset. */
	public boolean holds(UUID datasetId) {
		return generations.current(datasetId).isPresent();
	}

	/**
	 * The subject these matching values designate ({@code matching_data} code → value as the citizen typed it), or
	 * empty. Found or not, the same work is done (normalise, hash, one indexed query), so the time taken does not
	 * tell whether someone is in the dataset.
	 */
	public Optional<String> match(UUID datasetId, Map<String, String> matching) {
		Optional<StoreGenerations.Current> current = generations.current(datasetId);
		if (current.isEmpty()) {
			return Optional.empty();
		}
		StoreMapping mapping = mapping(current.get());
		String[] normalised = new String[mapping.matching().size()];
		boolean valid = true;
		for (int i = 0; i < normalised.length; i++) {
			StoreMapping.Matching field = mapping.matching().get(i);
			String value = matching == null ? null : matching.get(field.code());
			try {
				if (value == null || value.isBlank()) {
					throw new ValueType.NotOfType("empty");
				}
				normalised[i] = field.type().matchingText(value);
			}
			catch (ValueType.NotOfType e) {
				valid = false;
				normalised[i] = UUID.randomUUID().toString(); // no subject, but the same work
			}
		}
		byte[] lookup = keys.lookup(datasetId, mapping.subject(normalised));
		boolean found = generations.holds(current.get().generationId(), lookup);
		return valid && found ? Optional.of(KEY_ENCODER.encodeToString(lookup)) : Optional.empty();
	}

	/** The subject's data (its latest record's data columns) as a RUDI {@code GenericDataObject}. */
	public JsonNode gdata(UUID datasetId, String subjectKey) {
		Loaded loaded = load(datasetId, subjectKey);
		ObjectNode answer = nodes.objectNode();
		answer.set("legend", loaded.mapping == null ? nodes.arrayNode() : loaded.mapping.legend());
		ArrayNode data = answer.putArray("data");
		if (loaded.rows.isEmpty()) {
			return answer;
		}
		// the latest record by date; without dates, the last one of the file
		SubjectRecords.Row latest = loaded.rows.get(loaded.rows.size() - 1);
		for (SubjectRecords.Row row : loaded.rows) {
			if (row.day() != SubjectRecords.NO_DATE && row.day() > latest.day()) {
				latest = row;
			}
		}
		List<StoreMapping.Column> columns = loaded.mapping.data();
		for (int i = 0; i < columns.size(); i++) {
			ObjectNode item = data.addObject();
			item.set("label", columns.get(i).label());
			item.put("type", columns.get(i).type() == ValueType.ADDRESS ? "STRING" : columns.get(i).type().name());
			item.put("value", latest.data()[i]);
		}
		return answer;
	}

	/**
	 * The subject's time series between {@code min} and {@code max} (inclusive; null: unbounded) as a RUDI
	 * {@code BarChartData}: one {@code series} entry per date (its legend is the date), one {@code values} entry per
	 * series column, its values in the order of the dates (null where the record had none).
	 */
	public JsonNode tpbc(UUID datasetId, String subjectKey, LocalDate min, LocalDate max) {
		Loaded loaded = load(datasetId, subjectKey);
		ObjectNode answer = nodes.objectNode();
		StoreMapping mapping = loaded.mapping;
		JsonNode chart = mapping == null ? nodes.objectNode() : mapping.chart();
		answer.set("legend", mapping == null ? nodes.arrayNode() : mapping.legend());
		answer.put("type", chart.path("type").asString("BAR"));
		if (chart.has("legend_y")) {
			answer.set("legendYAxis", StoreMapping.label(chart.path("legend_y"), ""));
		}
		if (chart.has("legend_x")) {
			answer.set("legendXAxis", StoreMapping.label(chart.path("legend_x"), ""));
		}
		ArrayNode series = answer.putArray("series");
		ArrayNode values = answer.putArray("values");
		if (mapping == null) {
			return answer;
		}
		List<SubjectRecords.Row> rows = new ArrayList<>();
		for (SubjectRecords.Row row : loaded.rows) {
			LocalDate date = row.date();
			if (date != null && (min == null || !date.isBefore(min)) && (max == null || !date.isAfter(max))) {
				rows.add(row);
			}
		}
		rows.sort(Comparator.comparingInt(SubjectRecords.Row::day));
		for (SubjectRecords.Row row : rows) {
			series.addObject().set("legend", StoreMapping.label(null, row.date().toString()));
		}
		for (int i = 0; i < mapping.series().size(); i++) {
			StoreMapping.Series column = mapping.series().get(i);
			ObjectNode item = values.addObject();
			if (column.colour() != null) {
				item.put("colour", column.colour());
			}
			if (column.borderColour() != null) {
				item.put("borderColour", column.borderColour());
			}
			ArrayNode points = item.putArray("values");
			for (SubjectRecords.Row row : rows) {
				double value = row.series()[i];
				if (Double.isNaN(value)) {
					points.addNull();
				}
				else {
					points.add(value);
				}
			}
			item.set("legend", column.label());
		}
		return answer;
	}

	private record Loaded(StoreMapping mapping, List<SubjectRecords.Row> rows) {
	}

	/** The subject's records, opened; none when the store or the subject is not (or no longer) there. */
	private Loaded load(UUID datasetId, String subjectKey) {
		Optional<StoreGenerations.Current> current = generations.current(datasetId);
		if (current.isEmpty()) {
			return new Loaded(null, List.of());
		}
		StoreMapping mapping = mapping(current.get());
		byte[] lookup;
		try {
			lookup = Base64.getUrlDecoder().decode(subjectKey == null ? "" : subjectKey);
		}
		catch (IllegalArgumentException e) {
			return new Loaded(mapping, List.of());
		}
		return generations.sealed(current.get().generationId(), lookup)
				.map(sealed -> new Loaded(mapping, SubjectRecords.read(keys.open(sealed.keyId(), sealed.sealed(),
						StoreKeys.associated(datasetId, lookup)))))
				.orElse(new Loaded(mapping, List.of()));
	}

	private StoreMapping mapping(StoreGenerations.Current current) {
		if (mappings.size() > 10_000) {
			mappings.clear();
		}
		return mappings.computeIfAbsent(current.generationId(), id -> StoreMapping.read(current.mapping()));
	}
}
