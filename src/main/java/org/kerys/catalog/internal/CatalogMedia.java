package org.kerys.catalog.internal;

import java.util.Optional;
import java.util.UUID;

import org.kerys.platform.KerysProperties;
import org.kerys.storage.MediaDescriptors;
import org.kerys.storage.MediaFileStored;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The catalogue's side of media files: tells storage what a media declares, and once a file is stored, points
 * the media's connector at Kerys (in the same transaction as the upload).
 */
@Component
class CatalogMedia implements MediaDescriptors {

	private final JdbcClient jdbc;
	private final Datasets datasets;
	private final String publicUrl;

	CatalogMedia(JdbcClient jdbc, Datasets datasets, KerysProperties properties) {
		this.jdbc = jdbc;
		this.datasets = datasets;
		String url = properties.publicUrl() == null ? "" : properties.publicUrl();
		this.publicUrl = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
	}

	@Override
	public Optional<DeclaredMedia> declared(UUID mediaId) {
		return jdbc.sql("""
				select m.media_id, m.global_id, m.media_type, m.media_name, m.file_type, m.file_size,
				  m.checksum_algo, m.checksum_hash, d.regime, d.producer_id
				from dataset_media m join datasets d on d.global_id = m.global_id where m.media_id = ?""")
				.param(mediaId)
				.query((rs, i) -> new DeclaredMedia(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
						rs.getString(3), rs.getString(4), rs.getString(5), (Long) rs.getObject(6), rs.getString(7),
						rs.getString(8), !"open".equals(rs.getString(9)), rs.getObject(10, UUID.class)))
				.optional();
	}

	@EventListener
	void on(MediaFileStored stored) {
		datasets.find(stored.globalId()).ifPresent(dataset -> {
			ObjectNode metadata = (ObjectNode) dataset.metadata();
			for (JsonNode media : metadata.path("available_formats")) {
				if (stored.mediaId().toString().equals(media.path("media_id").asString(""))) {
					((ObjectNode) media).withObjectProperty("connector").put("url", publicUrl + stored.downloadPath());
				}
			}
			datasets.replaceMetadata(stored.globalId(), metadata);
		});
	}
}
