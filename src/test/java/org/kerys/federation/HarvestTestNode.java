package org.kerys.federation;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.springframework.core.io.ClassPathResource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A RUDI producer node to harvest, on 127.0.0.1: {@code GET /api/v1/resources?limit=&offset=&updated_after=} answers
 * RUDI's {@code {"total", "items"}} over its records, in a fixed order. It can be made to misbehave: down (not
 * listening), 5xx, malformed JSON, slow, or lying about {@code total} (announcing more than it delivers, or pages that
 * come back empty early).
 */
final class HarvestTestNode implements AutoCloseable {

	enum Behaviour {
		NORMAL, ERROR_5XX, MALFORMED, SLOW, TOTAL_TOO_HIGH, EMPTY_EARLY
	}

	private static final JsonMapper json = JsonMapper.builder().build();

	private final List<ObjectNode> records = new CopyOnWriteArrayList<>();
	private final AtomicInteger requests = new AtomicInteger();
	private final int port;
	private HttpServer server;
	volatile Behaviour behaviour = Behaviour.NORMAL;
	volatile long slowMillis = 1500;

	HarvestTestNode() throws IOException {
		server = start(0);
		port = server.getAddress().getPort();
	}

	/**
	 * The real records of Rennes under fresh identifiers (global, local and media ids), their producers replaced by
	 * {@code producers} (the record at index i gets producers[i % n]), so that other tests' copies never collide.
	 */
	static List<ObjectNode> rennes(UUID... producers) throws IOException {
		JsonNode all;
		try (InputStream in = new ClassPathResource("fixtures/rudi/datarennes-metadata-1.2.0.json").getInputStream()) {
			all = json.readTree(in);
		}
		List<ObjectNode> copies = new ArrayList<>();
		for (int i = 0; i < all.size(); i++) {
			ObjectNode record = (ObjectNode) all.get(i).deepCopy();
			String id = UUID.randomUUID().toString();
			record.put("global_id", id);
			record.put("local_id", "harvest-" + id);
			((ObjectNode) record.get("producer")).put("organization_id", producers[i % producers.length].toString());
			if (record.has("available_formats")) {
				record.withArrayProperty("available_formats")
						.forEach(media -> {
							if (media.isObject()) {
								((ObjectNode) media).put("media_id", UUID.randomUUID().toString());
							}
						});
			}
			copies.add(record);
		}
		return copies;
	}

	void serve(List<ObjectNode> served) {
		records.clear();
		records.addAll(served);
	}

	List<ObjectNode> records() {
		return records;
	}

	/** Changes a record's title and marks it updated now. */
	void change(int index, String title) {
		ObjectNode record = records.get(index).deepCopy();
		record.put("resource_title", title);
		((ObjectNode) record.get("dataset_dates")).put("updated", now());
		records.set(index, record);
	}

	/** Marks a record deleted (a minute ago), as a RUDI node lists a deleted dataset. */
	void delete(int index) {
		ObjectNode record = records.get(index).deepCopy();
		((ObjectNode) record.get("dataset_dates")).put("updated", now()).put("deleted",
				OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(1).toString());
		records.set(index, record);
	}

	/** The URL of the node's API, as an administrator registers it. */
	String url() {
		return "http://127.0.0.1:" + port + "/api/v1";
	}

	int requests() {
		return requests.get();
	}

	/** Stops listening (a node that is down); {@link #up} listens again on the same port. */
	void down() {
		server.stop(0);
	}

	void up() throws IOException {
		server = start(port);
	}

	private HttpServer start(int on) throws IOException {
		HttpServer started = HttpServer.create(new InetSocketAddress("127.0.0.1", on), 0);
		started.createContext("/api/v1/resources", this::resources);
		started.setExecutor(java.util.concurrent.Executors.newCachedThreadPool(r -> {
			Thread thread = new Thread(r, "harvest-test-node");
			thread.setDaemon(true);
			return thread;
		}));
		started.start();
		return started;
	}

	private void resources(HttpExchange exchange) throws IOException {
		try (exchange) {
			requests.incrementAndGet();
			Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
			int limit = Integer.parseInt(query.getOrDefault("limit", "100"));
			int offset = Integer.parseInt(query.getOrDefault("offset", "0"));
			OffsetDateTime after = query.containsKey("updated_after") ? OffsetDateTime.parse(query.get("updated_after"))
					: null;
			Behaviour now = behaviour;
			switch (now) {
				case ERROR_5XX -> {
					exchange.sendResponseHeaders(503, -1);
					return;
				}
				case MALFORMED -> {
					send(exchange, "{\"total\": 3, \"items\": [{\"global_id\": ");
					return;
				}
				case SLOW -> {
					try {
						Thread.sleep(slowMillis);
					}
					catch (InterruptedException e) {
						Thread.currentThread().interrupt();
					}
				}
				default -> {
				}
			}
			List<ObjectNode> matching = new ArrayList<>();
			for (ObjectNode record : records) {
				if (after == null || OffsetDateTime.parse(record.at("/dataset_dates/updated").asString()).isAfter(after)) {
					matching.add(record);
				}
			}
			ObjectNode answer = json.createObjectNode();
			int total = now == Behaviour.TOTAL_TOO_HIGH ? matching.size() + 50 : matching.size();
			answer.put("total", total);
			ArrayNode items = answer.putArray("items");
			boolean empty = now == Behaviour.EMPTY_EARLY && offset >= limit;
			for (int i = offset; !empty && i < Math.min(matching.size(), offset + limit); i++) {
				items.add(matching.get(i));
			}
			send(exchange, json.writeValueAsString(answer));
		}
	}

	private static void send(HttpExchange exchange, String body) throws IOException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().set("Content-Type", "application/json");
		exchange.sendResponseHeaders(200, bytes.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(bytes);
		}
	}

	private static Map<String, String> query(String raw) {
		Map<String, String> values = new HashMap<>();
		if (raw == null) {
			return values;
		}
		for (String pair : raw.split("&")) {
			int equals = pair.indexOf('=');
			if (equals > 0) {
				values.put(pair.substring(0, equals), URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
			}
		}
		return values;
	}

	private static String now() {
		return OffsetDateTime.now(ZoneOffset.UTC).toString();
	}


	@Override
	public void close() {
		server.stop(0);
	}
}
