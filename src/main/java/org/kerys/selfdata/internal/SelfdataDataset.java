package org.kerys.selfdata.internal;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.kerys.catalog.AccessRegime;
import org.kerys.catalog.DatasetRecord;
import org.kerys.platform.ProblemException;
import org.springframework.http.HttpStatus;
import tools.jackson.databind.JsonNode;

/**
 * What Kerys needs of a self-data dataset's metadata ({@code ext_selfdata_content}, already validated by the
 * catalogue): its matching fields, access mode, treatment period, erasure terms, producer and gdata/tpbc media.
 */
record SelfdataDataset(UUID id, String title, UUID producerId, String access, List<MatchingField> matching,
		Period treatmentPeriod, Period storagePeriod, boolean deletable, List<String> deletionReasons,
		Optional<Medium> gdata, Optional<Medium> tpbc) {

	/** One matching field: code, type (STRING by default), required, REGEXP validators. */
	record MatchingField(String code, String type, boolean required, List<String> patterns, JsonNode label,
			JsonNode help) {

		boolean attachment() {
			return "ATTACHMENT".equals(type);
		}
	}

	/** A period of the metadata (value + unit DAYS, MONTHS or YEARS). */
	record Period(int value, String unit) {

		OffsetDateTime after(OffsetDateTime start) {
			return switch (unit) {
				case "MONTHS" -> start.plusMonths(value);
				case "YEARS" -> start.plusYears(value);
				default -> start.plusDays(value);
			};
		}
	}

	/** A SERVICE media of the dataset: its id and connector URL. */
	record Medium(UUID id, String url) {
	}

	/** Treated by the producer's members outside Kerys. */
	boolean out() {
		return "OUT".equals(access);
	}

	/** Proofs (ATTACHMENT fields) are checked by the producer's members before matching. */
	boolean moderated() {
		return matching.stream().anyMatch(MatchingField::attachment);
	}

	static SelfdataDataset of(DatasetRecord record) {
		if (record.regime() != AccessRegime.SELFDATA) {
			throw new ProblemException(HttpStatus.BAD_REQUEST, "KRS-400-NOT-SELFDATA",
					"This dataset holds no personal data to ask for (it is not a self-data dataset).");
		}
		JsonNode metadata = record.metadata();
		JsonNode content = metadata.path("ext_metadata").path("ext_selfdata").path("ext_selfdata_content");
		List<MatchingField> fields = new ArrayList<>();
		for (JsonNode field : content.path("matching_data")) {
			List<String> patterns = new ArrayList<>();
			for (JsonNode validator : field.path("validators")) {
				String type = validator.path("type").asString("");
				if (("REGEXP".equals(type) || "REGEX".equals(type)) && !validator.path("attribute").asString("").isBlank()) {
					patterns.add(validator.path("attribute").asString());
				}
			}
			fields.add(new MatchingField(field.path("code").asString(""), field.path("type").asString("STRING"),
					field.path("required").asBoolean(false), List.copyOf(patterns), field.path("label"),
					field.path("help")));
		}
		UUID producer = null;
		try {
			producer = UUID.fromString(metadata.path("producer").path("organization_id").asString(""));
		}
		catch (IllegalArgumentException e) {
			// validation requires one; without it nobody treats tasks (the request says so when it needs one)
		}
		List<String> reasons = new ArrayList<>();
		content.path("deletion_reason").forEach(reason -> reasons.add(reason.asString("")));
		return new SelfdataDataset(record.globalId(), metadata.path("resource_title").asString(""), producer,
				content.path("selfdata_access").asString("API"), List.copyOf(fields),
				period(content.path("treatment_period"), 30), period(content.path("storage_period"), 365),
				content.path("deletable_data").asBoolean(false), List.copyOf(reasons), medium(metadata, "gdata"),
				medium(metadata, "tpbc"));
	}

	private static Period period(JsonNode period, int defaultDays) {
		int value = period.path("value").asInt(0);
		String unit = period.path("unit").asString(period.path("units").asString("DAYS"));
		return value > 0 ? new Period(value, unit) : new Period(defaultDays, "DAYS");
	}

	/** The SERVICE media whose interface contract is gdata (generic-data) or tpbc (temporal-bar-chart). */
	private static Optional<Medium> medium(JsonNode metadata, String kind) {
		for (JsonNode medium : metadata.path("available_formats")) {
			String contract = medium.path("connector").path("interface_contract").asString("");
			boolean match = "gdata".equals(kind) ? "gdata".equals(contract) || "generic-data".equals(contract)
					: "tpbc".equals(contract) || "temporal-bar-chart".equals(contract);
			if (match && "SERVICE".equals(medium.path("media_type").asString(""))) {
				try {
					return Optional.of(new Medium(UUID.fromString(medium.path("media_id").asString("")),
							medium.path("connector").path("url").asString("")));
				}
				catch (IllegalArgumentException e) {
					return Optional.empty();
				}
			}
		}
		return Optional.empty();
	}
}
