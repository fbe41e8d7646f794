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
	/** Per dataset, the generation last seen answering and its mapping; every lookup checks it is still the one. */
	private final Map<UUID, Known> known = new ConcurrentHashMap<>();

	private record Known(UUID generationId, StoreMapping mapping) {
	}

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
		Optional<Known> known = known(datasetId);
		// one query answers the current generation and whether it holds the subject; if the generation changed since
		// its mapping was read, the values are normalised again under the new one
		for (int attempt = 0; known.isPresent(); attempt++) {
			StoreMapping mapping = known.get().mapping();
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
			Optional<StoreGenerations.Found> found = generations.find(datasetId, lookup);
			if (found.isEmpty()) {
				this.known.remove(datasetId);
				return Optional.empty();
			}
			if (found.get().generationId().equals(known.get().generationId()) || attempt == 2) {
				return valid && found.get().held() ? Optional.of(KEY_ENCODER.encodeToString(lookup)) : Optional.empty();
			}
			known = refresh(datasetId);
		}
		return Optional.empty();
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
		byte[] lookup;
		try {
			lookup = Base64.getUrlDecoder().decode(subjectKey == null ? "" : subjectKey);
		}
		catch (IllegalArgumentException e) {
			lookup = new byte[0];
		}
		byte[] key = lookup;
		// the records and the mapping must come from the same generation: a switch in between reads again
		for (int attempt = 0; ; attempt++) {
			Optional<StoreGenerations.Read> read = generations.read(datasetId, key);
			if (read.isEmpty()) {
				known.remove(datasetId);
				return new Loaded(null, List.of());
			}
			UUID generation = read.get().generationId();
			Optional<Known> mapping = known(datasetId).filter(k -> k.generationId().equals(generation));
			if (mapping.isEmpty()) {
				mapping = refresh(datasetId).filter(k -> k.generationId().equals(generation));
			}
			if (mapping.isEmpty()) {
				if (attempt < 2) {
					continue;
				}
				throw new IllegalStateException("The self-data store of dataset " + datasetId + " keeps switching");
			}
			StoreGenerations.SealedRecords sealed = read.get().sealed();
			if (sealed == null) {
				return new Loaded(mapping.get().mapping(), List.of());
			}
			return new Loaded(mapping.get().mapping(), SubjectRecords.read(keys.open(sealed.keyId(), sealed.sealed(),
					StoreKeys.associated(datasetId, key))));
		}
	}

	private Optional<Known> known(UUID datasetId) {
		Known last = known.get(datasetId);
		return last != null ? Optional.of(last) : refresh(datasetId);
	}

	/** Reads the dataset's current generation and its mapping again. */
	private Optional<Known> refresh(UUID datasetId) {
		Optional<StoreGenerations.Current> current = generations.current(datasetId);
		if (current.isEmpty()) {
			known.remove(datasetId);
			return Optional.empty();
		}
		if (known.size() > 10_000) {
			known.clear();
		}
		Known fresh = new Known(current.get().generationId(), StoreMapping.read(current.get().mapping()));
		known.put(datasetId, fresh);
		return Optional.of(fresh);
	}
}
