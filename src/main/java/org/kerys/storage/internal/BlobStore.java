package org.kerys.storage.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.kerys.platform.KerysProperties;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The local blob store: files under {@code <data dir>/blobs/sha256/ab/cd/<sha256>}, named by their content,
 * written to {@code blobs/tmp} first, fsynced, then renamed into place so that a blob is whole or absent.
 */
@Component
class BlobStore {

	static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

	private static final int BUFFER_SIZE = 64 * 1024;

	private final Path blobs;
	private final Path tmp;
	// Names this process' temporary files, so that the start-up sweep removes only those of earlier runs.
	private final String run = UUID.randomUUID().toString().substring(0, 8);

	@Autowired
	BlobStore(KerysProperties properties) {
		this(properties.dataDir().resolve("blobs"));
	}

	BlobStore(Path root) {
		this.blobs = root.resolve("sha256");
		this.tmp = root.resolve("tmp");
		try {
			Files.createDirectories(blobs);
			Files.createDirectories(tmp);
		}
		catch (IOException e) {
			throw new UncheckedIOException("Cannot create the blob store under " + root, e);
		}
	}

	/**
	 * Streams {@code body} into a new temporary file, digesting it on the way, and stops as soon as more than
	 * {@code limit} bytes came. The caller owns the returned file and must {@link StagedBlob#close() close} it.
	 * @throws BodyTooLarge when the body is longer than {@code limit} (nothing is left on disk)
	 * @throws BodyUnreadable when reading the body failed, typically because the client went away
	 */
	StagedBlob stage(InputStream body, long limit, Digests digests) {
		Path file = tmp.resolve(run + "-" + UUID.randomUUID() + ".part");
		boolean staged = false;
		try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
			byte[] buffer = new byte[BUFFER_SIZE];
			long size = 0;
			int read;
			while ((read = read(body, buffer)) != -1) {
				size += read;
				if (size > limit) {
					throw new BodyTooLarge(limit);
				}
				digests.update(buffer, read);
				ByteBuffer chunk = ByteBuffer.wrap(buffer, 0, read);
				while (chunk.hasRemaining()) {
					channel.write(chunk);
				}
			}
			// Durable before it gets a name: after a crash a blob is either whole or absent.
			channel.force(true);
			staged = true;
			return new StagedBlob(file, size, digests.finish());
		}
		catch (IOException e) {
			throw new UncheckedIOException("Cannot write " + file, e);
		}
		finally {
			if (!staged) {
				deleteQuietly(file);
			}
		}
	}

	private static int read(InputStream body, byte[] buffer) {
		try {
			return body.read(buffer);
		}
		catch (IOException e) {
			throw new BodyUnreadable(e);
		}
	}

	/**
	 * Gives the staged file its content address (or drops it when that blob already exists). The caller holds
	 * the blob's lock, so no sweep removes the blob between this and the commit of the row that references it.
	 */
	void place(StagedBlob staged) {
		Path target = path(staged.digests().sha256());
		try {
			if (Files.exists(target)) {
				Files.deleteIfExists(staged.file());
				return;
			}
			Files.createDirectories(target.getParent());
			Files.move(staged.file(), target, StandardCopyOption.ATOMIC_MOVE);
			fsyncDirectory(target.getParent());
		}
		catch (IOException e) {
			throw new UncheckedIOException("Cannot store blob " + target, e);
		}
	}

	Path path(String sha256) {
		if (!SHA256.matcher(sha256).matches()) {
			throw new IllegalArgumentException("Not a SHA-256: " + sha256);
		}
		return blobs.resolve(sha256.substring(0, 2)).resolve(sha256.substring(2, 4)).resolve(sha256);
	}

	boolean exists(String sha256) {
		return Files.isRegularFile(path(sha256));
	}

	/** Removes a blob; the caller made sure (under the blob's lock) that no row references it. */
	boolean delete(String sha256) {
		try {
			return Files.deleteIfExists(path(sha256));
		}
		catch (IOException e) {
			throw new UncheckedIOException("Cannot delete blob " + sha256, e);
		}
	}

	/** Every blob on disk, by its SHA-256 (files with other names are not blobs and are left alone). */
	Stream<String> blobs() {
		try {
			return Files.find(blobs, 3, (path, attributes) -> attributes.isRegularFile())
					.map(path -> path.getFileName().toString())
					.filter(name -> SHA256.matcher(name).matches());
		}
		catch (IOException e) {
			throw new UncheckedIOException("Cannot list the blobs under " + blobs, e);
		}
	}

	/** Temporary files not written by this process: left over by one that stopped mid-upload. */
	List<Path> leftoverTemporaryFiles() {
		try (Stream<Path> files = Files.list(tmp)) {
			return new ArrayList<>(files.filter(file -> !file.getFileName().toString().startsWith(run + "-")).toList());
		}
		catch (IOException e) {
			throw new UncheckedIOException("Cannot list " + tmp, e);
		}
	}

	static void deleteQuietly(Path file) {
		try {
			Files.deleteIfExists(file);
		}
		catch (IOException e) {
			// The start-up sweep removes it later; the failure being handled matters more.
		}
	}

	private static void fsyncDirectory(Path directory) {
		// Makes the rename itself durable. Linux allows opening a directory for this; other systems may not.
		try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
			channel.force(true);
		}
		catch (IOException e) {
			// Not supported here (e.g. Windows): the file's own fsync is what we can do.
		}
	}

	/** A body written to a temporary file, with its size and digests; closing it removes the file if still there. */
	record StagedBlob(Path file, long size, Digests.Result digests) implements AutoCloseable {

		@Override
		public void close() {
			deleteQuietly(file);
		}
	}

	/** The body was longer than the limit it was read with. */
	static final class BodyTooLarge extends RuntimeException {

		BodyTooLarge(long limit) {
			super("The body is larger than " + limit + " bytes", null, false, false);
		}
	}

	/** Reading the body failed: the client disconnected or sent less than it announced. */
	static final class BodyUnreadable extends RuntimeException {

		BodyUnreadable(IOException cause) {
			super("The request body could not be read: " + cause.getMessage(), cause, false, false);
		}
	}
}
