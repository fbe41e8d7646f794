package org.kerys.storage.internal;

import java.util.Collection;
import java.util.UUID;

import org.kerys.storage.MediaFiles;
import org.springframework.stereotype.Component;

/** TEMPORARY until the storage branch lands. */
@Component
class TemporaryMediaFiles implements MediaFiles {

	@Override
	public boolean stored(UUID mediaId) {
		return false;
	}

	@Override
	public void release(Collection<UUID> mediaIds) {
	}
}
