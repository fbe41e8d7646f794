package org.kerys.federation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.kerys.KerysHttpTest;
import org.kerys.PortalSession;
import org.kerys.TestHttp;
import org.kerys.TestHttp.Answer;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * The harvesting pages: a node's harvests and its "harvest now" form, the sources with approval and "run now", a job
 * with its counts and errors; and the harvesting endpoints in the OpenAPI description.
 */
@KerysHttpTest
class HarvestPagesTests {

	@LocalServerPort
	int port;

	@Test
	void shouldHarvestFromThePagesAndShowTheJobs() throws Exception {
		HarvestSupport support = new HarvestSupport(port);
		UUID organization = support.newOrganization("Pages de moissonnage");
		try (HarvestTestNode node = new HarvestTestNode()) {
			node.serve(HarvestTestNode.rennes(organization).subList(0, 3));
			String nodeId = support.registerNode(node.url(), null, organization);
			PortalSession admin = PortalSession.signIn(port, "admin", TestHttp.ADMIN_PASSWORD).orElseThrow();

			Answer nodePage = admin.get("/admin/nodes/" + nodeId);
			assertThat(nodePage.status()).isEqualTo(200);
			assertThat(nodePage.body()).contains("Moissonner maintenant").contains("Aucun moissonnage");
			Answer started = admin.post("/admin/nodes/" + nodeId + "/harvest", Map.of());
			assertThat(started.status()).isEqualTo(302);
			String location = started.header("Location");
			assertThat(location).contains("/admin/jobs/");
			String jobId = location.substring(location.lastIndexOf('/') + 1);
			JsonNode job = support.awaitJob(jobId);
			assertThat(job.get("status").asString()).isEqualTo("succeeded");
			Answer jobPage = admin.get("/admin/jobs/" + jobId);
			assertThat(jobPage.status()).isEqualTo(200);
			assertThat(jobPage.body()).contains("réussi").contains("3 créés").contains("Nœud moissonné");
			assertThat(admin.get("/admin/jobs/" + jobId + "?lang=en").body()).contains("succeeded")
					.contains("3 created");
			assertThat(admin.get("/admin/nodes/" + nodeId + "?lang=fr").body()).contains("/admin/jobs/" + jobId);
			assertThat(admin.get("/admin/jobs/" + UUID.randomUUID()).status()).isEqualTo(404);

			// a source: listed, approved and run from its page; its failure (an address refused) shown with its reason
			String url = "http://127.0.0.1:9/" + UUID.randomUUID();
			Answer created = support.admin().post("/api/admin/harvest-sources", """
					{"type": "rudi", "url": "%s", "organization_id": "%s"}""".formatted(url, organization));
			assertThat(created.status()).isEqualTo(201);
			String sourceId = created.json().get("id").asString();
			assertThat(admin.get("/admin/harvest-sources").body()).contains(url).contains("À approuver");
			String sourcePage = "/admin/harvest-sources/" + sourceId;
			assertThat(admin.get(sourcePage).body()).contains("Approuver").doesNotContain("Moissonner maintenant");
			Answer approved = admin.post(sourcePage + "/approve", Map.of());
			assertThat(approved.status()).isEqualTo(302);
			assertThat(admin.get(sourcePage).body()).contains("Moissonner maintenant").contains("approuvée");
			Answer run = admin.post(sourcePage + "/run", Map.of());
			assertThat(run.status()).isEqualTo(302);
			String sourceJob = run.header("Location").substring(run.header("Location").lastIndexOf('/') + 1);
			JsonNode failed = support.awaitJob(sourceJob);
			assertThat(failed.get("status").asString()).isEqualTo("failed");
			assertThat(admin.get("/admin/jobs/" + sourceJob).body()).contains("échoué").contains("Refused")
					.contains("KRS-HARVEST-FAILED");
			assertThat(admin.get(sourcePage).body()).contains("/admin/jobs/" + sourceJob);
			assertThat(admin.get("/admin").body()).contains("/admin/harvest-sources");
			assertThat(PortalSession.anonymous(port).get("/admin/harvest-sources").status()).isEqualTo(302);
		}
	}

	@Test
	void shouldDescribeTheHarvestingEndpointsInOpenApi() {
		Answer docs = TestHttp.anonymous(port).get("/v3/api-docs");
		assertThat(docs.status()).isEqualTo(200);
		assertThat(docs.json().get("paths").propertyNames()).contains("/api/admin/nodes/{id}/harvest",
				"/api/admin/jobs", "/api/admin/jobs/{jobId}", "/api/admin/harvest-sources",
				"/api/admin/harvest-sources/{id}", "/api/admin/harvest-sources/{id}/approve",
				"/api/admin/harvest-sources/{id}/run");
	}

	@Test
	void shouldRefuseABadApiPrefix() {
		HarvestSupport support = new HarvestSupport(port);
		UUID organization = support.newOrganization("Préfixe");
		Answer refused = support.admin().post("/api/admin/nodes", """
				{"name": "Nœud", "url": "https://node.example.org", "organization_ids": ["%s"], "api_prefix": "a b?"}"""
				.formatted(organization));
		assertThat(refused.status()).isEqualTo(400);
		assertThat(refused.json().get("errors").get(0).get("field").asString()).isEqualTo("api_prefix");
		Answer accepted = support.admin().post("/api/admin/nodes", """
				{"name": "Nœud", "url": "https://node.example.org", "organization_ids": ["%s"], "api_prefix": "/rudi/api/v1"}"""
				.formatted(organization));
		assertThat(accepted.status()).isEqualTo(201);
		assertThat(support.admin().get("/api/admin/nodes/" + accepted.json().get("id").asString()).json()
				.get("api_prefix").asString()).isEqualTo("/rudi/api/v1");
	}
}
