package org.kerys.storage;

import java.util.UUID;

/**
 * A media's file was stored (or replaced) in Kerys' blob store and is served at {@code downloadPath}
 * ({@code /api/v1/media/{media_id}}); the catalogue points the media's connector there.
 *
 * @param actor the login of who stored it, or {@code "system"}
 */
public record MediaFileStored(UUID mediaId, UUID globalId, long size, String sha256, String md5,
		String downloadPath, String actor) {
}
