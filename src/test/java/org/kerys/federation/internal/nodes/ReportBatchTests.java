package org.kerys.federation.internal.nodes;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;
import org.kerys.KerysHttpTest;
import org.kerys.TestHttp;
import org.kerys.TestHttp.Answer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Reports are claimed and sent several at a time: each one's try is recorded on its own merits (a node that answers
 * 500 does not hold back nor fail the reports of another one), and each delivered report is sent once. Node reads are
 * reused for a moment, but a change to a node is seen at once.
 */
@KerysHttpTest
class ReportBatchTests {

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	ReportSender reports;

	@Autowired
	Nodes nodes;

	/** A node answering {@code status} to every report; the paths it received, counted. */
	static HttpServer receiver(int status, Map<String, Integer> received) throws Exception {
		HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		server.createContext("/", exchange -> {
			exchange.getRequestBody().readAllBytes();
			received.merge(exchange.getRequestURI().getPath(), 1, Integer::sum);
			exchange.sendResponseHeaders(status, -1);
			exchange.close();
		});
		server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4));
		server.start();
		return server;
	}

	UUID register(String name, HttpServer server, String[] clientId) {
		UUID organization = UUID.randomUUID();
		assertThat(TestHttp.admin(port).post("/api/v1/organizations", "{\"organization_id\":\"" + organization
				+ "\",\"organization_name\":\"" + name + " " + organization + "\"}").status()).isEqualTo(201);
		Answer registered = TestHttp.admin(port).post("/api/admin/nodes", "{\"name\":\"" + name
				+ "\",\"url\":\"http://127.0.0.1:" + server.getAddress().getPort() + "/api/v1\",\"organization_ids\":[\""
				+ organization + "\"],\"allow_private_network\":true}");
		assertThat(registered.status()).as(registered.body()).isEqualTo(201);
		if (clientId != null) {
			clientId[0] = registered.json().get("client_id").asString();
		}
		return UUID.fromString(registered.json().get("id").asString());
	}

	/** A request applied, whose report is due now. */
	UUID treated(UUID nodeId) {
		UUID id = UUID.randomUUID();
		jdbc.sql("""
				insert into integration_requests (id, node_id, kind, method, target_id, status, treated_at, comment,
				  errors, report_state, report_next_at)
				values (?, ?, 'resource', 'POST', ?, 'ok', now(), 'Créé.', '[]', 'pending', now())""")
				.params(id, nodeId, UUID.randomUUID()).update();
		return id;
	}

	@Test
	void shouldRecordEachReportOfABatchOnItsOwnMerits() throws Exception {
		Map<String, Integer> toUp = new ConcurrentHashMap<>();
		Map<String, Integer> toDown = new ConcurrentHashMap<>();
		HttpServer up = receiver(204, toUp);
		HttpServer down = receiver(500, toDown);
		try {
			UUID upNode = register("Lot en ligne", up, null);
			UUID downNode = register("Lot en panne", down, null);
			List<UUID> delivered = new ArrayList<>();
			List<UUID> failed = new ArrayList<>();
			for (int i = 0; i < 2 * ReportSender.BATCH; i++) { // more than a batch, the two nodes' mixed
				delivered.add(treated(upNode));
				failed.add(treated(downNode));
			}
			reports.wake();
			long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
			while (System.nanoTime() < end && (attempted(delivered, "delivered") < delivered.size()
					|| attemptedOnce(failed) < failed.size())) {
				Thread.sleep(20);
			}
			assertThat(attempted(delivered, "delivered")).isEqualTo(delivered.size());
			assertThat(attemptedOnce(failed)).isEqualTo(failed.size());
			// each delivered report reached its node once, with one try recorded
			assertThat(toUp).hasSize(delivered.size()).allSatisfy((path, count) -> assertThat(count).isEqualTo(1));
			for (UUID id : delivered) {
				assertThat(jdbc.sql("select count(*) from integration_report_attempts where request_id = ?").param(id)
						.query(Long.class).single()).isEqualTo(1);
			}
			// the failed ones wait for their next try, with why
			for (UUID id : failed) {
				Map<String, Object> row = jdbc.sql("""
						select report_state, report_attempts, report_error, report_next_at is not null as scheduled
						from integration_requests where id = ?""").param(id).query().singleRow();
				assertThat(row.get("report_state")).isEqualTo("pending");
				assertThat((Integer) row.get("report_attempts")).isBetween(1, ReportSender.TRIES - 1);
				assertThat(row.get("report_error")).isEqualTo("The node answered 500.");
				assertThat(row.get("scheduled")).isEqualTo(true);
				assertThat(jdbc.sql("""
						select http_status from integration_report_attempts where request_id = ? and attempt = 1""")
						.param(id).query(Integer.class).single()).isEqualTo(500);
			}
		}
		finally {
			up.stop(0);
			down.stop(0);
		}
	}

	@Test
	void shouldSeeANodesRevocationAtOnceThoughNodeReadsAreReused() throws Exception {
		HttpServer server = receiver(204, new ConcurrentHashMap<>());
		try {
			String[] clientId = new String[1];
			UUID nodeId = register("Révoqué", server, clientId);
			// read (and so kept for reuse)
			assertThat(nodes.find(nodeId).orElseThrow().revokedAt()).isNull();
			assertThat(nodes.findActiveByClient(clientId[0])).isPresent();
			assertThat(TestHttp.admin(port).delete("/api/admin/nodes/" + nodeId).status()).isEqualTo(204);
			assertThat(nodes.find(nodeId).orElseThrow().revokedAt()).isNotNull();
			assertThat(nodes.findActiveByClient(clientId[0])).isEmpty();
		}
		finally {
			server.stop(0);
		}
	}

	long attempted(List<UUID> ids, String state) {
		return jdbc.sql("select count(*) from integration_requests where id = any(?) and report_state = ?")
				.params(ids.toArray(UUID[]::new), state).query(Long.class).single();
	}

	/** Tried at least once, and to be tried again. */
	long attemptedOnce(List<UUID> ids) {
		return jdbc.sql("""
				select count(*) from integration_requests where id = any(?) and report_state = 'pending'
				  and report_attempts >= 1""").param(ids.toArray(UUID[]::new)).query(Long.class).single();
	}
}
