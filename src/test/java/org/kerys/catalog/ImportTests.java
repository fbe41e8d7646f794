package org.kerys.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kerys.JsonDiff;
import org.kerys.KerysHttpTest;
import org.kerys.RudiRecords;
import org.kerys.TestHttp;
import org.kerys.TestHttp.Answer;
import org.kerys.platform.Commands.KerysCommand;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

@KerysHttpTest
class ImportTests {

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	List<KerysCommand> commands;

	static String rennes() throws IOException {
		try (InputStream in = new ClassPathResource("demo/datarennes-metadata-1.2.0.json").getInputStream()) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
	}

	@Test
	void shouldImportThe387RennesRecordsWithoutRejectionAndRoundTripThem() throws IOException {
		String body = rennes();
		Answer answer = TestHttp.admin(port).post("/api/v1/resources/import", body);
		assertThat(answer.status()).isEqualTo(200);
		JsonNode report = answer.json();
		assertThat(report.get("total").asLong()).isEqualTo(387);
		assertThat(report.get("rejected").asLong()).as(answer.body().substring(0, Math.min(3000, answer.body().length())))
				.isZero();

		JsonNode input = TestHttp.parse(body);
		for (int i = 0; i < input.size(); i++) {
			JsonNode sent = input.get(i);
			JsonNode outcome = report.get("records").get(i);
			assertThat(outcome.get("index").asInt()).isEqualTo(i);
			List<String> mapped = new ArrayList<>();
			outcome.path("warnings").forEach(w -> {
				String field = w.get("field").asString();
				mapped.add(field);
				// the one mapping that moves a value: checksum.file_encoding goes up to the media
				if (field.endsWith(".checksum.file_encoding")) {
					mapped.add(field.replace(".checksum.file_encoding", ".file_encoding"));
				}
			});
			JsonNode stored = TestHttp.anonymous(port).get("/api/v1/resources/" + sent.get("global_id").asString()).json();
			for (String path : JsonDiff.paths(sent, stored)) {
				assertThat(mapped).as("record %d differs at %s without a warning", i, path)
						.anyMatch(field -> path.equals(field) || path.startsWith(field + ".")
								|| path.startsWith(field + "[") || field.startsWith(path + ".")
								|| field.startsWith(path + "["));
			}
		}

		Answer again = TestHttp.admin(port).post("/api/v1/resources/import", body);
		assertThat(again.json().get("updated").asLong()).isEqualTo(387);
		assertThat(again.json().get("created").asLong()).isZero();
	}

	@Test
	void shouldReportEachRecordAndKeepTheGoodOnes() {
		ObjectNode good = RudiRecords.open("Bon enregistrement");
		ObjectNode bad = RudiRecords.open("Mauvais enregistrement");
		bad.remove("resource_title");
		Answer answer = TestHttp.admin(port).post("/api/v1/resources/import",
				"[" + RudiRecords.write(good) + "," + RudiRecords.write(bad) + "]");
		JsonNode report = answer.json();
		assertThat(report.get("created").asLong()).isEqualTo(1);
		assertThat(report.get("rejected").asLong()).isEqualTo(1);
		assertThat(report.get("records").get(0).get("status").asString()).isEqualTo("created");
		assertThat(report.get("records").get(1).get("status").asString()).isEqualTo("rejected");
		assertThat(report.get("records").get(1).get("errors").get(0).get("code").asString()).isEqualTo("ERR-202");
		assertThat(TestHttp.anonymous(port).get("/api/v1/resources/" + bad.get("global_id").asString()).status())
				.isEqualTo(404);
	}

	@Test
	void shouldImportNothingFromMalformedJson() {
		ObjectNode good = RudiRecords.open("Avant l'erreur");
		long before = count();
		Answer answer = TestHttp.admin(port).post("/api/v1/resources/import", "[" + RudiRecords.write(good) + ", {\"oops\"");
		assertThat(answer.status()).isEqualTo(400);
		assertThat(answer.json().get("code").asString()).isEqualTo("ERR-101");
		assertThat(count()).isEqualTo(before);
		assertThat(TestHttp.admin(port).post("/api/v1/resources/import", "42").status()).isEqualTo(400);
		assertThat(TestHttp.admin(port).post("/api/v1/resources/import", "[1, 2]").json().get("code").asString())
				.isEqualTo("ERR-101");
	}

	@Test
	void shouldRequireAuthenticationToImport() {
		assertThat(TestHttp.anonymous(port).post("/api/v1/resources/import", "[]").status()).isEqualTo(401);
	}

	@Test
	void shouldImportFilesAndDirectoriesFromTheCommandLine(@TempDir Path dir) throws IOException {
		ObjectNode one = RudiRecords.open("Fichier un");
		ObjectNode two = RudiRecords.open("Fichier deux");
		ObjectNode broken = RudiRecords.open("Fichier cassé");
		broken.put("global_id", "not-a-uuid");
		Files.writeString(dir.resolve("a.json"), "[" + RudiRecords.write(one) + "]");
		Files.writeString(dir.resolve("b.json"), RudiRecords.write(two));
		Files.writeString(dir.resolve("c.json"), "[" + RudiRecords.write(broken) + "]");
		Files.writeString(dir.resolve("ignored.txt"), "not json");
		KerysCommand command = commands.stream().filter(c -> c.name().equals("import")).findFirst().orElseThrow();

		ByteArrayOutputStream out = new ByteArrayOutputStream();
		PrintStream original = System.out;
		int status;
		try {
			System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
			status = command.run(List.of(dir.toString()));
		}
		finally {
			System.setOut(original);
		}
		String printed = out.toString(StandardCharsets.UTF_8);
		assertThat(status).isEqualTo(1);
		assertThat(printed).contains("a.json: 1 records").contains("b.json: 1 records").contains("1 rejected")
				.doesNotContain("ignored.txt");
		assertThat(TestHttp.anonymous(port).get("/api/v1/resources/" + one.get("global_id").asString()).status())
				.isEqualTo(200);
		assertThat(TestHttp.anonymous(port).get("/api/v1/resources/" + two.get("global_id").asString()).status())
				.isEqualTo(200);
		assertThat(command.run(List.of(dir.resolve("missing.json").toString()))).isEqualTo(2);
	}

	long count() {
		return jdbc.sql("select count(*) from datasets").query(Long.class).single();
	}
}
