package org.kerys.federation.internal.harvest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import org.kerys.catalog.internal.validation.MetadataValidator;
import org.kerys.catalog.internal.validation.ValidationMode;
import org.kerys.catalog.internal.validation.ValidationReport;
import org.kerys.catalog.internal.vocabulary.Vocabulary;
import org.kerys.federation.internal.outbound.OutboundHttp;
import org.kerys.federation.internal.outbound.OutboundSettings;
import org.springframework.util.unit.DataSize;

import com.sun.net.httpserver.HttpServer;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A harvested catalogue for tests: a JDK HTTP server on 127.0.0.1 answering recorded responses (files under
 * {@code src/test/resources/harvest/}, where {@code {{base}}} stands for the server's own address), and what the
 * readers' tests share: an outbound client, and the catalogue's strict validation of what they map.
 */
public final class RecordedSource implements AutoCloseable {

	/** An answer of the source. */
	public record Reply(int status, String contentType, String body) {

		public static Reply ok(String contentType, String body) {
			return new Reply(200, contentType, body);
		}
	}

	/** A request the source received: its path and decoded query parameters. */
	public record Request(String path, Map<String, String> query) {
	}

	private static final MetadataValidator VALIDATOR = new MetadataValidator(new Vocabulary());

	private final HttpServer server;
	private final List<Request> requests = Collections.synchronizedList(new ArrayList<>());

	public RecordedSource(Function<Request, Reply> answers) {
		try {
			server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		server.createContext("/", exchange -> {
			URI uri = exchange.getRequestURI();
			Request request = new Request(uri.getPath(), query(uri.getRawQuery()));
			requests.add(request);
			Reply reply = answers.apply(request);
			if (reply == null) {
				reply = new Reply(404, "text/plain", "no such recorded page: " + uri);
			}
			byte[] body = reply.body().replace("{{base}}", base()).getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().add("Content-Type", reply.contentType());
			exchange.sendResponseHeaders(reply.status(), body.length == 0 ? -1 : body.length);
			exchange.getResponseBody().write(body);
			exchange.close();
		});
		server.start();
	}

	public String base() {
		return "http://127.0.0.1:" + server.getAddress().getPort();
	}

	public URI uri(String path) {
		return URI.create(base() + path);
	}

	public List<Request> requests() {
		return List.copyOf(requests);
	}

	@Override
	public void close() {
		server.stop(0);
	}

	/** A recorded response file under {@code harvest/}. */
	public static String file(String name) {
		try (InputStream in = RecordedSource.class.getClassLoader().getResourceAsStream("harvest/" + name)) {
			if (in == null) {
				throw new IllegalArgumentException("No test resource harvest/" + name);
			}
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	/** The application's outbound client with test limits (its constructor is the configuration's). */
	public static OutboundHttp outbound() {
		try {
			Constructor<OutboundHttp> constructor = OutboundHttp.class.getDeclaredConstructor(OutboundSettings.class);
			constructor.setAccessible(true);
			return constructor.newInstance(
					new OutboundSettings(Duration.ofSeconds(2), Duration.ofSeconds(5), DataSize.ofMegabytes(4), 3));
		}
		catch (ReflectiveOperationException e) {
			throw new IllegalStateException(e);
		}
	}

	/** Every entry of the catalogue, following the cursors from the first page. */
	public static List<RemoteCatalogue.Entry> all(RemoteCatalogue catalogue, java.time.Instant since)
			throws RemoteCatalogue.HarvestFailure {
		List<RemoteCatalogue.Entry> entries = new ArrayList<>();
		String cursor = null;
		int pages = 0;
		do {
			RemoteCatalogue.Page page = catalogue.page(cursor, since);
			entries.addAll(page.entries());
			cursor = page.next();
			assertThat(++pages).as("pages").isLessThan(100);
		}
		while (cursor != null);
		return entries;
	}

	/** Harvesting a source that answers so fails, for this reason. */
	public static void assertFailure(Function<Request, Reply> answers, Function<RecordedSource, RemoteCatalogue> reader,
			String reason) {
		try (RecordedSource source = new RecordedSource(answers)) {
			org.assertj.core.api.Assertions.assertThatThrownBy(() -> all(reader.apply(source), null))
					.isInstanceOf(RemoteCatalogue.HarvestFailure.class).hasMessageContaining(reason);
		}
	}

	/**
	 * Checks a mapped record as the catalogue does ({@code POST /api/v1/resources}: strict RUDI validation), once the
	 * engine gave it its global id and producer.
	 */
	public static void assertValid(JsonNode metadata) {
		ObjectNode complete = ((ObjectNode) metadata.deepCopy());
		complete.put("global_id", UUID.randomUUID().toString());
		complete.putObject("producer").put("organization_id", UUID.randomUUID().toString()).put("organization_name",
				"Producteur");
		ValidationReport report = VALIDATOR.validate(complete, ValidationMode.STRICT, Locale.ENGLISH);
		assertThat(report.errors()).as("validation of " + metadata).isEmpty();
		assertThat(report.warnings()).as("validation of " + metadata).isEmpty();
	}

	private static Map<String, String> query(String raw) {
		Map<String, String> values = new LinkedHashMap<>();
		if (raw == null) {
			return values;
		}
		for (String pair : raw.split("&")) {
			int equals = pair.indexOf('=');
			String key = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
			String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
			values.put(key, value);
		}
		return values;
	}
}
