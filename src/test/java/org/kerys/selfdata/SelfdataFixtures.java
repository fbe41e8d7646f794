package org.kerys.selfdata;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.kerys.TestHttp;
import org.kerys.TestPeople;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the self-data tests share (also for the pages' tests): people with a personal token, organisations and
 * memberships ({@link TestPeople}), self-data datasets (API or OUT) made through the real API with unique names, and
 * a {@link TestNode}.
 */
public final class SelfdataFixtures {

	private static final JsonMapper json = JsonMapper.builder().build();
	private final TestPeople people;

	public SelfdataFixtures(int port) {
		this.people = new TestPeople(port);
	}

	/** A person and their personal token. */
	public record Person(String login, String password, String token) {

		public TestHttp api(int port) {
			return TestHttp.anonymous(port).withHeader("Authorization", "Bearer " + token);
		}
	}

	public static String unique(String prefix) {
		return TestPeople.unique(prefix);
	}

	public Person person(String prefix) {
		TestPeople.Person person = people.person(prefix, List.of());
		return new Person(person.login(), person.password(), person.token());
	}

	public UUID organization(String name) {
		return people.organization(name);
	}

	public void member(UUID organization, Person person, String role) {
		people.member(organization, person.login(), role);
	}

	/** A self-data dataset; its record as created (global_id, available_formats[0] = gdata, [1] = tpbc). */
	public ObjectNode dataset(UUID producer, String access, String nodeUrl, String matchingData, boolean deletable) {
		ObjectNode record = TestPeople.openRecord("Mes collectes", producer);
		((ObjectNode) record.at("/access_condition/confidentiality")).put("restricted_access", true)
				.put("gdpr_sensitive", true);
		record.set("ext_metadata", json.readTree("""
				{"ext_selfdata": {"ext_selfdata_content": {
				  "matching_data": %s,
				  "selfdata_access": "%s", "selfdata_held": "collectes, pesées", "selfdata_categories": ["IDENTITY_DATA"],
				  "storage_period": {"value": 6, "unit": "MONTHS"}, "treatment_period": {"value": 30, "unit": "DAYS"},
				  "deletable_data": %s, "deletion_reason": ["Obligation légale de conservation"]}}}"""
				.formatted(matchingData, access, deletable)));
		UUID gdata = UUID.randomUUID();
		UUID tpbc = UUID.randomUUID();
		record.set("available_formats", json.readTree("""
				[{"media_type": "SERVICE", "media_id": "%s", "media_name": "generic-data",
				  "connector": {"url": "%s/endpoints/%s", "interface_contract": "generic-data"}},
				 {"media_type": "SERVICE", "media_id": "%s", "media_name": "temporal-bar-chart",
				  "connector": {"url": "%s/endpoints/%s", "interface_contract": "temporal-bar-chart"}}]
				""".formatted(gdata, nodeUrl, gdata, tpbc, nodeUrl, tpbc)));
		return people.dataset(record);
	}

	/** An open dataset of this producer; its global id. */
	public String openDataset(UUID producer) {
		return people.dataset(TestPeople.openRecord("Ouvert", producer)).get("global_id").asString();
	}

	/** Matching data: a required e-mail with a REGEXP validator and an optional card number (LONG). */
	public static final String EMAIL_AND_CARD = """
			[{"code": "email", "type": "STRING", "required": true,
			  "label": [{"lang": "fr", "text": "Courriel"}, {"lang": "en", "text": "E-mail"}],
			  "help": [{"lang": "fr", "text": "Celui de votre compte usager"}],
			  "validators": [{"type": "REGEXP", "attribute": "[^@ ]+@[^@ ]+\\\\.[a-z]+"}]},
			 {"code": "card", "type": "LONG", "required": false, "label": [{"lang": "fr", "text": "N° de carte"}]}]""";

	/** Matching data with a proof to check: the producer moderates. */
	public static final String EMAIL_AND_PROOF = """
			[{"code": "email", "type": "STRING", "required": true, "label": [{"lang": "fr", "text": "Courriel"}]},
			 {"code": "proof", "type": "ATTACHMENT", "required": true, "label": [{"lang": "fr", "text": "Justificatif"}]}]""";

	/**
	 * A producer node on the loopback (RUDI node-stub contract): {@code POST /matching/{dataset}/{login}} answers a
	 * token for the e-mails in {@link #people} (404 otherwise); {@code GET /endpoints/{media}} answers their gdata or
	 * tpbc for a known token. {@link #behaviour} makes it answer garbage or hang.
	 */
	public static final class TestNode implements AutoCloseable {

		public enum Behaviour { NORMAL, GARBAGE, HANG, ERROR }

		private final HttpServer server;
		/** e-mail → a name shown in the person's gdata */
		public final Map<String, String> people = new ConcurrentHashMap<>();
		private final Map<String, String> tokens = new ConcurrentHashMap<>();
		/** every call, "METHOD path?query" with the body for POST */
		public final List<String> calls = new CopyOnWriteArrayList<>();
		public final List<Map<String, List<String>>> headers = new CopyOnWriteArrayList<>();
		public volatile Behaviour behaviour = Behaviour.NORMAL;

		public TestNode() throws IOException {
			server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
			server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
			server.createContext("/", this::handle);
			server.start();
		}

		public String url() {
			return "http://127.0.0.1:" + server.getAddress().getPort();
		}

		private void handle(HttpExchange exchange) throws IOException {
			try (exchange) {
				String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
				String path = exchange.getRequestURI().getPath();
				String query = exchange.getRequestURI().getRawQuery();
				calls.add(exchange.getRequestMethod() + " " + path + (query == null ? "" : "?" + query)
						+ (body.isEmpty() ? "" : " " + body));
				headers.add(Map.copyOf(exchange.getRequestHeaders()));
				switch (behaviour) {
					case GARBAGE -> {
						send(exchange, 200, "<html>not json");
						return;
					}
					case HANG -> {
						try {
							Thread.sleep(30_000);
						}
						catch (InterruptedException e) {
							Thread.currentThread().interrupt();
						}
						return;
					}
					case ERROR -> {
						send(exchange, 500, "{\"error\": \"boom\"}");
						return;
					}
					default -> {
					}
				}
				if (path.startsWith("/matching/") && "POST".equals(exchange.getRequestMethod())) {
					String email = null;
					for (JsonNode field : json.readTree(body)) {
						if ("email".equals(field.path("code").asString(""))) {
							email = field.path("value").asString("");
						}
					}
					if (email == null || !people.containsKey(email)) {
						send(exchange, 404, "{\"message\": \"no match\"}");
						return;
					}
					String token = "tok-" + UUID.randomUUID();
					tokens.put(token, email);
					send(exchange, 200, "{\"token\": \"" + token + "\", \"dataset_uuid\": \""
							+ path.split("/")[2] + "\", \"expiration_date\": \"2099-01-01T00:00:00Z\"}");
					return;
				}
				if (path.startsWith("/endpoints/")) {
					String email = tokens.get(exchange.getRequestHeaders().getFirst("X-Rudi-Matching-Token"));
					if (email == null) {
						send(exchange, 401, "{\"message\": \"unknown token\"}");
						return;
					}
					if (query != null && query.contains("min-date")) {
						send(exchange, 200, tpbc());
					}
					else if (path.endsWith(gdataSuffix)) {
						send(exchange, 200, gdata(people.get(email)));
					}
					else {
						send(exchange, 200, tpbc());
					}
					return;
				}
				send(exchange, 404, "{}");
			}
		}

		/** The gdata media's id, to tell gdata and tpbc calls apart (set by the test; else every call is gdata). */
		public volatile String gdataSuffix = "";

		public static String gdata(String name) {
			return """
					{"legend": [{"lang": "fr", "text": "Mon bac"}, {"lang": "en", "text": "My bin"}],
					 "data": [{"label": [{"lang": "fr", "text": "Titulaire"}], "type": "STRING", "value": "%s"},
					          {"label": [{"lang": "fr", "text": "Collectes, 2024"}], "type": "LONG", "value": "52"}]}"""
					.formatted(name);
		}

		public static String tpbc() {
			return """
					{"legend": [{"lang": "fr", "text": "Pesées"}], "type": "BAR",
					 "legendXAxis": [{"lang": "fr", "text": "Mois"}], "legendYAxis": [{"lang": "fr", "text": "kg"}],
					 "series": [{"legend": [{"lang": "fr", "text": "2024-01"}]}, {"legend": [{"lang": "fr", "text": "2024-02"}]}],
					 "values": [{"legend": [{"lang": "fr", "text": "Ordures ménagères"}], "values": [12.5, 9.75]}]}""";
		}

		private static void send(HttpExchange exchange, int status, String body) throws IOException {
			byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().set("Content-Type", "application/json");
			exchange.sendResponseHeaders(status, bytes.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(bytes);
			}
		}

		@Override
		public void close() {
			server.stop(0);
		}
	}
}
