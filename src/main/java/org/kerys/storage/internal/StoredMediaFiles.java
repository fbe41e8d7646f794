package org.kerys.storage.internal;

import java.util.Collection;
import java.util.UUID;

import org.kerys.storage.MediaFiles;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** {@link MediaFiles} over the {@code media_files} table and the blob store. */
@Service
class StoredMediaFiles implements MediaFiles {

	private final MediaFileRows rows;
	private final BlobCollector collector;

	StoredMediaFiles(MediaFileRows rows, BlobCollector collector) {
		this.rows = rows;
		this.collector = collector;
	}

	@Override
	public boolean stored(UUID mediaId) {
		return rows.exists(mediaId);
	}

	@Override
	@Transactional
	public void release(Collection<UUID> mediaIds) {
		collector.afterCommit(rows.delete(mediaIds));
	}
}
