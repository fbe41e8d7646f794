package org.kerys.federation;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.kerys.KerysHttpTest;
import org.kerys.PortalSession;
import org.kerys.TestHttp;
import org.kerys.TestHttp.Answer;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * The administration pages of producer nodes: the list and the registration form, and a node with its last errors,
 * harvests, requests and report tries, where it is revoked or given new credentials; and the API's view of a node.
 */
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

		// a harvest of the node fails (its private address is refused): it is among its jobs and its last errors
		Answer harvest = TestHttp.admin(port).post("/api/admin/nodes/" + node.get("id").asString() + "/harvest", "");
		assertThat(harvest.status()).as(harvest.body()).isEqualTo(202);
		String job = harvest.json().get("job_id").asString();
		JsonNode view = null;
		end = System.nanoTime() + 10_000_000_000L;
		while (System.nanoTime() < end) {
			view = TestHttp.admin(port).get("/api/admin/nodes/" + node.get("id").asString()).json();
			if ("failed".equals(view.at("/harvest_jobs/0/status").asString())) {
				break;
			}
			Thread.sleep(50);
		}
		assertThat(view.at("/harvest_jobs/0/job_id").asString()).isEqualTo(job);
		assertThat(view.at("/harvest_jobs/0/status").asString()).isEqualTo("failed");
		assertThat(view.get("harvest_jobs").get(0).has("counts")).isTrue();
		assertThat(view.get("last_errors").valueStream().map(e -> e.get("kind").asString()))
				.contains("integration", "report", "harvest");
		assertThat(view.get("last_errors").valueStream().filter(e -> "integration".equals(e.get("kind").asString()))
				.findFirst().orElseThrow().get("code").asString()).isEqualTo("ERR-202");
		assertThat(view.get("last_errors").valueStream().filter(e -> "harvest".equals(e.get("kind").asString()))
				.findFirst().orElseThrow().get("job_id").asString()).isEqualTo(job);
		page = admin.get(nodePage + "?lang=fr");
		assertThat(page.body()).contains("Dernières erreurs", "demande refusée", "rapport non remis au nœud",
				"moissonnage échoué", "/admin/jobs/" + job);
		assertThat(admin.get(nodePage + "?lang=en").body()).contains("Last errors", "harvest failed");
		assertThat(admin.get("/admin/nodes/" + UUID.randomUUID()).status()).isEqualTo(404);
		assertThat(admin.get("/admin").body()).contains("/admin/nodes");
		assertThat(PortalSession.anonymous(port).get("/admin/nodes").status()).isEqualTo(302);
	}

	@Test
	void shouldRegisterRenewAndRevokeANodeFromThePages() {
		UUID organization = organization("Formulaire");
		PortalSession admin = PortalSession.signIn(port, "admin", TestHttp.ADMIN_PASSWORD).orElseThrow();
		Answer list = admin.get("/admin/nodes");
		assertThat(list.body()).contains("Inscrire un nœud", "name=\"organization_ids\"", organization.toString());

		// everything wrong: every problem is said, at its field, and what was typed comes back (escaped)
		Answer refused = admin.post("/admin/nodes", Map.of("name", " ", "url", "ftp://noeud.example.org/<x>",
				"harvest_schedule", "toutes les heures", "api_prefix", "pas un chemin"));
		assertThat(refused.status()).isEqualTo(302);
		assertThat(refused.header("Location")).endsWith("/admin/nodes#register-heading");
		String form = admin.get("/admin/nodes").body();
		assertThat(form).contains("Rien n’a été modifié", "Ce champ ne peut pas être vide",
				"Une adresse http ou https absolue", "Choisissez au moins une organisation", "Une expression cron",
				"Un chemin comme /api/v1", "aria-invalid=\"true\"", "ftp://noeud.example.org/&lt;x&gt;",
				"toutes les heures");
		assertThat(form).doesNotContain("<x>");

		// registered: the credentials are shown once, on the node's page, and work
		String name = "<b>Nœud</b> formulaire " + organization.toString().substring(0, 8);
		Answer registered = admin.post("/admin/nodes", Map.of("name", name, "url", "https://noeud.example.org/api/v1",
				"organization_ids", List.of(organization.toString()), "harvest_schedule", "0 3 * * *", "api_prefix", "",
				"allow_private_network", "true"));
		assertThat(registered.status()).isEqualTo(302);
		String nodePage = registered.header("Location").replaceFirst("^https?://[^/]+", "");
		assertThat(nodePage).matches("/admin/nodes/[0-9a-f-]{36}");
		String shown = admin.get(nodePage).body();
		String[] first = credentials(shown);
		assertThat(shown).contains("Le nœud &lt;b&gt;Nœud&lt;/b&gt; formulaire", "Identifiants du nœud")
				.doesNotContain("<b>Nœud</b>");
		assertThat(tokenStatus(first)).isEqualTo(200);
		assertThat(admin.get(nodePage).body()).as("the secret is shown once").doesNotContain(first[1]);
		String id = nodePage.substring(nodePage.lastIndexOf('/') + 1);
		JsonNode node = TestHttp.admin(port).get("/api/admin/nodes/" + id).json();
		assertThat(node.get("client_id").asString()).isEqualTo(first[0]);
		assertThat(node.get("harvest_schedule").asString()).isEqualTo("0 3 * * *");
		assertThat(node.get("allow_private_network").asBoolean()).isTrue();
		assertThat(node.get("organization_ids").get(0).asString()).isEqualTo(organization.toString());
		assertThat(node.get("harvest_jobs").isArray()).isTrue();
		assertThat(node.get("last_errors").isArray()).isTrue();

		// new credentials: the old client is refused at once, the new one works
		Answer renewed = admin.post(nodePage + "/secret", Map.of());
		assertThat(renewed.status()).isEqualTo(302);
		shown = admin.get(nodePage).body();
		String[] second = credentials(shown);
		assertThat(shown).contains("Nouveaux identifiants du nœud");
		assertThat(second[0]).isNotEqualTo(first[0]);
		assertThat(tokenStatus(first)).isEqualTo(401);
		assertThat(tokenStatus(second)).isEqualTo(200);
		assertThat(admin.get(nodePage + "?lang=en").body()).contains("Renew the credentials", "Revoke the node");
		admin.get(nodePage + "?lang=fr");

		// a form posted without the page's CSRF token is refused
		assertThat(admin.post(nodePage + "/revoke", Map.of("_csrf", "not-the-token")).status()).isEqualTo(403);
		assertThat(tokenStatus(second)).isEqualTo(200);

		// revoked: its client is refused, the page says so and offers no more changes
		Answer revoked = admin.post(nodePage + "/revoke", Map.of());
		assertThat(revoked.status()).isEqualTo(302);
		shown = admin.get(nodePage).body();
		assertThat(shown).contains("est révoqué", "Révoqué le").doesNotContain("/secret\"", "/revoke\"");
		assertThat(tokenStatus(second)).isEqualTo(401);
		admin.get("/admin/nodes");
		assertThat(admin.post(nodePage + "/secret", Map.of()).status()).isEqualTo(302);
		assertThat(admin.get(nodePage).body()).contains("Ce nœud est révoqué");
		assertThat(admin.post("/admin/nodes/" + UUID.randomUUID() + "/revoke", Map.of()).status()).isEqualTo(404);
	}

	@Test
	void shouldRenewANodesCredentialsWithTheApi() {
		UUID organization = organization("Renouvellement");
		TestHttp api = TestHttp.admin(port);
		Answer registered = api.post("/api/admin/nodes", "{\"name\":\"Nœud renouvelé\",\"url\":"
				+ "\"https://noeud.example.org/api/v1\",\"organization_ids\":[\"" + organization + "\"]}");
		assertThat(registered.status()).as(registered.body()).isEqualTo(201);
		String id = registered.json().get("id").asString();
		String[] first = { registered.json().get("client_id").asString(),
				registered.json().get("client_secret").asString() };
		Answer renewed = api.post("/api/admin/nodes/" + id + "/secret", "");
		assertThat(renewed.status()).as(renewed.body()).isEqualTo(200);
		assertThat(renewed.json().get("id").asString()).isEqualTo(id);
		String[] second = { renewed.json().get("client_id").asString(), renewed.json().get("client_secret").asString() };
		assertThat(second[0]).isNotEqualTo(first[0]);
		assertThat(tokenStatus(first)).isEqualTo(401);
		assertThat(tokenStatus(second)).isEqualTo(200);
		assertThat(api.get("/api/admin/nodes/" + id).json().get("client_id").asString()).isEqualTo(second[0]);

		assertThat(api.delete("/api/admin/nodes/" + id).status()).isEqualTo(204);
		Answer revoked = api.post("/api/admin/nodes/" + id + "/secret", "");
		assertThat(revoked.status()).as(revoked.body()).isEqualTo(409);
		assertThat(revoked.json().get("code").asString()).isEqualTo("KRS-409-NODE-REVOKED");
		Answer unknown = api.post("/api/admin/nodes/" + UUID.randomUUID() + "/secret", "");
		assertThat(unknown.status()).isEqualTo(404);
		assertThat(unknown.json().get("code").asString()).isEqualTo("KRS-404-NODE");
		assertThat(api.post("/api/admin/nodes/not-a-uuid/secret", "").status()).isEqualTo(404);
		assertThat(TestHttp.anonymous(port).post("/api/admin/nodes/" + id + "/secret", "").status()).isEqualTo(401);
	}

	@Test
	void shouldShowANodeWhoseReportWaitsForItsNextTry() throws Exception {
		UUID organization = organization("Essai suivant");
		// a public name that does not resolve here: the report's delivery fails and is tried again later
		Answer registered = TestHttp.admin(port).post("/api/admin/nodes", "{\"name\":\"Nœud injoignable\",\"url\":"
				+ "\"https://noeud.invalid/api/v1\",\"organization_ids\":[\"" + organization + "\"]}");
		assertThat(registered.status()).as(registered.body()).isEqualTo(201);
		String id = registered.json().get("id").asString();
		String[] credentials = { registered.json().get("client_id").asString(),
				registered.json().get("client_secret").asString() };
		TestHttp anonymous = TestHttp.anonymous(port);
		String token = anonymous.send(anonymous.request("/oauth/token")
				.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
						(credentials[0] + ":" + credentials[1]).getBytes(StandardCharsets.UTF_8)))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials"))).json().get("access_token")
				.asString();
		assertThat(anonymous.withHeader("Authorization", "Bearer " + token).post("/kalim/v1/resources",
				"{\"global_id\":\"" + UUID.randomUUID() + "\",\"resource_title\":\"\"}").status()).isEqualTo(202);
		long end = System.nanoTime() + 10_000_000_000L;
		JsonNode request = null;
		while (System.nanoTime() < end) {
			request = TestHttp.admin(port).get("/api/admin/nodes/" + id).json().at("/integration_requests/0");
			if (request.path("report_attempts").asInt() >= 1) {
				break;
			}
			Thread.sleep(50);
		}
		assertThat(request.path("report_state").asString()).as(request.toString()).isEqualTo("pending");
		PortalSession admin = PortalSession.signIn(port, "admin", TestHttp.ADMIN_PASSWORD).orElseThrow();
		Answer page = admin.get("/admin/nodes/" + id + "?lang=fr");
		assertThat(page.status()).isEqualTo(200);
		assertThat(page.body()).contains("prochain essai", "</html>");
	}

	private UUID organization(String label) {
		UUID organization = UUID.randomUUID();
		Answer created = TestHttp.admin(port).post("/api/v1/organizations", "{\"organization_id\":\"" + organization
				+ "\",\"organization_name\":\"" + label + " " + organization.toString().substring(0, 8) + "\"}");
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		return organization;
	}

	/** The client id and secret a node's page shows once. */
	private static String[] credentials(String page) {
		Matcher secret = Pattern.compile("<code class=\"secret\">([^<]+)</code>").matcher(page);
		Matcher client = Pattern.compile("id=\"secret-heading\".*?<code>([^<]+)</code>", Pattern.DOTALL).matcher(page);
		assertThat(secret.find()).as("a secret on the page").isTrue();
		assertThat(client.find()).as("a client id on the page").isTrue();
		return new String[] { client.group(1), secret.group(1) };
	}

	private int tokenStatus(String[] credentials) {
		TestHttp anonymous = TestHttp.anonymous(port);
		return anonymous.send(anonymous.request("/oauth/token")
				.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
						(credentials[0] + ":" + credentials[1]).getBytes(StandardCharsets.UTF_8)))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials"))).status();
	}

	@Test
	void shouldDescribeTheNodeEndpointsInOpenApi() {
		Answer docs = TestHttp.anonymous(port).get("/v3/api-docs");
		assertThat(docs.status()).isEqualTo(200);
		assertThat(docs.json().get("paths").propertyNames()).contains("/api/admin/nodes", "/api/admin/nodes/{id}",
				"/kalim/v1/resources", "/kalim/v1/resources/{globalId}", "/konsult/v1/datasets/{globalId}/metadatas",
				"/strukture/v1/organizations/request", "/api/admin/nodes/{id}/secret");
		assertThat(docs.json().at("/paths/~1api~1admin~1nodes~1{id}/get/description").asString())
				.contains("harvest_jobs", "last_errors");
	}
}
