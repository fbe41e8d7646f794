package org.kerys.federation.harvest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.kerys.KerysHttpTest;
import org.kerys.TestHttp;
import org.kerys.TestHttp.Answer;
import org.kerys.federation.internal.harvest.RecordedSource;
import org.kerys.federation.internal.harvest.RecordedSource.Reply;
import org.kerys.federation.internal.harvest.RemoteCatalogue;
import org.kerys.federation.internal.harvest.RemoteCatalogue.Entry;
import org.kerys.federation.internal.harvest.ckan.CkanCatalogue;
import org.kerys.federation.internal.harvest.dcat.DcatCatalogue;
import org.kerys.federation.internal.harvest.opendatasoft.OpendatasoftCatalogue;
import org.springframework.boot.test.web.server.LocalServerPort;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the CKAN, DCAT-AP and Opendatasoft readers map is accepted by the catalogue as it is: each record, given a
 * global id and a producer as the harvest engine does, is created through {@code POST /api/v1/resources} and shown on
 * the portal.
 */
@KerysHttpTest
class HarvestedRecordsHttpTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@LocalServerPort
	int port;

	@Test
	void shouldPublishEveryHarvestedRecordThroughTheProducerApi() throws Exception {
		String producer = UUID.randomUUID().toString();
		Answer organization = TestHttp.admin(port).post("/api/v1/organizations",
				"{\"organization_id\":\"" + producer + "\",\"organization_name\":\"Source moissonnée\"}");
		assertThat(organization.status()).as(organization.body()).isEqualTo(201);

		List<Entry> entries = new ArrayList<>();
		try (RecordedSource ckan = new RecordedSource(request -> Reply.ok("application/json",
				onePage("ckan/package_search-", "/result/results", "/result/count", 0, 2, 4)))) {
			entries.addAll(mapped(new CkanCatalogue(ckan.uri("/"), RecordedSource.outbound(), true)));
		}
		try (RecordedSource ods = new RecordedSource(request -> Reply.ok("application/json",
				onePage("opendatasoft/datasets-", "/results", "/total_count", 0, 2)))) {
			entries.addAll(mapped(new OpendatasoftCatalogue(ods.uri("/"), RecordedSource.outbound(), true)));
		}
		try (RecordedSource dcat = new RecordedSource(request -> Reply.ok("text/turtle",
				RecordedSource.file("dcat/catalog-" + request.query().getOrDefault("page", "1") + ".ttl")))) {
			entries.addAll(mapped(new DcatCatalogue(dcat.uri("/catalog"), RecordedSource.outbound(), true)));
		}
		assertThat(entries).hasSize(4 + 2 + 3);

		for (Entry entry : entries) {
			String id = UUID.randomUUID().toString();
			ObjectNode record = (ObjectNode) entry.metadata().deepCopy();
			record.put("global_id", id);
			record.putObject("producer").put("organization_id", producer).put("organization_name", "Source moissonnée");
			Answer created = TestHttp.admin(port).post("/api/v1/resources", JSON.writeValueAsString(record));
			assertThat(created.status()).as(entry.remoteId() + ": " + created.body()).isEqualTo(201);
			Answer page = TestHttp.anonymous(port).get("/datasets/" + id);
			assertThat(page.status()).as(entry.remoteId()).isEqualTo(200);
		}
	}

	private static List<Entry> mapped(RemoteCatalogue catalogue) throws RemoteCatalogue.HarvestFailure {
		return RecordedSource.all(catalogue, null).stream().filter(e -> e.problem() == null).toList();
	}

	/** The recorded pages of a JSON source merged into one page (the readers' public page size is larger). */
	private static String onePage(String prefix, String results, String count, int... starts) {
		ObjectNode first = null;
		ArrayNode all = JSON.createArrayNode();
		for (int start : starts) {
			ObjectNode page = (ObjectNode) JSON.readTree(RecordedSource.file(prefix + start + ".json"));
			first = first == null ? page : first;
			all.addAll((ArrayNode) page.at(results));
		}
		String parent = results.substring(0, results.lastIndexOf('/'));
		ObjectNode holder = parent.isEmpty() ? first : (ObjectNode) first.at(parent);
		holder.set(results.substring(results.lastIndexOf('/') + 1), all);
		holder.put(count.substring(count.lastIndexOf('/') + 1), all.size());
		return JSON.writeValueAsString(first);
	}
}
