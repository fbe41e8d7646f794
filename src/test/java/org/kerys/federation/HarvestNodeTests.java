package org.kerys.federation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.kerys.federation.HarvestSupport.assertCounts;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.kerys.KerysHttpTest;
import org.kerys.TestHttp.Answer;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Harvesting a RUDI producer node: the 387 real records of Rennes, paged; then what changed and what was deleted
 * upstream; then a node that fails in every way a node fails (down, 5xx, malformed JSON, lying about its total):
 * the job fails with the reason, what was not delivered is untouched, and the next run resumes.
 */
@KerysHttpTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HarvestNodeTests {

	@LocalServerPort
	int port;

	HarvestSupport support;
	HarvestTestNode node;

	@BeforeAll
	void start() throws Exception {
		support = new HarvestSupport(port);
		node = new HarvestTestNode();
	}

	@AfterAll
	void stop() {
		node.close();
	}

	@Test
	void shouldHarvestANodeThenItsChangesAndSurviveItsFailures() throws Exception {
		UUID city = support.newOrganization("Ville de Rennes");
		UUID metropolis = support.newOrganization("Rennes Métropole");
		List<ObjectNode> records = HarvestTestNode.rennes(city, metropolis);
		node.serve(records);
		String nodeId = support.registerNode(node.url(), null, city, metropolis);

		// the whole catalogue, paged (100 a page)
		JsonNode first = support.awaitJob(support.harvest(nodeId, false));
		assertThat(first.get("status").asString()).as(first.toString()).isEqualTo("succeeded");
		assertCounts(first, 387, 0, 0, 0);
		assertThat(first.get("full").asBoolean()).isTrue();
		assertThat(first.get("pages").asInt()).isEqualTo(4);
		assertThat(first.get("node_id").asString()).isEqualTo(nodeId);
		for (ObjectNode record : records) {
			assertThat(support.datasetStatus(record.get("global_id").asString())).isEqualTo(200);
		}
		JsonNode stored = support.dataset(records.get(0).get("global_id").asString());
		assertThat(stored.at("/producer/organization_id").asString()).isEqualTo(city.toString());

		// changed and deleted upstream: only those come back (updated_after), and are reflected
		for (int i = 0; i < 5; i++) {
			node.change(i, "Titre changé " + i);
		}
		for (int i = 10; i < 13; i++) {
			node.delete(i);
		}
		JsonNode second = support.awaitJob(support.harvest(nodeId, false));
		assertThat(second.get("status").asString()).as(second.toString()).isEqualTo("succeeded");
		assertThat(second.get("full").asBoolean()).isFalse();
		assertCounts(second, 0, 5, 3, 0);
		assertThat(support.dataset(id(0)).get("resource_title").asString()).isEqualTo("Titre changé 0");
		for (int i = 10; i < 13; i++) {
			assertThat(support.datasetStatus(id(i))).isEqualTo(404);
		}

		// a node that answers 5xx or malformed JSON, or is down: nothing delivered, nothing touched
		node.change(20, "Changé pendant la panne");
		assertFailure(nodeId, HarvestTestNode.Behaviour.ERROR_5XX, false, "503");
		assertFailure(nodeId, HarvestTestNode.Behaviour.MALFORMED, false, "JSON");
		node.down();
		try {
			JsonNode down = support.awaitJob(support.harvest(nodeId, false));
			assertThat(down.get("status").asString()).isEqualTo("failed");
			assertThat(down.get("reason").asString()).contains("Could not reach");
		}
		finally {
			node.up();
		}
		assertThat(support.dataset(id(20)).get("resource_title").asString()).isNotEqualTo("Changé pendant la panne");

		// a node that lies about its total: what it delivered is applied, the rest untouched, and a full harvest
		// that did not complete removes nothing
		String vanished = id(30);
		node.records().remove(30);
		assertFailure(nodeId, HarvestTestNode.Behaviour.TOTAL_TOO_HIGH, true, "announced");
		assertThat(support.dataset(id(20)).get("resource_title").asString()).isEqualTo("Changé pendant la panne");
		assertThat(support.datasetStatus(vanished)).isEqualTo(200);
		for (int i = 100; i < 110; i++) {
			node.change(i, "Changé avant une page vide " + i);
		}
		assertFailure(nodeId, HarvestTestNode.Behaviour.EMPTY_EARLY, true, "announced");
		assertThat(support.datasetStatus(vanished)).isEqualTo(200);
		for (int i = 100; i < 110; i++) {
			assertThat(support.dataset(id(i)).get("resource_title").asString())
					.isNotEqualTo("Changé avant une page vide " + i);
		}

		// the node fixed, the next run resumes from the last success: what it had not delivered comes now
		JsonNode resumed = support.awaitJob(support.harvest(nodeId, false));
		assertThat(resumed.get("status").asString()).as(resumed.toString()).isEqualTo("succeeded");
		assertCounts(resumed, 0, 10, 0, 0);
		assertThat(support.dataset(id(105)).get("resource_title").asString()).isEqualTo("Changé avant une page vide 105");

		// a complete full harvest removes what the node no longer lists
		JsonNode full = support.awaitJob(support.harvest(nodeId, true));
		assertThat(full.get("status").asString()).as(full.toString()).isEqualTo("succeeded");
		assertCounts(full, 0, 0, 1, 0);
		assertThat(full.at("/counts/unchanged").asInt()).isEqualTo(node.records().size());
		assertThat(support.datasetStatus(vanished)).isEqualTo(404);
		for (int i = 0; i < node.records().size(); i++) {
			assertThat(support.datasetStatus(id(i))).as("dataset %d", i).isEqualTo(i >= 10 && i < 13 ? 404 : 200);
		}

		Answer list = support.admin().get("/api/admin/jobs?node_id=" + nodeId);
		assertThat(list.status()).isEqualTo(200);
		assertThat(list.json().size()).isEqualTo(9);
		assertThat(list.json().get(0).get("job_id").asString()).isEqualTo(full.get("job_id").asString());
		assertThat(list.json().get(0).has("errors")).isFalse();
	}

	@Test
	void shouldRejectRecordsOfAnotherProducerAndRunOneJobAtATime() throws Exception {
		UUID ours = support.newOrganization("Nôtre");
		UUID theirs = support.newOrganization("Autre");
		try (HarvestTestNode slow = new HarvestTestNode()) {
			List<ObjectNode> records = HarvestTestNode.rennes(ours, theirs).subList(0, 4);
			slow.serve(records);
			String nodeId = support.registerNode(slow.url(), null, ours);
			slow.behaviour = HarvestTestNode.Behaviour.SLOW;
			slow.slowMillis = 1500;
			String jobId = support.harvest(nodeId, false);
			Answer again = support.admin().post("/api/admin/nodes/" + nodeId + "/harvest", "");
			assertThat(again.status()).as(again.body()).isEqualTo(409);
			assertThat(again.json().get("code").asString()).isEqualTo("KRS-409-HARVEST-RUNNING");
			JsonNode running = support.admin().get("/api/admin/jobs/" + jobId).json();
			assertThat(running.get("status").asString()).isEqualTo("running");

			JsonNode job = support.awaitJob(jobId);
			assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("succeeded");
			assertCounts(job, 2, 0, 0, 2);
			JsonNode error = job.get("errors").get(0);
			assertThat(error.get("code").asString()).isEqualTo("ERR-403");
			assertThat(error.get("remote_id").asString()).isEqualTo(records.get(1).get("global_id").asString());
			assertThat(error.get("message").asString()).contains(theirs.toString());
		}
	}

	@Test
	void shouldAnswerJobsAndHarvestsOfUnknownThingsWithStableCodes() {
		Answer unknownJob = support.admin().get("/api/admin/jobs/" + UUID.randomUUID());
		assertThat(unknownJob.status()).isEqualTo(404);
		assertThat(unknownJob.json().get("code").asString()).isEqualTo("KRS-404-JOB");
		assertThat(support.admin().get("/api/admin/jobs/not-a-uuid").status()).isEqualTo(404);
		Answer badFilter = support.admin().get("/api/admin/jobs?node_id=nope");
		assertThat(badFilter.status()).isEqualTo(400);
		assertThat(badFilter.json().get("code").asString()).isEqualTo("KRS-400-JOB-FILTER");
		assertThat(support.admin().get("/api/admin/jobs?limit=0").status()).isEqualTo(400);
		assertThat(support.admin().get("/api/admin/jobs").status()).isEqualTo(200);
		Answer unknownNode = support.admin().post("/api/admin/nodes/" + UUID.randomUUID() + "/harvest", "");
		assertThat(unknownNode.status()).isEqualTo(404);
		assertThat(unknownNode.json().get("code").asString()).isEqualTo("KRS-404-NODE");
	}

	private void assertFailure(String nodeId, HarvestTestNode.Behaviour behaviour, boolean full, String reason)
			throws InterruptedException {
		node.behaviour = behaviour;
		JsonNode job = support.awaitJob(support.harvest(nodeId, full));
		assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("failed");
		assertThat(job.get("reason").asString()).as(behaviour.name()).contains(reason);
		assertThat(job.get("finished_at").isNull()).isFalse();
		JsonNode last = job.get("errors").get(job.get("errors").size() - 1);
		assertThat(last.get("code").asString()).isEqualTo("KRS-HARVEST-FAILED");
		assertThat(job.at("/counts/deleted").asInt()).isZero();
		node.behaviour = HarvestTestNode.Behaviour.NORMAL;
	}

	private String id(int index) {
		return node.records().get(index).get("global_id").asString();
	}
}
