package org.kerys.catalog.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;

import org.kerys.platform.KerysProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Demo mode ({@code KERYS_DEMO=true}): loads the 387 real Rennes records, with their producers and contacts, into
 * an empty catalogue so that a newcomer sees a real portal at once. Does nothing once the catalogue has data.
 */
@Component
@Order(10)
class DemoCatalog implements ApplicationRunner {

	private static final Logger log = LoggerFactory.getLogger(DemoCatalog.class);

	private final KerysProperties properties;
	private final JdbcClient jdbc;
	private final DatasetImporter importer;
	private final Directory directory;
	private final JsonMapper json;

	DemoCatalog(KerysProperties properties, JdbcClient jdbc, DatasetImporter importer, Directory directory,
			JsonMapper json) {
		this.properties = properties;
		this.jdbc = jdbc;
		this.importer = importer;
		this.directory = directory;
		this.json = json;
	}

	@Override
	public void run(ApplicationArguments args) throws IOException {
		if (!properties.demo()) {
			return;
		}
		if (jdbc.sql("select count(*) from datasets").query(Long.class).single() > 0) {
			log.info("Demo mode: the catalogue already has datasets; nothing loaded");
			return;
		}
		log.info("Demo mode: loading the Rennes catalogue (387 datasets)");
		load("demo/datarennes-producers.json", DirectoryKind.ORGANIZATION);
		load("demo/datarennes-contacts.json", DirectoryKind.CONTACT);
		Path file = Files.createTempFile(Files.createDirectories(properties.dataDir().resolve("tmp")), "demo-", ".json");
		try (InputStream in = new ClassPathResource("demo/datarennes-metadata-1.2.0.json").getInputStream()) {
			Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
			ImportReport report = importer.importFile(file, "the demo catalogue", Locale.FRENCH, p -> {
			});
			log.info("Demo mode: {} datasets created, {} rejected", report.created(), report.rejected());
		}
		finally {
			Files.deleteIfExists(file);
		}
	}

	private void load(String resource, DirectoryKind kind) {
		try (InputStream in = new ClassPathResource(resource).getInputStream()) {
			for (JsonNode entry : json.readTree(in)) {
				if (directory.find(kind, java.util.UUID.fromString(entry.get(kind.idField).asString())).isEmpty()) {
					directory.create(kind, entry);
				}
			}
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}
}
