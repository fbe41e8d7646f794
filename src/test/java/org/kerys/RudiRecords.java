package org.kerys;

import java.util.UUID;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Valid RUDI Metadata 1.4.0 records for tests, with fresh identifiers each time. */
public final class RudiRecords {

	private static final JsonMapper json = JsonMapper.builder().build();

	private RudiRecords() {
	}

	/** An open dataset with one FILE media of {@code size} bytes whose MD5 is {@code md5}. */
	public static ObjectNode open(String title, UUID producerId, String producerName, String md5, long size) {
		UUID globalId = UUID.randomUUID();
		String text = """
				{
				  "global_id": "%s",
				  "local_id": "local-%s",
				  "resource_title": "%s",
				  "synopsis": [{"lang": "fr", "text": "Synopsis de %s"}, {"lang": "en", "text": "Synopsis of %s"}],
				  "summary": [{"lang": "fr", "text": "Résumé détaillé de %s"}],
				  "theme": "economy",
				  "keywords": ["budget", "finances"],
				  "producer": {"organization_id": "%s", "organization_name": "%s"},
				  "contacts": [{"contact_id": "%s", "contact_name": "Service données", "email": "donnees@example.org"}],
				  "available_formats": [{
				    "media_type": "FILE",
				    "media_id": "%s",
				    "media_name": "data.csv",
				    "connector": {"url": "https://example.org/data.csv", "interface_contract": "dwnl"},
				    "file_type": "text/csv",
				    "file_size": %d,
				    "checksum": {"algo": "MD5", "hash": "%s"}
				  }],
				  "resource_languages": ["fr"],
				  "dataset_dates": {"created": "2024-01-15T10:00:00+01:00", "updated": "2024-02-01T08:30:00Z"},
				  "storage_status": "online",
				  "access_condition": {
				    "confidentiality": {"restricted_access": false, "gdpr_sensitive": false},
				    "licence": {"licence_type": "STANDARD", "licence_label": "odbl-1.0"}
				  },
				  "metadata_info": {"api_version": "1.4.0"}
				}""".formatted(globalId, globalId, title, title, title, title, producerId, producerName,
				UUID.randomUUID(), UUID.randomUUID(), size, md5);
		return (ObjectNode) json.readTree(text);
	}

	public static ObjectNode open(String title) {
		return open(title, UUID.randomUUID(), "Producteur " + title, "d41d8cd98f00b204e9800998ecf8427e", 0);
	}

	public static String write(ObjectNode record) {
		return json.writeValueAsString(record);
	}
}
