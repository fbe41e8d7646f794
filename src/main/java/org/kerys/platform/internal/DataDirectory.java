package org.kerys.platform.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.slf4j.LoggerFactory;

/**
 * The data directory and the lock that says one Kerys process owns it. The lock is an OS file lock:
 * it is released whenever the process ends, even by {@code kill -9}.
 */
final class DataDirectory implements AutoCloseable {

	private final Path root;
	private final FileChannel channel;
	private final FileLock lock;

	private DataDirectory(Path root, FileChannel channel, FileLock lock) {
		this.root = root;
		this.channel = channel;
		this.lock = lock;
	}

	static DataDirectory open(Path root) {
		try {
			Files.createDirectories(root);
			FileChannel channel = FileChannel.open(root.resolve("kerys.lock"), StandardOpenOption.CREATE,
					StandardOpenOption.WRITE);
			FileLock lock = channel.tryLock();
			if (lock != null) {
				clearScratch(root.resolve("tmp"));
			}
			return new DataDirectory(root, channel, lock);
		}
		catch (IOException e) {
			throw new UncheckedIOException("Cannot open the data directory " + root + ": " + e.getMessage(), e);
		}
	}

	/**
	 * {@code tmp/} holds work in progress (e.g. import bodies); whatever a killed Kerys left there is dropped.
	 * Only the owner of the directory does this: a command running beside a Kerys server leaves it alone.
	 */
	private static void clearScratch(Path scratch) throws IOException {
		if (!Files.isDirectory(scratch)) {
			return;
		}
		try (var files = Files.list(scratch)) {
			for (Path file : (Iterable<Path>) files::iterator) {
				if (Files.isRegularFile(file)) {
					Files.deleteIfExists(file);
					LoggerFactory.getLogger(DataDirectory.class).info("Removed {} left by an interrupted run", file);
				}
			}
		}
	}

	Path root() {
		return root;
	}

	/** False when another Kerys process owns this data directory. */
	boolean owned() {
		return lock != null;
	}

	@Override
	public void close() throws IOException {
		if (lock != null) {
			lock.release();
		}
		channel.close();
	}
}
