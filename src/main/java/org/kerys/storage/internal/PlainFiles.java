package org.kerys.storage.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.kerys.platform.ProblemException;
import org.kerys.storage.MediaDescriptors;
import org.kerys.storage.MediaDescriptors.DeclaredMedia;
import org.kerys.storage.MediaFiles.PlainFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/** Opens stored files for reading in clear: encrypted ones through {@link CryptFile}, the others as they are. */
@Component
class PlainFiles {

	private static final Logger log = LoggerFactory.getLogger(PlainFiles.class);
	private static final int BUFFER_SIZE = 64 * 1024;

	private final BlobStore blobs;
	private final MediaKeys keys;
	private final MediaDescriptors descriptors;

	PlainFiles(BlobStore blobs, MediaKeys keys, MediaDescriptors descriptors) {
		this.blobs = blobs;
		this.keys = keys;
		this.descriptors = descriptors;
	}

	PlainFile of(MediaFile file) {
		String declared = descriptors.declared(file.mediaId()).map(DeclaredMedia::fileType).orElse(null);
		return new Stored(file, CryptTypes.readerType(declared));
	}

	private final class Stored implements PlainFile {

		private final MediaFile file;
		private final String contentType;
		private CryptFile.Opened opened;
		private boolean verified;

		Stored(MediaFile file, String contentType) {
			this.file = file;
			this.contentType = contentType;
		}

		@Override
		public UUID mediaId() {
			return file.mediaId();
		}

		@Override
		public long size() {
			return file.encrypted() ? file.plainSize() : file.size();
		}

		@Override
		public String sha256() {
			return file.sha256();
		}

		@Override
		public Instant storedAt() {
			return file.storedAt();
		}

		@Override
		public boolean encrypted() {
			return file.encrypted();
		}

		@Override
		public String contentType() {
			return contentType;
		}

		@Override
		public void verify() {
			if (!file.encrypted() || verified) {
				return;
			}
			try (FileChannel channel = open()) {
				if (channel.size() != file.size()) {
					log.error("Media {}: its encrypted file (blob {}) has {} bytes where {} were stored: altered at "
							+ "rest; nothing of it was sent", file.mediaId(), file.sha256(), channel.size(), file.size());
					throw integrity();
				}
				opened = open(channel);
				long start = System.nanoTime();
				if (!CryptFile.verify(channel, opened)) {
					log.error("Media {}: its encrypted file (blob {}) fails its GCM tag check: altered at rest; "
							+ "nothing of it was sent", file.mediaId(), file.sha256());
					throw integrity();
				}
				log.debug("Media {}: tag of {} bytes checked in {} ms", file.mediaId(), file.size(),
						(System.nanoTime() - start) / 1_000_000);
				verified = true;
			}
			catch (IOException e) {
				throw new UncheckedIOException(e);
			}
		}

		@Override
		public void transfer(long first, long length, OutputStream out) throws IOException {
			if (first < 0 || length < 0 || first + length > size()) {
				throw new IllegalArgumentException("Bytes " + first + "+" + length + " are outside the file");
			}
			verify();
			try (FileChannel channel = open()) {
				if (file.encrypted()) {
					try {
						CryptFile.decrypt(channel, opened, first, length, out);
					}
					catch (CryptFile.ClientGone e) {
						// The client went away: nobody is left to answer.
					}
				}
				else {
					copy(channel, first, length, out);
				}
			}
		}

		private CryptFile.Opened open(FileChannel channel) throws IOException {
			CryptFile.Candidate key;
			try {
				key = keys.privateKey(file.keyId()).orElse(null);
			}
			catch (IllegalStateException e) {
				log.error("Media {}: its private key {} cannot be unwrapped: {}", file.mediaId(), file.keyId(),
						e.getMessage());
				throw new ProblemException(HttpStatus.INTERNAL_SERVER_ERROR, "KRS-500-MASTER-KEY",
						"The key of this encrypted file cannot be opened: see the server log.");
			}
			if (key == null) {
				log.error("Media {}: the key {} its file was encrypted for is gone", file.mediaId(), file.keyId());
				throw integrity();
			}
			CryptFile.Opened result = CryptFile.open(channel, file.size(), List.of(key)).orElse(null);
			if (result == null || result.plainSize() != file.plainSize()) {
				log.error("Media {}: the first block of its encrypted file (blob {}) no longer opens with key {}: "
						+ "altered at rest; nothing of it was sent", file.mediaId(), file.sha256(), file.keyId());
				throw integrity();
			}
			return result;
		}

		private FileChannel open() throws IOException {
			try {
				return FileChannel.open(blobs.path(file.sha256()), StandardOpenOption.READ);
			}
			catch (NoSuchFileException e) {
				log.error("The blob {} of media {} is missing from the blob store", file.sha256(), file.mediaId());
				throw new ProblemException(HttpStatus.INTERNAL_SERVER_ERROR, "ERR-500", "The file is unavailable.");
			}
		}
	}

	private static ProblemException integrity() {
		return new ProblemException(HttpStatus.INTERNAL_SERVER_ERROR, "KRS-500-CRYPT-INTEGRITY",
				"The stored encrypted file fails its integrity check: it is not served. The administrators were told.");
	}

	/** Writes a byte range of a file in constant memory; a client that went away ends it quietly (nobody is left to answer). */
	static void copy(FileChannel channel, long first, long length, OutputStream out) throws IOException {
		ByteBuffer buffer = ByteBuffer.allocate(BUFFER_SIZE);
		long position = first;
		long remaining = length;
		while (remaining > 0) {
			buffer.clear().limit((int) Math.min(BUFFER_SIZE, remaining));
			int read = channel.read(buffer, position);
			if (read < 0) {
				throw new IOException("The blob ended before its recorded size");
			}
			try {
				out.write(buffer.array(), 0, read);
			}
			catch (IOException e) {
				return;
			}
			position += read;
			remaining -= read;
		}
	}
}
