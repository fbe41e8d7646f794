package org.kerys.catalog.internal;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.kerys.catalog.AccessRegime;
import org.kerys.catalog.RudiJson;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The values of a RUDI metadata record that Kerys queries on, pulled out of the JSON into columns.
 * The record itself is kept whole beside them.
 */
record DatasetFields(UUID globalId, String localId, String doi, String title, UUID producerId, String producerName,
		String theme, String licence, AccessRegime regime, String storageStatus, OffsetDateTime datasetUpdated,
		List<MediaFields> media, ObjectNode metadata) {

	/** A media descriptor of the record, in its order. */
	record MediaFields(UUID mediaId, int position, String mediaType, String mediaName, String fileType, Long fileSize,
			String checksumAlgo, String checksumHash) {
	}

	/** Reads a record the validator accepted (identifiers are well-formed UUIDs there). */
	static DatasetFields of(ObjectNode metadata) {
		JsonNode producer = metadata.path("producer");
		JsonNode licence = metadata.path("access_condition").path("licence");
		String licenceCode = "CUSTOM".equals(text(licence.path("licence_type")))
				? text(licence.path("custom_licence_uri"))
				: text(licence.path("licence_label"));
		List<MediaFields> media = new ArrayList<>();
		JsonNode formats = metadata.path("available_formats");
		for (int i = 0; i < formats.size(); i++) {
			JsonNode m = formats.get(i);
			if (!m.isObject() || DatasetFields.text(m.path("media_id")) == null) {
				continue;
			}
			JsonNode size = m.path("file_size");
			media.add(new MediaFields(UUID.fromString(text(m.path("media_id"))), i, text(m.path("media_type")),
					text(m.path("media_name")), text(m.path("file_type")),
					size.isIntegralNumber() ? size.longValue() : null, text(m.path("checksum").path("algo")),
					text(m.path("checksum").path("hash"))));
		}
		return new DatasetFields(UUID.fromString(text(metadata.path("global_id"))), text(metadata.path("local_id")),
				text(metadata.path("doi")), text(metadata.path("resource_title")),
				UUID.fromString(text(producer.path("organization_id"))), text(producer.path("organization_name")),
				text(metadata.path("theme")), licenceCode, regime(metadata), text(metadata.path("storage_status")),
				time(metadata.path("dataset_dates").path("updated")), List.copyOf(media), metadata);
	}

	/** DESIGN §1: restricted = restricted_access; self-data = restricted_access and gdpr_sensitive. */
	static AccessRegime regime(JsonNode metadata) {
		JsonNode confidentiality = metadata.path("access_condition").path("confidentiality");
		boolean restricted = confidentiality.path("restricted_access").asBoolean(false);
		boolean gdpr = confidentiality.path("gdpr_sensitive").asBoolean(false);
		if (restricted && gdpr) {
			return AccessRegime.SELFDATA;
		}
		return restricted ? AccessRegime.RESTRICTED : AccessRegime.OPEN;
	}

	private static OffsetDateTime time(JsonNode node) {
		return RudiJson.time(node);
	}

	static String text(JsonNode node) {
		return RudiJson.text(node);
	}
}
