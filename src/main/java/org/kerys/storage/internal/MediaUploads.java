package org.kerys.storage.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import org.kerys.identity.AccessPolicy;
import org.kerys.platform.KerysProperties;
import org.kerys.platform.ProblemException;
import org.kerys.storage.MediaDescriptors;
import org.kerys.storage.MediaDescriptors.DeclaredMedia;
import org.kerys.storage.MediaFileStored;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Stores the file of a FILE media: checks it against the media's declared size and checksum while streaming it
 * to a temporary file, then, in one transaction, puts the blob in place, records it and says so.
 */
@Service
class MediaUploads {

	private static final Logger log = LoggerFactory.getLogger(MediaUploads.class);

	private final MediaDescriptors descriptors;
	private final BlobStore blobs;
	private final MediaFileRows rows;
	private final BlobLocks locks;
	private final BlobCollector collector;
	private final ApplicationEventPublisher events;
	private final TransactionTemplate transaction;
	private final AccessPolicy policy;
	private final long maxSize;
	private final MediaKeys keys;

	MediaUploads(MediaKeys keys, MediaDescriptors descriptors, BlobStore blobs, MediaFileRows rows, BlobLocks locks,
			BlobCollector collector, ApplicationEventPublisher events, PlatformTransactionManager transactions,
			KerysProperties properties, AccessPolicy policy) {
		this.policy = policy;
		this.keys = keys;
		this.descriptors = descriptors;
		this.blobs = blobs;
		this.rows = rows;
		this.locks = locks;
		this.collector = collector;
		this.events = events;
		this.transaction = new TransactionTemplate(transactions);
		this.maxSize = properties.mediaMaxSize().toBytes();
	}

	/**
	 * @param contentLength the request's {@code Content-Length}, or -1 when the body is chunked
	 * @return the stored file, and whether the media had none before
	 */
	Upload store(UUID mediaId, InputStream body, long contentLength, String contentType) {
		DeclaredMedia media = descriptors.declared(mediaId)
				.orElseThrow(() -> ProblemException.notFound("ERR-104", "No media " + mediaId + "."));
		policy.checkMediaWrite(media.producerId());
		if (!"FILE".equalsIgnoreCase(media.mediaType())) {
			throw new ProblemException(HttpStatus.CONFLICT, "KRS-409-NOT-A-FILE", "Media " + mediaId + " is a "
					+ media.mediaType() + " media: only FILE media have a file.");
		}
		String algorithm = checksumAlgorithm(media);
		long limit = limit(media, contentLength);
		try (BlobStore.StagedBlob staged = stage(media, body, limit, algorithm)) {
			if (contentLength >= 0 && staged.size() != contentLength) {
				throw incomplete(null);
			}
			verify(media, staged, algorithm);
			CryptFile.Opened crypt = CryptTypes.encrypted(media.fileType()) ? crypt(media, staged) : null;
			return transaction.execute(status -> record(media, staged, contentType, crypt));
		}
	}

	private long limit(DeclaredMedia media, long contentLength) {
		Long declared = media.size();
		if (contentLength > maxSize || (declared != null && declared > maxSize)) {
			throw tooLarge();
		}
		if (declared != null && contentLength >= 0 && contentLength != declared) {
			throw sizeMismatch(media, contentLength);
		}
		return declared != null ? declared : maxSize;
	}

	private BlobStore.StagedBlob stage(DeclaredMedia media, InputStream body, long limit, String algorithm) {
		try {
			return blobs.stage(body, limit, Digests.of(algorithm));
		}
		catch (BlobStore.BodyTooLarge e) {
			throw media.size() != null ? sizeMismatch(media, null) : tooLarge();
		}
		catch (BlobStore.BodyUnreadable e) {
			log.info("Upload of media {} abandoned: {}", media.mediaId(), e.getMessage());
			throw incomplete(e);
		}
	}

	private static String checksumAlgorithm(DeclaredMedia media) {
		if (media.checksumAlgo() == null || media.checksumHash() == null) {
			return null;
		}
		return Digests.algorithm(media.checksumAlgo()).orElseThrow(() -> new ProblemException(
				HttpStatus.UNPROCESSABLE_CONTENT, "KRS-422-CHECKSUM-ALGO", "Media " + media.mediaId()
						+ " declares a checksum in " + media.checksumAlgo()
						+ ", which Kerys cannot verify (MD5, SHA-256 or SHA-512)."));
	}

	private static void verify(DeclaredMedia media, BlobStore.StagedBlob staged, String algorithm) {
		if (media.size() != null && staged.size() != media.size()) {
			throw sizeMismatch(media, staged.size());
		}
		if (algorithm != null) {
			String actual = staged.digests().of(algorithm);
			if (actual == null) {
				// Only when the declaration changed to another algorithm while the body streamed in.
				throw changed(media);
			}
			if (!actual.equals(media.checksumHash().trim().toLowerCase(Locale.ROOT))) {
				throw new ProblemException(HttpStatus.UNPROCESSABLE_CONTENT, "KRS-422-CHECKSUM",
						"The file's " + algorithm + " is " + actual + " but the media declares "
								+ media.checksumHash() + ".");
			}
		}
	}

	/**
	 * A media declared {@code +crypt} takes only a file encrypted for one of its keys, whole and unaltered: a
	 * producer learns of a wrong key or a broken file now, not when a reader downloads it.
	 */
	private CryptFile.Opened crypt(DeclaredMedia media, BlobStore.StagedBlob staged) {
		try (FileChannel channel = FileChannel.open(staged.file(), StandardOpenOption.READ)) {
			CryptFile.Opened opened = CryptFile.open(channel, staged.size(), keys.privateKeys(media.mediaId()))
					.orElseThrow(() -> new ProblemException(HttpStatus.UNPROCESSABLE_CONTENT, "KRS-422-CRYPT-KEY",
							"Media " + media.mediaId() + " is declared " + media.fileType() + " but the file's first "
									+ "block does not open with any of its keys: encrypt it (RSA-OAEP, SHA-256) for "
									+ "the key of GET /api/v1/encryption-key?media-id=" + media.mediaId() + "."));
			if (!CryptFile.verify(channel, opened)) {
				throw new ProblemException(HttpStatus.UNPROCESSABLE_CONTENT, "KRS-422-CRYPT-TAG",
						"The file's AES-GCM tag does not match its content: it was damaged or truncated.");
			}
			return opened;
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	private Upload record(DeclaredMedia streamed, BlobStore.StagedBlob staged, String contentType,
			CryptFile.Opened crypt) {
		String sha256 = staged.digests().sha256();
		locks.media(streamed.mediaId());
		// Streaming may have taken minutes: the dataset may since have dropped the media or changed its declaration.
		DeclaredMedia media = descriptors.declared(streamed.mediaId())
				.orElseThrow(() -> ProblemException.notFound("ERR-104", "Media " + streamed.mediaId()
						+ " was deleted during the upload."));
		if (!media.equals(streamed)) {
			if (!"FILE".equalsIgnoreCase(media.mediaType())
					|| CryptTypes.encrypted(media.fileType()) != CryptTypes.encrypted(streamed.fileType())) {
				throw changed(media);
			}
			verify(media, staged, checksumAlgorithm(media));
		}
		String previous = rows.lockCurrentBlob(media.mediaId()).orElse(null);
		locks.blob(sha256);
		collector.afterRollback(sha256);
		blobs.place(staged);
		MediaFile file = new MediaFile(media.mediaId(), media.globalId(), sha256, staged.digests().md5(),
				staged.size(), contentType, media.mediaName(), Instant.now(), crypt == null ? null : crypt.keyId(),
				crypt == null ? null : crypt.plainSize());
		rows.save(file);
		if (previous != null && !previous.equals(sha256)) {
			collector.afterCommit(List.of(previous));
		}
		events.publishEvent(new MediaFileStored(file.mediaId(), file.globalId(), file.size(), file.sha256(),
				file.md5(), downloadPath(file.mediaId()), actor()));
		return new Upload(file, previous == null);
	}

	/** Who is storing the file: the authenticated caller, or {@code "system"}. */
	private static String actor() {
		Authentication caller = SecurityContextHolder.getContext().getAuthentication();
		return caller != null && caller.isAuthenticated() && !(caller instanceof AnonymousAuthenticationToken)
				? caller.getName() : "system";
	}

	private static ProblemException changed(DeclaredMedia media) {
		return new ProblemException(HttpStatus.CONFLICT, "KRS-409-MEDIA-CHANGED", "Media " + media.mediaId()
				+ " was redeclared during the upload; send the file again.");
	}

	static String downloadPath(UUID mediaId) {
		return "/api/v1/media/" + mediaId;
	}

	private ProblemException tooLarge() {
		return new ProblemException(HttpStatus.CONTENT_TOO_LARGE, "KRS-413-TOO-LARGE",
				"A media file may not be larger than " + maxSize + " bytes (KERYS_MEDIA_MAX_SIZE).");
	}

	private static ProblemException sizeMismatch(DeclaredMedia media, Long actual) {
		return new ProblemException(HttpStatus.UNPROCESSABLE_CONTENT, "KRS-422-SIZE",
				"The media declares " + media.size() + " bytes but the file has "
						+ (actual == null ? "more" : actual) + ".");
	}

	private static ProblemException incomplete(RuntimeException cause) {
		ProblemException problem = new ProblemException(HttpStatus.BAD_REQUEST, "KRS-400-INCOMPLETE-BODY",
				"The request body ended before its announced Content-Length.");
		if (cause != null) {
			problem.initCause(cause);
		}
		return problem;
	}

	/** A stored file, and whether it is the media's first. */
	record Upload(MediaFile file, boolean created) {
	}
}
