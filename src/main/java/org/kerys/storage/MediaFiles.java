package org.kerys.storage;

import java.util.Collection;
import java.util.UUID;

/** The stored files of media, as other modules may use them. */
public interface MediaFiles {

	/** True when a file was uploaded for this media. */
	boolean stored(UUID mediaId);

	/**
	 * These media no longer exist (their dataset was deleted or changed): forget their files, in the caller's
	 * transaction; a blob no other media uses is removed from disk once that transaction commits.
	 */
	void release(Collection<UUID> mediaIds);
}
