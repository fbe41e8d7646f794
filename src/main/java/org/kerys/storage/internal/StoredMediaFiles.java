package org.kerys.storage.internal;

import java.util.Collection;
import java.util.Optional;
import java.util.UUID;

import org.kerys.storage.MediaFiles;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** {@link MediaFiles} over the {@code media_files} table and the blob store. */
@Service
class StoredMediaFiles implements MediaFiles {

	private final MediaFileRows rows;
	private final BlobCollector collector;
	private final MediaKeys keys;
	private final PlainFiles plainFiles;

	StoredMediaFiles(MediaFileRows rows, BlobCollector collector, MediaKeys keys, PlainFiles plainFiles) {
		this.rows = rows;
		this.collector = collector;
		this.keys = keys;
		this.plainFiles = plainFiles;
	}

	@Override
	public boolean stored(UUID mediaId) {
		return rows.exists(mediaId);
	}

	@Override
	@Transactional
	public void release(Collection<UUID> mediaIds) {
		collector.afterCommit(rows.delete(mediaIds));
		// Their files are gone with them: nothing is left for these keys to open.
		keys.delete(mediaIds);
	}

	@Override
	public Optional<PlainFile> plain(UUID mediaId) {
		return rows.find(mediaId).map(plainFiles::of);
	}
}
