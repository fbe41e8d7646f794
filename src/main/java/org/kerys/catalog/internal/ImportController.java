package org.kerys.catalog.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.kerys.platform.KerysProperties;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /api/v1/resources/import}: many RUDI records at once, leniently. */
@RestController
@Tag(name = "RUDI resources")
class ImportController {

	private final DatasetImporter importer;
	private final Path spool;

	ImportController(DatasetImporter importer, KerysProperties properties) {
		this.importer = importer;
		this.spool = properties.dataDir().resolve("tmp");
	}

	@PostMapping(path = "/api/v1/resources/import", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Import RUDI records", description = """
			Body: a JSON array of RUDI metadata records (1.2.0 to 1.4.0), or one record. Lenient: legacy values are \
			mapped and reported as warnings. Answers a report per record (created, updated or rejected with its \
			errors). The body is spooled to disk and checked whole first: malformed JSON imports nothing.""")
	ImportReport importRecords(HttpServletRequest request, Locale locale) {
		Path file = null;
		try {
			Files.createDirectories(spool);
			file = Files.createTempFile(spool, "import-", ".json");
			try (InputStream body = request.getInputStream()) {
				Files.copy(body, file, StandardCopyOption.REPLACE_EXISTING);
			}
			return importer.importFile(file, "the request body", locale, progress -> {
			});
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		finally {
			if (file != null) {
				try {
					Files.deleteIfExists(file);
				}
				catch (IOException ignored) {
					// the start-up sweep of the tmp directory removes it
				}
			}
		}
	}
}
