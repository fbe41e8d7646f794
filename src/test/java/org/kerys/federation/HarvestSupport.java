package org.kerys.federation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.kerys.TestHttp;
import org.kerys.TestHttp.Answer;
import tools.jackson.databind.JsonNode;

/** What harvest tests do through the API: organisations, nodes, harvests, and waiting for a job to end. */
final class HarvestSupport {

	private final int port;

	HarvestSupport(int port) {
		this.port = port;
	}

	TestHttp admin() {
		return TestHttp.admin(port);
	}

	UUID newOrganization(String name) {
		UUID id = UUID.randomUUID();
		Answer created = admin().post("/api/v1/organizations",
				"{\"organization_id\":\"" + id + "\",\"organization_name\":\"" + name + " " + id + "\"}");
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		return id;
	}

	/** Registers a node allowed the private network; its id. */
	String registerNode(String url, String schedule, UUID... organizations) {
		List<String> ids = new ArrayList<>();
		for (UUID organization : organizations) {
			ids.add("\"" + organization + "\"");
		}
		Answer answer = admin().post("/api/admin/nodes", """
				{"name": "Nœud moissonné", "url": "%s", "organization_ids": [%s], "harvest_schedule": %s,
				 "allow_private_network": true}""".formatted(url, String.join(",", ids),
				schedule == null ? "null" : "\"" + schedule + "\""));
		assertThat(answer.status()).as(answer.body()).isEqualTo(201);
		return answer.json().get("id").asString();
	}

	/** Starts a harvest of the node: its job id. */
	String harvest(String nodeId, boolean full) {
		Answer answer = admin().post("/api/admin/nodes/" + nodeId + "/harvest" + (full ? "?full=true" : ""), "");
		assertThat(answer.status()).as(answer.body()).isEqualTo(202);
		return answer.json().get("job_id").asString();
	}

	/** The job once it ended (up to 60 s). */
	JsonNode awaitJob(String jobId) throws InterruptedException {
		long deadline = System.currentTimeMillis() + 60_000;
		while (true) {
			Answer answer = admin().get("/api/admin/jobs/" + jobId);
			assertThat(answer.status()).as(answer.body()).isEqualTo(200);
			JsonNode job = answer.json();
			if (!"running".equals(job.get("status").asString())) {
				return job;
			}
			if (System.currentTimeMillis() > deadline) {
				throw new AssertionError("The job did not end: " + answer.body());
			}
			Thread.sleep(100);
		}
	}

	static void assertCounts(JsonNode job, int created, int updated, int deleted, int rejected) {
		JsonNode counts = job.get("counts");
		assertThat(List.of(counts.get("created").asInt(), counts.get("updated").asInt(), counts.get("deleted").asInt(),
				counts.get("rejected").asInt())).as(job.toString()).containsExactly(created, updated, deleted, rejected);
	}

	int datasetStatus(String globalId) {
		return admin().get("/api/v1/resources/" + globalId).status();
	}

	JsonNode dataset(String globalId) {
		Answer answer = admin().get("/api/v1/resources/" + globalId);
		assertThat(answer.status()).as(answer.body()).isEqualTo(200);
		return answer.json();
	}
}
