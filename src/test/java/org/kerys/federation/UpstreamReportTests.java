package org.kerys.federation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.kerys.KerysHttpTest;
import org.kerys.PortalSession;
import org.kerys.TestHttp;
import org.kerys.TestHttp.Answer;
import org.kerys.identity.NodeCredentials;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Node mode in the shared test Kerys, which has no upstream portal: nothing may deliver a report (not even a token
 * this Kerys signed itself), administrators see that node mode is off. The upstream's own reports are checked by
 * {@link UpstreamFederationTests}.
 */
@KerysHttpTest
class UpstreamReportTests {

	private static final String REPORT = """
			{"report_id": "%s", "resource_id": "%s", "integration_status": "OK", "method": "POST", "version": "1.4.0",
			 "comment": "", "integration_errors": []}""";

	@LocalServerPort
	int port;

	@Autowired
	NodeCredentials credentials;

	@Test
	void shouldRefuseReportsWhenNoUpstreamIsConfigured() {
		UUID id = UUID.randomUUID();
		String path = "/api/v1/resources/" + id + "/report";
		String body = REPORT.formatted(UUID.randomUUID(), id);
		Answer anonymous = TestHttp.anonymous(port).put(path, body);
		assertThat(anonymous.status()).isEqualTo(401);
		assertThat(anonymous.json().get("code").asString()).isEqualTo("KRS-401");
		Answer ownToken = TestHttp.anonymous(port)
				.withHeader("Authorization", "Bearer " + credentials.portalToken("some-client")).put(path, body);
		assertThat(ownToken.status()).as(ownToken.body()).isEqualTo(401);
		assertThat(ownToken.json().get("code").asString()).isEqualTo("KRS-401-TOKEN");
		assertThat(TestHttp.admin(port).put(path, body).status()).isEqualTo(403);
		assertThat(TestHttp.admin(port).put("/api/v1/organizations/" + id + "/report", body).status()).isEqualTo(403);
	}

	@Test
	void shouldShowAdministratorsThatNodeModeIsOff() {
		Answer overview = TestHttp.admin(port).get("/api/admin/upstream");
		assertThat(overview.status()).as(overview.body()).isEqualTo(200);
		assertThat(overview.json().get("enabled").asBoolean()).isFalse();
		assertThat(overview.json().get("datasets").isArray()).isTrue();
		assertThat(TestHttp.anonymous(port).get("/api/admin/upstream").status()).isEqualTo(401);

		PortalSession admin = PortalSession.signIn(port, "admin", TestHttp.ADMIN_PASSWORD).orElseThrow();
		Answer french = admin.get("/admin/upstream");
		assertThat(french.status()).isEqualTo(200);
		assertThat(french.body()).contains("Portail amont", "Aucun portail amont n’est configuré");
		Answer english = admin.get("/admin/upstream?lang=en");
		assertThat(english.body()).contains("Upstream portal", "No upstream portal is configured");
		assertThat(PortalSession.anonymous(port).get("/admin/upstream").status()).isEqualTo(302);
	}

	@Test
	void shouldRefuseToPushEverythingWhenNodeModeIsOff() {
		Answer sync = TestHttp.admin(port).post("/api/admin/upstream/sync", "");
		assertThat(sync.status()).as(sync.body()).isEqualTo(409);
		assertThat(sync.json().get("code").asString()).isEqualTo("KRS-409-UPSTREAM-OFF");
		assertThat(TestHttp.anonymous(port).post("/api/admin/upstream/sync", "").status()).isEqualTo(401);

		PortalSession admin = PortalSession.signIn(port, "admin", TestHttp.ADMIN_PASSWORD).orElseThrow();
		String page = admin.get("/admin/upstream?lang=fr").body();
		assertThat(page).contains("Tout pousser à nouveau").doesNotContain("action=\"/admin/upstream/sync\"");
		Answer posted = admin.post("/admin/upstream/sync", java.util.Map.of());
		assertThat(posted.status()).isEqualTo(302);
		assertThat(admin.get("/admin/upstream").body()).contains("Rien n’a été modifié",
				"Aucun portail amont n’est configuré.");
	}

	@Test
	void shouldDescribeNodeModeInOpenApi() {
		String docs = TestHttp.anonymous(port).get("/v3/api-docs").body();
		assertThat(docs).contains("/api/v1/resources/{globalId}/report", "/api/v1/organizations/{organizationId}/report",
				"/api/admin/upstream", "/api/admin/upstream/sync");
	}
}
