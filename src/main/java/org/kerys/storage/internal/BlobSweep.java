package org.kerys.storage.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

import org.kerys.storage.MediaDescriptors;
import org.kerys.storage.MediaFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * At start-up, removes what a stopped or killed Kerys left in the blob store: temporary files of uploads that
 * never finished, files of media that no longer exist (an upload that committed while its dataset was being
 * deleted), and blobs that no media file references (put in place by an upload whose transaction never
 * committed, or freed by a change whose clean-up did not run). The local blob store lives in the data
 * directory, which one Kerys process owns (its lock): a temporary file of an earlier run is nobody's.
 */
@Component
class BlobSweep implements ApplicationRunner {

	private static final Logger log = LoggerFactory.getLogger(BlobSweep.class);

	private static final int BATCH = 500;

	private final BlobStore blobs;
	private final MediaFileRows rows;
	private final BlobCollector collector;
	private final MediaDescriptors descriptors;
	private final MediaFiles mediaFiles;

	BlobSweep(BlobStore blobs, MediaFileRows rows, BlobCollector collector, MediaDescriptors descriptors,
			MediaFiles mediaFiles) {
		this.blobs = blobs;
		this.rows = rows;
		this.collector = collector;
		this.descriptors = descriptors;
		this.mediaFiles = mediaFiles;
	}

	@Override
	public void run(ApplicationArguments args) {
		try {
			sweep();
		}
		catch (RuntimeException e) {
			// Leftovers cost disk space, not correctness: Kerys still starts, and the next start tries again.
			log.warn("The blob store sweep failed; leftovers stay until the next start", e);
		}
	}

	/** @return how many temporary files and blobs were removed */
	Removed sweep() {
		int temporary = removeTemporaryFiles();
		int vanished = releaseFilesOfVanishedMedia();
		int unreferenced = removeUnreferencedBlobs();
		if (temporary + vanished + unreferenced > 0) {
			log.info("Blob store sweep removed {} leftover temporary file(s), {} file(s) of deleted media and {} "
					+ "unreferenced blob(s)", temporary, vanished, unreferenced);
		}
		return new Removed(temporary, vanished, unreferenced);
	}

	private int releaseFilesOfVanishedMedia() {
		List<UUID> vanished = new ArrayList<>();
		List<UUID> page = rows.mediaIdsAfter(null, BATCH);
		while (!page.isEmpty()) {
			page.stream().filter(id -> descriptors.declared(id).isEmpty()).forEach(vanished::add);
			page = page.size() < BATCH ? List.of() : rows.mediaIdsAfter(page.get(page.size() - 1), BATCH);
		}
		if (!vanished.isEmpty()) {
			log.info("Releasing the files of {} media that no longer exist: {}", vanished.size(), vanished);
			// Their blobs go once this commits, unless other media use them.
			mediaFiles.release(vanished);
		}
		return vanished.size();
	}

	private int removeTemporaryFiles() {
		int removed = 0;
		for (Path file : blobs.leftoverTemporaryFiles()) {
			try {
				long size = Files.size(file);
				Files.deleteIfExists(file);
				log.info("Removed leftover temporary upload file {} ({} bytes)", file, size);
				removed++;
			}
			catch (IOException e) {
				log.warn("Could not remove leftover temporary file {}: {}", file, e.toString());
			}
		}
		return removed;
	}

	private int removeUnreferencedBlobs() {
		int removed = 0;
		try (Stream<String> all = blobs.blobs()) {
			List<String> batch = new ArrayList<>(BATCH);
			for (var it = all.iterator(); it.hasNext();) {
				batch.add(it.next());
				if (batch.size() == BATCH || !it.hasNext()) {
					removed += removeUnreferenced(batch);
					batch.clear();
				}
			}
		}
		return removed;
	}

	private int removeUnreferenced(List<String> batch) {
		Set<String> referenced = rows.referenced(batch);
		// The collector checks again under the blob's lock: an upload may be committing it right now.
		return (int) batch.stream().filter(sha256 -> !referenced.contains(sha256)).filter(collector::collect).count();
	}

	/** What a sweep removed. */
	record Removed(int temporaryFiles, int filesOfDeletedMedia, int blobs) {
	}
}
