package org.kerys.federation;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.kerys.KerysHttpTest;
import org.kerys.PortalSession;
import org.kerys.TestHttp;
import org.kerys.TestHttp.Answer;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** The administration pages of producer nodes: the list, and a node with its requests, errors and report tries. */
@KerysHttpTest
class NodePagesTests {

	@LocalServerPort
	int port;

	@Test
	void shouldShowNodesAndTheirIntegrationRequestsToAdministrators() throws Exception {
		UUID organization = UUID.randomUUID();
		String name = "Nœud pages " + organization.toString().substring(0, 8);
		assertThat(TestHttp.admin(port).post("/api/v1/organizations", "{\"organization_id\":\"" + organization
				+ "\",\"organization_name\":\"Organisation " + name + "\"}").status()).isEqualTo(201);
		// a node that may not reach the private network: its report is refused and that is shown
		Answer registered = TestHttp.admin(port).post("/api/admin/nodes", "{\"name\":\"" + name
				+ "\",\"url\":\"http://127.0.0.1:9/api/v1\",\"organization_ids\":[\"" + organization + "\"]}");
		assertThat(registered.status()).as(registered.body()).isEqualTo(201);
		JsonNode node = registered.json();
		TestHttp anonymous = TestHttp.anonymous(port);
		String token = anonymous.send(anonymous.request("/oauth/token")
				.header("Authorization", "Basic " + Base64.getEncoder().encodeToString((node.get("client_id").asString()
						+ ":" + node.get("client_secret").asString()).getBytes(StandardCharsets.UTF_8)))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials"))).json().get("access_token")
				.asString();
		String globalId = UUID.randomUUID().toString();
		Answer pushed = anonymous.withHeader("Authorization", "Bearer " + token).post("/kalim/v1/resources",
				"{\"global_id\":\"" + globalId + "\",\"resource_title\":\"\"}");
		assertThat(pushed.status()).isEqualTo(202);
		String nodePage = "/admin/nodes/" + node.get("id").asString();
		long end = System.nanoTime() + 10_000_000_000L;
		while (System.nanoTime() < end && !TestHttp.admin(port).get("/api/admin/nodes/" + node.get("id").asString())
				.body().contains("\"report_state\":\"failed\"")) {
			Thread.sleep(50);
		}

		PortalSession admin = PortalSession.signIn(port, "admin", TestHttp.ADMIN_PASSWORD).orElseThrow();
		Answer list = admin.get("/admin/nodes");
		assertThat(list.status()).isEqualTo(200);
		assertThat(list.body()).contains(name).contains(nodePage).contains("Nœuds producteurs");
		Answer page = admin.get(nodePage);
		assertThat(page.status()).isEqualTo(200);
		assertThat(page.body()).contains(name).contains(node.get("client_id").asString()).contains(globalId)
				.contains("KO").contains("ERR-202").contains("ERR-308").contains("non remis").contains("Refused");
		assertThat(admin.get(nodePage + "?lang=en").body()).contains("Integration requests").contains("not delivered");
		assertThat(admin.get("/admin/nodes/" + UUID.randomUUID()).status()).isEqualTo(404);
		assertThat(admin.get("/admin").body()).contains("/admin/nodes");
		assertThat(PortalSession.anonymous(port).get("/admin/nodes").status()).isEqualTo(302);
	}

	@Test
	void shouldDescribeTheNodeEndpointsInOpenApi() {
		Answer docs = TestHttp.anonymous(port).get("/v3/api-docs");
		assertThat(docs.status()).isEqualTo(200);
		assertThat(docs.json().get("paths").propertyNames()).contains("/api/admin/nodes", "/api/admin/nodes/{id}",
				"/kalim/v1/resources", "/kalim/v1/resources/{globalId}", "/konsult/v1/datasets/{globalId}/metadatas",
				"/strukture/v1/organizations/request");
	}
}
