package org.kerys.storage.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.kerys.identity.AccessPolicy;
import org.kerys.platform.ProblemException;
import org.kerys.storage.MediaDescriptors;
import org.kerys.storage.MediaDescriptors.DeclaredMedia;
import org.kerys.storage.MediaFiles.PlainFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Serves a media's file: whole or one byte range, with validators for caches, streamed through a fixed buffer
 * whatever its size. Files of restricted datasets are left to the gateway, except for administrators. An encrypted
 * ({@code +crypt}) file is decrypted on the way out, after its integrity was checked ({@link PlainFiles}).
 */
@Component
class MediaDownloads {

	private static final Logger log = LoggerFactory.getLogger(MediaDownloads.class);

	private final MediaFileRows rows;
	private final MediaDescriptors descriptors;
	private final BlobStore blobs;

	private final AccessPolicy policy;
	private final PlainFiles plainFiles;

	MediaDownloads(MediaFileRows rows, MediaDescriptors descriptors, BlobStore blobs, AccessPolicy policy,
			PlainFiles plainFiles) {
		this.policy = policy;
		this.plainFiles = plainFiles;
		this.rows = rows;
		this.descriptors = descriptors;
		this.blobs = blobs;
	}

	/** Tomcat's sendfile contract (request attributes); below this size a copy through a buffer is as fast. */
	private static final String SENDFILE_SUPPORT = "org.apache.tomcat.sendfile.support";
	private static final String SENDFILE_FILENAME = "org.apache.tomcat.sendfile.filename";
	private static final String SENDFILE_START = "org.apache.tomcat.sendfile.start";
	private static final String SENDFILE_END = "org.apache.tomcat.sendfile.end";
	private static final long SENDFILE_MIN = 64 * 1024;

	void serve(UUID mediaId, HttpServletRequest request, HttpServletResponse response) throws IOException {
		MediaFile file = rows.find(mediaId).orElseThrow(() -> noFile(mediaId));
		// The dataset may have changed since the upload (now restricted, renamed): its current word counts.
		DeclaredMedia media = descriptors.declared(mediaId).orElseThrow(() -> noFile(mediaId));
		if (media.restricted() && !policy.mayReadRestrictedFilesOf(AccessPolicy.caller(), media.producerId())) {
			throw new ProblemException(HttpStatus.FORBIDDEN, "ERR-403",
					"This media belongs to a restricted dataset: its file is served through the gateway.");
		}
		String etag = "\"" + file.sha256() + "\"";
		Instant lastModified = file.storedAt().truncatedTo(ChronoUnit.SECONDS);
		response.setHeader(HttpHeaders.ETAG, etag);
		response.setDateHeader(HttpHeaders.LAST_MODIFIED, lastModified.toEpochMilli());
		response.setHeader(HttpHeaders.CACHE_CONTROL, media.restricted() ? "private, no-store" : "no-cache");
		if (matches(request.getHeader(HttpHeaders.IF_NONE_MATCH), etag)) {
			response.setStatus(HttpStatus.NOT_MODIFIED.value());
			return;
		}
		// An encrypted file is served in clear: its size, ranges and type are the plaintext's.
		PlainFile plain = file.encrypted() ? plainFiles.of(file) : null;
		long size = plain != null ? plain.size() : file.size();
		boolean head = "HEAD".equals(request.getMethod());
		// Ranges are defined for GET only; a stale If-Range means "the whole new file".
		ByteRange range = head || !ifRangeHolds(request.getHeader(HttpHeaders.IF_RANGE), etag, lastModified) ? null
				: ByteRange.of(request.getHeader(HttpHeaders.RANGE), size);
		response.setHeader(HttpHeaders.ACCEPT_RANGES, "bytes");
		if (range == ByteRange.UNSATISFIABLE) {
			response.setHeader(HttpHeaders.CONTENT_RANGE, "bytes */" + size);
			throw new ProblemException(HttpStatus.REQUESTED_RANGE_NOT_SATISFIABLE, "KRS-416-RANGE",
					"The file has " + size + " bytes.");
		}
		if (plain != null) {
			if (!head) {
				// The whole tag is checked before the status line is written: a tampered file gets a problem
				// response, never a 200 cut short, and no plaintext byte leaves before the check.
				try {
					plain.verify();
				}
				catch (RuntimeException e) {
					response.reset(); // no validators or ranges on the problem response
					throw e;
				}
			}
			writeHeaders(response, media, mediaId, plain.contentType(), range, size);
			if (!head) {
				plain.transfer(range == null ? 0 : range.first(), range == null ? size : range.length(),
						response.getOutputStream());
			}
			return;
		}
		try (FileChannel channel = open(file)) {
			writeHeaders(response, media, mediaId, contentType(media), range, size);
			long first = range == null ? 0 : range.first();
			long length = range == null ? file.size() : range.length();
			if (head) {
				return;
			}
			if (length >= SENDFILE_MIN && Boolean.TRUE.equals(request.getAttribute(SENDFILE_SUPPORT))) {
				// Zero-copy: Tomcat sends the bytes from the page cache to the socket once we return. It reopens
				// the blob by name; a blob removed in between (file replaced) ends the transfer early.
				request.setAttribute(SENDFILE_FILENAME, blobs.path(file.sha256()).toAbsolutePath().toString());
				request.setAttribute(SENDFILE_START, first);
				request.setAttribute(SENDFILE_END, first + length);
				return;
			}
			PlainFiles.copy(channel, first, length, response.getOutputStream());
		}
	}

	private static void writeHeaders(HttpServletResponse response, DeclaredMedia media, UUID mediaId,
			String contentType, ByteRange range, long size) {
		response.setContentType(contentType);
		response.setHeader(HttpHeaders.CONTENT_DISPOSITION,
				DownloadNames.attachment(media.mediaName(), mediaId.toString()));
		// The file is the producer's, not ours: never let a browser run it in Kerys' origin.
		response.setHeader("Content-Security-Policy", "default-src 'none'; sandbox");
		if (range != null) {
			response.setStatus(HttpStatus.PARTIAL_CONTENT.value());
			response.setHeader(HttpHeaders.CONTENT_RANGE, range.contentRange(size));
		}
		response.setContentLengthLong(range == null ? size : range.length());
	}

	private FileChannel open(MediaFile file) {
		try {
			return FileChannel.open(blobs.path(file.sha256()), StandardOpenOption.READ);
		}
		catch (NoSuchFileException e) {
			log.error("The blob {} of media {} is missing from the blob store", file.sha256(), file.mediaId());
			throw new ProblemException(HttpStatus.INTERNAL_SERVER_ERROR, "ERR-500", "The file is unavailable.");
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	private static boolean matches(String ifNoneMatch, String etag) {
		if (ifNoneMatch == null) {
			return false;
		}
		// Weak comparison (RFC 9110 §13.1.2): W/"x" matches "x".
		return Arrays.stream(ifNoneMatch.split(",")).map(String::trim)
				.anyMatch(tag -> tag.equals("*") || tag.equals(etag) || tag.equals("W/" + etag));
	}

	private static boolean ifRangeHolds(String ifRange, String etag, Instant lastModified) {
		if (ifRange == null) {
			return true;
		}
		String value = ifRange.trim();
		if (value.startsWith("\"") || value.startsWith("W/")) {
			return value.equals(etag);
		}
		try {
			return ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant().equals(lastModified);
		}
		catch (DateTimeParseException e) {
			return false;
		}
	}

	private static String contentType(DeclaredMedia media) {
		// A file declared +crypt but stored before it was (in clear) is served as it is, under the plain type.
		return CryptTypes.readerType(media.fileType());
	}

	private static ProblemException noFile(UUID mediaId) {
		return ProblemException.notFound("ERR-104", "No file was stored for media " + mediaId + ".");
	}
}
