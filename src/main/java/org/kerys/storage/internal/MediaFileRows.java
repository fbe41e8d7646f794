package org.kerys.storage.internal;

import java.sql.Timestamp;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code media_files} table. */
@Repository
class MediaFileRows {

	private final JdbcClient jdbc;

	MediaFileRows(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	Optional<MediaFile> find(UUID mediaId) {
		return jdbc.sql("""
				select media_id, global_id, sha256, md5, size, content_type, file_name, stored_at, key_id, plain_size
				from media_files where media_id = :id""")
				.param("id", mediaId)
				.query((rs, i) -> new MediaFile(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
						rs.getString(3), rs.getString(4), rs.getLong(5), rs.getString(6), rs.getString(7),
						rs.getTimestamp(8).toInstant(), rs.getObject(9, UUID.class), rs.getObject(10, Long.class)))
				.optional();
	}

	boolean exists(UUID mediaId) {
		return jdbc.sql("select exists (select 1 from media_files where media_id = :id)")
				.param("id", mediaId)
				.query(Boolean.class)
				.single();
	}

	/** The blob the media's file has now, locking its row (if any) until the transaction ends. */
	Optional<String> lockCurrentBlob(UUID mediaId) {
		return jdbc.sql("select sha256 from media_files where media_id = :id for update")
				.param("id", mediaId)
				.query(String.class)
				.optional();
	}

	void save(MediaFile file) {
		jdbc.sql("""
				insert into media_files (media_id, global_id, sha256, md5, size, content_type, file_name, stored_at,
					key_id, plain_size)
				values (:mediaId, :globalId, :sha256, :md5, :size, :contentType, :fileName, :storedAt, :keyId,
					:plainSize)
				on conflict (media_id) do update set global_id = excluded.global_id, sha256 = excluded.sha256,
					md5 = excluded.md5, size = excluded.size, content_type = excluded.content_type,
					file_name = excluded.file_name, stored_at = excluded.stored_at, key_id = excluded.key_id,
					plain_size = excluded.plain_size""")
				.param("mediaId", file.mediaId())
				.param("globalId", file.globalId())
				.param("sha256", file.sha256())
				.param("md5", file.md5())
				.param("size", file.size())
				.param("contentType", file.contentType())
				.param("fileName", file.fileName())
				.param("storedAt", Timestamp.from(file.storedAt()))
				.param("keyId", file.keyId())
				.param("plainSize", file.plainSize())
				.update();
	}

	/** Deletes the rows of these media; returns the blobs they referenced. */
	Set<String> delete(Collection<UUID> mediaIds) {
		if (mediaIds.isEmpty()) {
			return Set.of();
		}
		return new HashSet<>(jdbc.sql("delete from media_files where media_id = any(:ids) returning sha256")
				.param("ids", mediaIds.toArray(UUID[]::new))
				.query(String.class)
				.list());
	}

	/** Media ids in order, after {@code after} (null for the first page): for walking the whole table. */
	List<UUID> mediaIdsAfter(UUID after, int limit) {
		return jdbc.sql("""
				select media_id from media_files where (cast(:after as uuid) is null or media_id > :after)
				order by media_id limit :limit""")
				.param("after", after)
				.param("limit", limit)
				.query(UUID.class)
				.list();
	}

	boolean references(String sha256) {
		return jdbc.sql("select exists (select 1 from media_files where sha256 = :sha256)")
				.param("sha256", sha256)
				.query(Boolean.class)
				.single();
	}

	/** Which of these blobs some row references. */
	Set<String> referenced(List<String> sha256s) {
		if (sha256s.isEmpty()) {
			return Set.of();
		}
		return new HashSet<>(jdbc.sql("select distinct sha256 from media_files where sha256 = any(:hashes)")
				.param("hashes", sha256s.toArray(String[]::new))
				.query(String.class)
				.list());
	}
}
