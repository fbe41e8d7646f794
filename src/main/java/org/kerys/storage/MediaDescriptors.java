package org.kerys.storage;

import java.util.Optional;
import java.util.UUID;

/**
 * What storage needs to know of a media before accepting its file: implemented by the catalogue, which owns
 * the descriptors (storage does not depend on the catalogue).
 */
public interface MediaDescriptors {

	Optional<DeclaredMedia> declared(UUID mediaId);

	/**
	 * A media as its dataset declares it. {@code size}, {@code checksumAlgo} (MD5, SHA-256, …) and
	 * {@code checksumHash} are null when not declared; declared ones are verified on upload.
	 * {@code mediaType} is FILE, SERVICE or SERIES (only FILE media have files); {@code restricted} is true
	 * when the dataset is not open data (restricted or self-data), whose files only the gateway serves;
	 * {@code producerId} is the dataset's producer organisation (who may upload its files).
	 */
	record DeclaredMedia(UUID mediaId, UUID globalId, String mediaType, String mediaName, String fileType,
			Long size, String checksumAlgo, String checksumHash, boolean restricted, UUID producerId) {
	}
}
