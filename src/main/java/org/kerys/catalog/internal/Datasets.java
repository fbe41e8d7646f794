package org.kerys.catalog.internal;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.kerys.catalog.AccessRegime;
import org.kerys.catalog.DatasetRecord;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The {@code datasets} and {@code dataset_media} tables. */
@Repository
class Datasets {

	private final JdbcClient jdbc;
	private final JdbcTemplate template;
	private final JsonMapper json;

	Datasets(JdbcClient jdbc, JdbcTemplate template, JsonMapper json) {
		this.jdbc = jdbc;
		this.template = template;
		this.json = json;
	}

	private DatasetRecord record(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
		return new DatasetRecord(rs.getObject(1, UUID.class), AccessRegime.valueOf(rs.getString(2).toUpperCase()),
				json.readTree(rs.getString(3)), rs.getObject(4, OffsetDateTime.class),
				rs.getObject(5, OffsetDateTime.class));
	}

	private static final String RECORD_COLUMNS = "select global_id, regime, metadata::text, created_at, updated_at from datasets";

	Optional<DatasetRecord> find(UUID globalId) {
		return jdbc.sql(RECORD_COLUMNS + " where global_id = ?").param(globalId).query(this::record).optional();
	}

	/** Those of {@code globalIds} the catalogue has, in one query. */
	List<DatasetRecord> find(java.util.Collection<UUID> globalIds) {
		if (globalIds.isEmpty()) {
			return List.of();
		}
		return jdbc.sql(RECORD_COLUMNS + " where global_id = any(?)")
				.param(globalIds.toArray(UUID[]::new))
				.query(this::record).list();
	}

	List<DatasetRecord> after(UUID after, int limit) {
		return jdbc.sql(RECORD_COLUMNS + (after == null ? "" : " where global_id > :after") + " order by global_id limit :limit")
				.params(after == null ? Map.of("limit", limit) : Map.of("after", after, "limit", limit))
				.query(this::record).list();
	}

	/**
	 * A page of the datasets Kerys changed at or after {@code since} ({@code null}: all), oldest change first then by
	 * global id, so that a harvester paging through them while the catalogue changes misses nothing it had not seen.
	 */
	org.kerys.catalog.Page<DatasetRecord> changedSince(OffsetDateTime since, int offset, int limit) {
		String where = since == null ? "" : " where updated_at >= :since";
		Map<String, Object> params = new java.util.HashMap<>();
		if (since != null) {
			params.put("since", since);
		}
		long total = jdbc.sql("select count(*) from datasets" + where).params(params).query(Long.class).single();
		params.put("limit", limit);
		params.put("offset", offset);
		List<DatasetRecord> items = jdbc.sql(RECORD_COLUMNS + where
				+ " order by updated_at, global_id limit :limit offset :offset").params(params).query(this::record).list();
		return new org.kerys.catalog.Page<>(total, offset, limit, items);
	}

	boolean exists(UUID globalId) {
		return jdbc.sql("select count(*) from datasets where global_id = ?").param(globalId).query(Long.class)
				.single() > 0;
	}

	/** The media of a dataset, by id. */
	List<UUID> mediaIds(UUID globalId) {
		return jdbc.sql("select media_id from dataset_media where global_id = ?").param(globalId)
				.query(UUID.class).list();
	}

	/** The media ids of each of these datasets. */
	Map<UUID, List<UUID>> mediaIdsByDataset(Collection<UUID> globalIds) {
		Map<UUID, List<UUID>> media = new HashMap<>();
		jdbc.sql("select global_id, media_id from dataset_media where global_id = any(?)")
				.param(globalIds.toArray(UUID[]::new))
				.query((rs, i) -> media.computeIfAbsent(rs.getObject(1, UUID.class), k -> new java.util.ArrayList<>())
						.add(rs.getObject(2, UUID.class)))
				.list();
		return media;
	}

	/** Which of these global ids exist already. */
	List<UUID> existing(Collection<UUID> globalIds) {
		return jdbc.sql("select global_id from datasets where global_id = any(?)")
				.param(globalIds.toArray(UUID[]::new)).query(UUID.class).list();
	}

	/** Owner dataset of each of these local ids that is already used. */
	Map<String, UUID> localIdOwners(Collection<String> localIds) {
		return owners("select local_id, global_id from datasets where local_id = any(?)", localIds.toArray(String[]::new));
	}

	Map<String, UUID> doiOwners(Collection<String> dois) {
		return owners("select doi, global_id from datasets where doi = any(?)", dois.toArray(String[]::new));
	}

	Map<String, UUID> mediaOwners(Collection<UUID> mediaIds) {
		return owners("select media_id::text, global_id from dataset_media where media_id = any(?)",
				mediaIds.toArray(UUID[]::new));
	}

	private Map<String, UUID> owners(String sql, Object[] keys) {
		Map<String, UUID> owners = new HashMap<>();
		if (keys.length > 0) {
			jdbc.sql(sql).param(keys).query((rs, i) -> owners.put(rs.getString(1), rs.getObject(2, UUID.class))).list();
		}
		return owners;
	}

	/**
	 * Inserts these records and their media in the caller's transaction; with {@code replace}, an existing record
	 * of the same global id is replaced, without, it is a conflict (two creations racing end in one 409).
	 */
	void save(List<DatasetFields> records, boolean replace) {
		if (records.isEmpty()) {
			return;
		}
		Timestamp now = Timestamp.from(OffsetDateTime.now(ZoneOffset.UTC).toInstant());
		template.batchUpdate("""
				insert into datasets (global_id, local_id, doi, resource_title, producer_id, producer_name, theme,
				  licence, regime, storage_status, metadata, created_at, updated_at, dataset_updated)
				values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, cast(? as jsonb), ?, ?, ?)
				""" + (replace ? """
				on conflict (global_id) do update set local_id = excluded.local_id, doi = excluded.doi,
				  resource_title = excluded.resource_title, producer_id = excluded.producer_id,
				  producer_name = excluded.producer_name, theme = excluded.theme, licence = excluded.licence,
				  regime = excluded.regime, storage_status = excluded.storage_status, metadata = excluded.metadata,
				  updated_at = excluded.updated_at, dataset_updated = excluded.dataset_updated""" : ""), records, records.size(), (ps, r) -> {
			ps.setObject(1, r.globalId());
			ps.setString(2, r.localId());
			ps.setString(3, r.doi());
			ps.setString(4, r.title());
			ps.setObject(5, r.producerId());
			ps.setString(6, r.producerName());
			ps.setString(7, r.theme());
			ps.setString(8, r.licence());
			ps.setString(9, r.regime().code());
			ps.setString(10, r.storageStatus());
			ps.setString(11, json.writeValueAsString(r.metadata()));
			ps.setTimestamp(12, now);
			ps.setTimestamp(13, now);
			ps.setObject(14, r.datasetUpdated());
		});
		registerProducersAndContacts(records);
		template.update("delete from dataset_media where global_id = any(?)",
				(Object) records.stream().map(DatasetFields::globalId).toArray(UUID[]::new));
		List<DatasetFields.MediaFields> media = records.stream().flatMap(r -> r.media().stream()).toList();
		List<UUID> owners = records.stream().flatMap(r -> r.media().stream().map(m -> r.globalId())).toList();
		template.batchUpdate("""
				insert into dataset_media (media_id, global_id, position, media_type, media_name, file_type, file_size,
				  checksum_algo, checksum_hash) values (?, ?, ?, ?, ?, ?, ?, ?, ?)""",
				new org.springframework.jdbc.core.BatchPreparedStatementSetter() {
					@Override
					public void setValues(PreparedStatement ps, int i) throws SQLException {
						DatasetFields.MediaFields m = media.get(i);
						ps.setObject(1, m.mediaId());
						ps.setObject(2, owners.get(i));
						ps.setInt(3, m.position());
						ps.setString(4, m.mediaType());
						ps.setString(5, m.mediaName());
						ps.setString(6, m.fileType());
						if (m.fileSize() == null) {
							ps.setNull(7, Types.BIGINT);
						}
						else {
							ps.setLong(7, m.fileSize());
						}
						ps.setString(8, m.checksumAlgo());
						ps.setString(9, m.checksumHash());
					}

					@Override
					public int getBatchSize() {
						return media.size();
					}
				});
	}

	/**
	 * A dataset's producer and contacts become known organisations and contacts if they were not (the first
	 * description wins; the directory API changes them afterwards).
	 */
	private void registerProducersAndContacts(List<DatasetFields> records) {
		Map<UUID, JsonNode> producers = new java.util.LinkedHashMap<>();
		Map<UUID, JsonNode> contacts = new java.util.LinkedHashMap<>();
		for (DatasetFields r : records) {
			producers.putIfAbsent(r.producerId(), r.metadata().get("producer"));
			for (JsonNode contact : r.metadata().path("contacts")) {
				String id = DatasetFields.text(contact.path("contact_id"));
				String name = DatasetFields.text(contact.path("contact_name"));
				if (id != null && name != null) {
					contacts.putIfAbsent(UUID.fromString(id), contact);
				}
			}
		}
		List<Map.Entry<UUID, JsonNode>> orgs = List.copyOf(producers.entrySet());
		template.batchUpdate("""
				insert into organizations (organization_id, organization_name, document) values (?, ?, cast(? as jsonb))
				on conflict do nothing""", orgs, orgs.size(), (ps, e) -> {
			ps.setObject(1, e.getKey());
			ps.setString(2, DatasetFields.text(e.getValue().path("organization_name")));
			ps.setString(3, json.writeValueAsString(e.getValue()));
		});
		List<Map.Entry<UUID, JsonNode>> people = List.copyOf(contacts.entrySet());
		template.batchUpdate("""
				insert into contacts (contact_id, contact_name, email, document) values (?, ?, ?, cast(? as jsonb))
				on conflict do nothing""", people, people.size(), (ps, e) -> {
			ps.setObject(1, e.getKey());
			ps.setString(2, DatasetFields.text(e.getValue().path("contact_name")));
			ps.setString(3, DatasetFields.text(e.getValue().path("email")));
			ps.setString(4, json.writeValueAsString(e.getValue()));
		});
	}

	/** Replaces the stored JSON of a record (Kerys' own changes, e.g. the connector of an uploaded media). */
	void replaceMetadata(UUID globalId, JsonNode metadata) {
		jdbc.sql("update datasets set metadata = cast(? as jsonb), updated_at = now() where global_id = ?")
				.params(json.writeValueAsString(metadata), globalId).update();
	}

	boolean delete(UUID globalId) {
		return jdbc.sql("delete from datasets where global_id = ?").param(globalId).update() > 0;
	}
}
