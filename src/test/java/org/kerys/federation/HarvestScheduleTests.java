package org.kerys.federation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.kerys.KerysHttpTest;
import org.kerys.TestHttp.Answer;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** A node's harvest schedule starts harvests by itself (here every second), and stops with the node's revocation. */
@KerysHttpTest
class HarvestScheduleTests {

	@LocalServerPort
	int port;

	@Test
	void shouldHarvestANodeOnItsSchedule() throws Exception {
		HarvestSupport support = new HarvestSupport(port);
		UUID organization = support.newOrganization("Planifiée");
		try (HarvestTestNode node = new HarvestTestNode()) {
			node.serve(HarvestTestNode.rennes(organization).subList(0, 3));
			String nodeId = support.registerNode(node.url(), "* * * * * *", organization);
			JsonNode job = null;
			long deadline = System.currentTimeMillis() + 15_000;
			while (job == null && System.currentTimeMillis() < deadline) {
				Answer jobs = support.admin().get("/api/admin/jobs?node_id=" + nodeId);
				assertThat(jobs.status()).isEqualTo(200);
				for (JsonNode candidate : jobs.json()) {
					if ("succeeded".equals(candidate.get("status").asString())) {
						job = candidate;
					}
				}
				Thread.sleep(200);
			}
			assertThat(job).as("a scheduled harvest succeeded").isNotNull();
			assertThat(job.get("trigger").asString()).isEqualTo("schedule");
			assertThat(support.datasetStatus(node.records().get(0).get("global_id").asString())).isEqualTo(200);

			assertThat(support.admin().delete("/api/admin/nodes/" + nodeId).status()).isEqualTo(204);
			Thread.sleep(1500); // a run already started may end
			int after = support.admin().get("/api/admin/jobs?node_id=" + nodeId + "&limit=100").json().size();
			Thread.sleep(2500);
			assertThat(support.admin().get("/api/admin/jobs?node_id=" + nodeId + "&limit=100").json().size())
					.isEqualTo(after);
		}
	}
}
