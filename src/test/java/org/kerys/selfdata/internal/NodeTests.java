package org.kerys.selfdata.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.kerys.TestHttp;
import org.kerys.TestHttp.Answer;
import org.kerys.selfdata.SelfdataFixtures.TestNode;
import org.springframework.util.unit.DataSize;
import tools.jackson.databind.JsonNode;

/** What the self-data HTTP tests share: a test node allowed on the loopback, and waiting for a request to close. */
final class NodeTests {

	private NodeTests() {
	}

	/** Short timeouts, small limits, the test node on the loopback allowed (with a credential header). */
	static SelfdataSettings allowing(TestNode node) {
		return new SelfdataSettings(Duration.ofSeconds(2), Duration.ofSeconds(2), DataSize.ofKilobytes(64), false,
				List.of(new SelfdataSettings.Node(node.url(), true, Map.of("X-Node-Key", "secret"))),
				DataSize.ofKilobytes(64), 3);
	}

	/**
	 * A test node, started and allowed on the loopback ({@link #allowing}); closing it puts the settings it found
	 * back and stops the node.
	 */
	static final class AllowedNode implements AutoCloseable {

		final TestNode node;
		private final SelfdataLimits limits;
		private final SelfdataSettings original;

		AllowedNode(SelfdataLimits limits) throws IOException {
			this.node = new TestNode();
			this.limits = limits;
			this.original = limits.settings();
			allow();
		}

		/** The test node allowed (again, after a test changed the settings). */
		void allow() {
			limits.settings(allowing(node));
		}

		@Override
		public void close() {
			limits.settings(original);
			node.close();
		}
	}

	/** The request once COMPLETED, REJECTED or CANCELLED (matching runs after the answer). */
	static JsonNode awaitClosed(TestHttp api, String id) {
		long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
		while (true) {
			Answer answer = api.get("/api/selfdata/requests/" + id);
			assertThat(answer.status()).as(answer.body()).isEqualTo(200);
			String status = answer.json().get("status").asString();
			if (List.of("COMPLETED", "REJECTED", "CANCELLED").contains(status)) {
				return answer.json();
			}
			assertThat(System.nanoTime()).as("request %s still %s", id, status).isLessThan(deadline);
			try {
				Thread.sleep(100);
			}
			catch (InterruptedException e) {
				throw new IllegalStateException(e);
			}
		}
	}
}
