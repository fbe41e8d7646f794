package org.kerys.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

import org.kerys.RudiRecords;
import org.kerys.TestHttp;
import org.kerys.TestHttp.Answer;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the portal tests share: seeding datasets through the real RUDI API (as the administrator), and
 * reading pages as an anonymous browser would. Titles and producers are unique per call, because all
 * tests share one database.
 */
final class Portal {

	private final int port;

	Portal(int port) {
		this.port = port;
	}

	/** An open dataset record, not yet published, with a unique title and producer. */
	static ObjectNode record(String title) {
		String unique = title + " " + UUID.randomUUID().toString().substring(0, 8);
		return RudiRecords.open(unique, UUID.randomUUID(), "Producteur " + unique, "d41d8cd98f00b204e9800998ecf8427e",
				1_234_567);
	}

	ObjectNode publish(ObjectNode record) {
		Answer created = TestHttp.admin(port).post("/api/v1/resources", RudiRecords.write(record));
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		return record;
	}

	ObjectNode publish(String title) {
		return publish(record(title));
	}

	void publishAll(List<ObjectNode> records) {
		String array = records.stream().map(RudiRecords::write).collect(Collectors.joining(",", "[", "]"));
		Answer imported = TestHttp.admin(port).post("/api/v1/resources/import", array);
		assertThat(imported.status()).as(imported.body()).isEqualTo(200);
	}

	/** A page as a browser asks for it. */
	Answer page(String path) {
		return TestHttp.anonymous(port).get(path, "Accept", "text/html,application/xhtml+xml,*/*;q=0.8");
	}

	Answer page(String path, String header, String value) {
		return TestHttp.anonymous(port)
				.send(TestHttp.anonymous(port).request(path).header("Accept", "text/html").header(header, value).GET());
	}

	static String id(ObjectNode record) {
		return record.get("global_id").asString();
	}

	static String title(ObjectNode record) {
		return record.get("resource_title").asString();
	}

	/** Text as Thymeleaf writes it into HTML (it escapes the apostrophe, among others). */
	static String html(String text) {
		return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
				.replace("'", "&#39;");
	}
}
