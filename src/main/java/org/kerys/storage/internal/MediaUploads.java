package org.kerys.storage.internal;

import java.io.InputStream;
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

	MediaUploads(MediaDescriptors descriptors, BlobStore blobs, MediaFileRows rows, BlobLocks locks,
			BlobCollector collector, ApplicationEventPublisher events, PlatformTransactionManager transactions,
			KerysProperties properties, AccessPolicy policy) {
		this.policy = policy;
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
			return transaction.execute(status -> record(media, staged, contentType));
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

	private Upload record(DeclaredMedia streamed, BlobStore.StagedBlob staged, String contentType) {
		String sha256 = staged.digests().sha256();
		locks.media(streamed.mediaId());
		// Streaming may have taken minutes: the dataset may since have dropped the media or changed its declaration.
		DeclaredMedia media = descriptors.declared(streamed.mediaId())
				.orElseThrow(() -> ProblemException.notFound("ERR-104", "Media " + streamed.mediaId()
						+ " was deleted during the upload."));
		if (!media.equals(streamed)) {
			if (!"FILE".equalsIgnoreCase(media.mediaType())) {
				throw changed(media);
			}
			verify(media, staged, checksumAlgorithm(media));
		}
		String previous = rows.lockCurrentBlob(media.mediaId()).orElse(null);
		locks.blob(sha256);
		collector.afterRollback(sha256);
		blobs.place(staged);
		MediaFile file = new MediaFile(media.mediaId(), media.globalId(), sha256, staged.digests().md5(),
				staged.size(), contentType, media.mediaName(), Instant.now());
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
