package org.kerys.catalog.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import org.kerys.platform.Commands.KerysCommand;
import org.kerys.platform.ProblemException;
import org.springframework.stereotype.Component;

/**
 * {@code java -jar kerys.jar import <file-or-directory>…}: imports RUDI records from JSON files (a directory:
 * every {@code *.json} in it), leniently, with progress, and prints a report. Exit status 0 when nothing was
 * rejected, 1 otherwise, 2 when a file could not be read.
 */
@Component
class ImportCommand implements KerysCommand {

	private final DatasetImporter importer;

	ImportCommand(DatasetImporter importer) {
		this.importer = importer;
	}

	@Override
	public String name() {
		return "import";
	}

	@Override
	public String usage() {
		return "import <file-or-directory>… — import RUDI metadata records (JSON arrays or single records)";
	}

	@Override
	public int run(List<String> args) {
		if (args.isEmpty()) {
			System.err.println("Usage: java -jar kerys.jar " + usage());
			return 2;
		}
		int status = 0;
		for (Path file : files(args)) {
			if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
				System.err.println(file + ": no such readable file");
				status = 2;
				continue;
			}
			try {
				ImportReport report = importer.importFile(file, file.toString(), Locale.ENGLISH,
						p -> System.out.printf("  %s: %d/%d records (%d %%, %d records/s)%n", p.source(), p.done(),
								p.total(), p.done() * 100 / Math.max(1, p.total()), Math.round(p.perSecond())));
				System.out.printf("%s: %d records in %.1f s — %d created, %d updated, %d rejected, %d warnings%n", file,
						report.total(), report.seconds(), report.created(), report.updated(), report.rejected(),
						report.warnings());
				for (RecordOutcome o : report.records()) {
					if (o.rejected()) {
						System.out.printf("  record #%d %s rejected:%n", o.index(), o.globalId() == null ? "" : o.globalId());
						o.errors().forEach(e -> System.out.printf("    %s %s: %s%n", e.code(), e.field(), e.message()));
						status = Math.max(status, 1);
					}
				}
			}
			catch (ProblemException e) {
				System.err.println(file + ": " + e.getMessage());
				status = 2;
			}
		}
		return status;
	}

	private static List<Path> files(List<String> args) {
		return args.stream().map(Path::of).flatMap(path -> {
			if (!Files.isDirectory(path)) {
				return Stream.of(path);
			}
			try (Stream<Path> entries = Files.list(path)) {
				return entries.filter(p -> p.toString().endsWith(".json")).sorted().toList().stream();
			}
			catch (IOException e) {
				throw new UncheckedIOException(e);
			}
		}).toList();
	}
}
