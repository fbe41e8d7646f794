package org.kerys.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import org.kerys.KerysHttpTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

@KerysHttpTest
class PlatformTests {

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Test
	void shouldReportHealthUp() throws Exception {
		HttpResponse<String> response = HttpClient.newHttpClient().send(
				HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health")).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\"UP\"");
	}

	@Test
	void shouldRunDurablePostgres17() {
		String version = jdbc.sql("show server_version_num").query(String.class).single();
		if (System.getProperty("kerys.test.external-db") == null) {
			assertThat(Integer.parseInt(version)).isGreaterThanOrEqualTo(170000);
			assertThat(jdbc.sql("show fsync").query(String.class).single()).isEqualTo("on");
			assertThat(jdbc.sql("show synchronous_commit").query(String.class).single()).isEqualTo("on");
		}
		else {
			assertThat(Integer.parseInt(version)).isGreaterThanOrEqualTo(150000);
		}
	}

	@Test
	void shouldPublishPrometheusMetrics() throws Exception {
		HttpResponse<String> response = HttpClient.newHttpClient().send(
				HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/prometheus")).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("jvm_memory_used_bytes");
	}

	@Test
	void shouldAnswerUnknownApiPathsWithAProblem() {
		var answer = org.kerys.TestHttp.anonymous(port).get("/api/v1/no-such-thing");
		assertThat(answer.status()).isEqualTo(404);
		assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
		assertThat(answer.json().get("code").asString()).isEqualTo("KRS-404");
		var tomcat = org.kerys.TestHttp.anonymous(port).get("/api/v1/resources/%2e%2e%2f%00");
		assertThat(tomcat.status()).isBetween(400, 404);
		assertThat(tomcat.body()).doesNotContain("Exception").doesNotContain("at org.");
	}
}
