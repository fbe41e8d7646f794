package org.kerys.catalog.internal.validation;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import org.kerys.catalog.internal.vocabulary.Vocabulary;
import org.kerys.platform.ProblemException.FieldError;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Test records: one valid RUDI 1.4.0 record to start from, and the 387 real records of Rennes. */
final class Records {

	static final JsonMapper JSON = JsonMapper.builder().build();
	static final MetadataValidator VALIDATOR = new MetadataValidator(new Vocabulary());

	private Records() {
	}

	static ValidationReport strict(JsonNode record) {
		return VALIDATOR.validate(record, ValidationMode.STRICT, Locale.FRENCH);
	}

	static ValidationReport lenient(JsonNode record) {
		return VALIDATOR.validate(record, ValidationMode.LENIENT, Locale.FRENCH);
	}

	/** A complete, valid open-data record using every part of the spec a producer usually fills. */
	static ObjectNode valid() {
		return (ObjectNode) JSON.readTree("""
				{
				  "global_id": "0f8c7a6e-3b2d-4c1a-9e8f-7a6b5c4d3e2f",
				  "local_id": "air-quality-2020",
				  "doi": "10.1234/kerys.air-2020",
				  "resource_title": "Qualité de l'air, novembre 2020",
				  "synopsis": [{"lang": "fr", "text": "Mesures des capteurs"}],
				  "summary": [{"lang": "fr", "text": "Mesures des capteurs de qualité de l'air\\nà Rennes."},
				              {"lang": "en-GB", "text": "Air quality sensors."}],
				  "theme": "environment",
				  "keywords": ["air", "capteurs"],
				  "producer": {"organization_id": "349b050c-cd74-447c-b82e-b7e7b2553c1d",
				               "organization_name": "Ville de Rennes"},
				  "contacts": [{"contact_id": "74b973fa-59c1-4f40-9dbe-0e2ca1e66af7",
				                "contact_name": "Service données", "email": "data@rennes.fr"}],
				  "available_formats": [{
				    "media_type": "FILE",
				    "media_id": "39efa487-ddf2-4390-a255-83d896f7591c",
				    "media_name": "mesures.csv",
				    "connector": {"url": "https://data.example.org/media/39efa487", "interface_contract": "dwnl"},
				    "file_type": "text/csv",
				    "file_size": 343687,
				    "file_encoding": "UTF-8",
				    "checksum": {"algo": "SHA-256", "hash": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"}
				  }],
				  "resource_languages": ["fr", "en"],
				  "temporal_spread": {"start_date": "2020-11-01T00:00:00Z", "end_date": "2020-11-30T23:59:59.999+01:00"},
				  "geography": {"bounding_box": {"west_longitude": -1.8, "east_longitude": -1.5,
				                                 "north_latitude": 48.2, "south_latitude": 48.0},
				                "projection": "WGS 84 (EPSG:4326)"},
				  "dataset_size": {"numbers_of_records": 1200, "number_of_fields": 8},
				  "dataset_dates": {"created": "2020-12-01T08:00:00Z", "updated": "2020-12-02T08:00:00Z"},
				  "storage_status": "online",
				  "access_condition": {
				    "confidentiality": {"restricted_access": false, "gdpr_sensitive": false},
				    "licence": {"licence_type": "STANDARD", "licence_label": "odbl-1.0"},
				    "usage_constraint": [{"lang": "fr", "text": "Usage libre"}]
				  },
				  "metadata_info": {"api_version": "1.4.0",
				                    "metadata_dates": {"created": "2020-12-01T08:00:00Z", "updated": "2020-12-01T08:00:00Z"},
				                    "metadata_provider": {"organization_id": "349b050c-cd74-447c-b82e-b7e7b2553c1d",
				                                          "organization_name": "Ville de Rennes"},
				                    "metadata_source": "https://data.example.org/metadata/air-quality-2020"}
				}
				""");
	}

	/** {@link #valid()} turned into a self-data dataset served by API, with its GDATA and TPBC media. */
	static ObjectNode selfData() {
		ObjectNode record = valid();
		((ObjectNode) record.get("access_condition").get("confidentiality"))
				.put("restricted_access", true).put("gdpr_sensitive", true);
		record.set("ext_metadata", JSON.readTree("""
				{"ext_selfdata": {"ext_selfdata_content": {
				  "matching_data": [{"code": "email", "type": "STRING", "required": true,
				                     "label": [{"lang": "fr", "text": "Courriel"}],
				                     "validators": [{"type": "REGEXP", "attribute": "[A-z]*@[A-z]*"}]}],
				  "selfdata_access": "API",
				  "storage_period": {"value": 6, "unit": "MONTHS"},
				  "selfdata_held": "collectes, pesées",
				  "selfdata_categories": ["IDENTITY_DATA", "LOCATION_DATA"],
				  "treatment_period": {"value": 30, "unit": "DAYS"},
				  "deletable_data": false,
				  "deletion_reason": ["Obligation légale"]
				}}}
				"""));
		((ArrayNode) record.get("available_formats"))
				.removeAll()
				.add(service("generic-data"))
				.add(service("temporal-bar-chart"));
		return record;
	}

	static ObjectNode service(String contract) {
		return (ObjectNode) JSON.readTree("""
				{"media_type": "SERVICE", "media_id": "%s", "media_name": "%s",
				 "connector": {"url": "https://node.example.org/api/%s", "interface_contract": "%s"},
				 "api_documentation_url": "https://node.example.org/api/doc"}
				""".formatted(UUID.nameUUIDFromBytes(contract.getBytes()), contract, contract, contract));
	}

	/** The object at a JSON pointer of {@code record}, to edit it in place. */
	static ObjectNode object(JsonNode record, String pointer) {
		return (ObjectNode) record.at(pointer);
	}

	/** The (code, field) pairs of some problems, for compact assertions. */
	static List<String> problems(List<FieldError> problems) {
		return problems.stream().map(problem -> problem.code() + " " + problem.field()).toList();
	}

	/** The 387 records published by Rennes Métropole (RUDI 1.2.0), copied under test resources. */
	static List<JsonNode> rennes() {
		try (InputStream in = Records.class.getResourceAsStream("/fixtures/rudi/datarennes-metadata-1.2.0.json")) {
			List<JsonNode> records = new ArrayList<>();
			JSON.readTree(in).forEach(records::add);
			return records;
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}
}
