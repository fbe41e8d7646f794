package org.kerys.federation.internal.nodes;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;
import org.kerys.KerysHttpTest;
import org.kerys.TestHttp;
import org.kerys.TestHttp.Answer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What a stopped process leaves is resumed: a request accepted but never applied (Kerys killed between the two),
 * and a report whose next try was due. Both are picked up when Kerys starts ({@link Integrations#resume}, run on
 * {@code ApplicationReadyEvent}) and by the periodic sweep.
 */
@KerysHttpTest
class NodeRecoveryTests {

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	Integrations integrations;

	@Autowired
	ReportSender reports;

	@Test
	void shouldApplyAndReportWhatAStoppedProcessLeft() throws Exception {
		List<String> received = new CopyOnWriteArrayList<>();
		HttpServer node = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		node.createContext("/", exchange -> {
			received.add(exchange.getRequestURI().getPath() + " " + new String(exchange.getRequestBody().readAllBytes()));
			exchange.sendResponseHeaders(204, -1);
			exchange.close();
		});
		node.start();
		try {
			UUID organization = UUID.randomUUID();
			assertThat(TestHttp.admin(port).post("/api/v1/organizations", "{\"organization_id\":\"" + organization
					+ "\",\"organization_name\":\"Reprise " + organization + "\"}").status()).isEqualTo(201);
			Answer registered = TestHttp.admin(port).post("/api/admin/nodes", "{\"name\":\"Reprise\",\"url\":\"http://127.0.0.1:"
					+ node.getAddress().getPort() + "/api/v1\",\"organization_ids\":[\"" + organization
					+ "\"],\"allow_private_network\":true}");
			assertThat(registered.status()).as(registered.body()).isEqualTo(201);
			UUID nodeId = UUID.fromString(registered.json().get("id").asString());

			// accepted (committed) by a process that died before applying it
			UUID request = UUID.randomUUID();
			UUID organizationPush = organization;
			jdbc.sql("""
					insert into integration_requests (id, node_id, kind, method, target_id, body)
					values (?, ?, 'organization', 'POST', ?, cast(? as jsonb))""")
					.params(request, nodeId, organizationPush, "{\"organization_id\":\"" + organization
							+ "\",\"organization_name\":\"Reprise après arrêt\"}")
					.update();
			// and a report whose retry fell due while Kerys was stopped
			UUID earlier = UUID.randomUUID();
			jdbc.sql("""
					insert into integration_requests (id, node_id, kind, method, target_id, status, treated_at,
					  report_state, report_attempts, report_next_at, report_error)
					values (?, ?, 'resource', 'DELETE', ?, 'ko', now(), 'pending', 2, now() - interval '1 minute', 'down')""")
					.params(earlier, nodeId, UUID.randomUUID()).update();

			integrations.resume();
			reports.wake();
			long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
			while (System.nanoTime() < end && received.size() < 2) {
				Thread.sleep(20);
			}
			assertThat(received).anySatisfy(r -> assertThat(r).startsWith("/api/v1/organizations/" + organization + "/report")
					.contains(request.toString()).contains("\"integration_status\":\"OK\""));
			assertThat(received).anySatisfy(r -> assertThat(r).contains(earlier.toString()));
			assertThat(TestHttp.admin(port).get("/api/v1/organizations/" + organization).json().get("organization_name")
					.asString()).isEqualTo("Reprise après arrêt");
			Integer attempts = null;
			while (System.nanoTime() < end) {
				attempts = jdbc.sql("select report_attempts from integration_requests where id = ? and report_state = 'delivered'")
						.param(earlier).query(Integer.class).optional().orElse(null);
				if (attempts != null) {
					break;
				}
				Thread.sleep(20);
			}
			assertThat(attempts).isEqualTo(3);
		}
		finally {
			node.stop(0);
		}
	}
}
