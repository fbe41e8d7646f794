package org.kerys.federation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import org.kerys.RudiRecords;
import org.kerys.TestHttp;
import org.kerys.TestHttp.Answer;
import org.springframework.core.io.ClassPathResource;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** What the federation tests need in the catalogue: the 387 Rennes records, and restricted and self-data datasets. */
final class FederationFixtures {

	static final UUID RENNES_CITY = UUID.fromString("349b050c-cd74-447c-b82e-b7e7b2553c1d");
	/** One of the Rennes records (Ville de Rennes, theme economy, one JSON file with an MD5). */
	static final String RENNES_RECORD = "efd35c74-65dd-427e-941c-cc9af63d9026";

	private FederationFixtures() {
	}

	/** Imports (or updates) the Rennes records through the bulk import, as the administrator. */
	static void importRennes(int port) {
		try (InputStream in = new ClassPathResource("fixtures/rudi/datarennes-metadata-1.2.0.json").getInputStream()) {
			Answer answer = TestHttp.admin(port).post("/api/v1/resources/import",
					new String(in.readAllBytes(), StandardCharsets.UTF_8));
			assertThat(answer.status()).as(answer.body()).isEqualTo(200);
			assertThat(answer.json().get("rejected").asLong()).isZero();
			awaitSearchable(port, 387);
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	/** Waits (up to 30 s) until the search index, kept in sync by events, finds at least {@code count} datasets. */
	static void awaitSearchable(int port, long count) {
		long deadline = System.currentTimeMillis() + 30_000;
		while (true) {
			Answer answer = TestHttp.anonymous(port).get("/api/search?size=1");
			if (answer.status() == 200 && answer.json().get("total").asLong() >= count) {
				return;
			}
			if (System.currentTimeMillis() > deadline) {
				throw new AssertionError("The search index did not catch up: " + answer.body());
			}
			try {
				Thread.sleep(200);
			}
			catch (InterruptedException e) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(e);
			}
		}
	}

	/** A new restricted dataset (its data only for approved reusers). */
	static ObjectNode restricted(int port, String title) {
		ObjectNode record = RudiRecords.open(title);
		((ObjectNode) record.at("/access_condition/confidentiality")).put("restricted_access", true);
		create(port, record);
		return record;
	}

	/** A new self-data dataset served by API (its GDATA and TPBC services). */
	static ObjectNode selfData(int port, String title) {
		ObjectNode record = RudiRecords.open(title);
		((ObjectNode) record.at("/access_condition/confidentiality")).put("restricted_access", true)
				.put("gdpr_sensitive", true);
		JsonMapper json = JsonMapper.builder().build();
		record.set("ext_metadata", json.readTree("""
				{"ext_selfdata": {"ext_selfdata_content": {
				  "matching_data": [{"code": "email", "type": "STRING", "required": true,
				                     "label": [{"lang": "fr", "text": "Courriel"}]}],
				  "selfdata_access": "API",
				  "selfdata_held": "collectes, pesées",
				  "selfdata_categories": ["IDENTITY_DATA"],
				  "storage_period": {"value": 6, "unit": "MONTHS"},
				  "treatment_period": {"value": 30, "unit": "DAYS"},
				  "deletable_data": false,
				  "deletion_reason": ["Obligation légale"]
				}}}"""));
		record.set("available_formats", json.readTree("""
				[{"media_type": "SERVICE", "media_id": "%s", "media_name": "generic-data",
				  "connector": {"url": "https://node.example.org/api/gdata", "interface_contract": "generic-data"}},
				 {"media_type": "SERVICE", "media_id": "%s", "media_name": "temporal-bar-chart",
				  "connector": {"url": "https://node.example.org/api/tpbc", "interface_contract": "temporal-bar-chart"}}]
				""".formatted(UUID.randomUUID(), UUID.randomUUID())));
		create(port, record);
		return record;
	}

	static void create(int port, ObjectNode record) {
		Answer created = TestHttp.admin(port).post("/api/v1/resources", RudiRecords.write(record));
		assertThat(created.status()).as(created.body()).isEqualTo(201);
	}
}
