package org.kerys.selfdata.internal.store;

import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The generations of each dataset's store and the pointer to the one that answers. */
@Repository
class StoreGenerations {

	private final JdbcClient jdbc;

	StoreGenerations(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** The generation a dataset answers from, with its mapping. */
	record Current(UUID generationId, String mapping) {
	}

	/** What the producer sees of its store: counts and who uploaded when, never a value. */
	record Status(UUID generationId, long records, long subjects, OffsetDateTime uploadedAt, String uploadedBy,
			OffsetDateTime switchedAt) {
	}

	/** A subject's sealed records. */
	record SealedRecords(String keyId, byte[] sealed) {
	}

	void begin(UUID generationId, UUID datasetId, StoreMapping mapping, String uploadedBy) {
		jdbc.sql("""
				insert into selfdata_store_generations (generation_id, dataset_id, state, mapping, uploaded_at, uploaded_by)
				values (:id, :dataset, 'LOADING', cast(:mapping as jsonb), now(), :by)""")
				.param("id", generationId).param("dataset", datasetId).param("mapping", mapping.write())
				.param("by", uploadedBy).update();
	}

	/**
	 * Points the dataset at the generation (call inside a transaction); the one it replaces is retired.
	 *
	 * @return the replaced generation, if any
	 */
	Optional<UUID> activate(UUID datasetId, UUID generationId, long records, long subjects) {
		lock(datasetId);
		Optional<UUID> previous = jdbc.sql("select generation_id from selfdata_stores where dataset_id = :dataset")
				.param("dataset", datasetId).query(UUID.class).optional();
		jdbc.sql("""
				update selfdata_store_generations set state = 'ACTIVE', records = :records, subjects = :subjects,
				activated_at = now() where generation_id = :id""")
				.param("records", records).param("subjects", subjects).param("id", generationId).update();
		jdbc.sql("""
				insert into selfdata_stores (dataset_id, generation_id, switched_at) values (:dataset, :id, now())
				on conflict (dataset_id) do update set generation_id = excluded.generation_id, switched_at = now()""")
				.param("dataset", datasetId).param("id", generationId).update();
		previous.ifPresent(old -> jdbc.sql("update selfdata_store_generations set state = 'RETIRED' where generation_id = :id")
				.param("id", old).update());
		return previous;
	}

	/** Orders the switches of one dataset's store (and its purge) across instances, until the transaction ends. */
	void lock(UUID datasetId) {
		jdbc.sql("select pg_advisory_xact_lock(hashtextextended(:key, 0))").param("key", "selfdata-store:" + datasetId)
				.query().singleValue();
	}

	/** Deletes a generation that is not (or no longer) answered from, rows first. */
	void discard(UUID generationId) {
		jdbc.sql("delete from selfdata_store_subjects where generation_id = :id").param("id", generationId).update();
		jdbc.sql("""
				delete from selfdata_store_generations g where generation_id = :id
				and not exists (select 1 from selfdata_stores s where s.generation_id = g.generation_id)""")
				.param("id", generationId).update();
	}

	Optional<Current> current(UUID datasetId) {
		return jdbc.sql("""
				select s.generation_id, g.mapping::text as mapping from selfdata_stores s
				join selfdata_store_generations g on g.generation_id = s.generation_id where s.dataset_id = :dataset""")
				.param("dataset", datasetId)
				.query((rs, n) -> new Current(rs.getObject("generation_id", UUID.class), rs.getString("mapping")))
				.optional();
	}

	Optional<Status> status(UUID datasetId) {
		return jdbc.sql("""
				select g.generation_id, g.records, g.subjects, g.uploaded_at, g.uploaded_by, s.switched_at
				from selfdata_stores s join selfdata_store_generations g on g.generation_id = s.generation_id
				where s.dataset_id = :dataset""").param("dataset", datasetId)
				.query((rs, n) -> new Status(rs.getObject("generation_id", UUID.class), rs.getLong("records"),
						rs.getLong("subjects"), rs.getObject("uploaded_at", OffsetDateTime.class),
						rs.getString("uploaded_by"), rs.getObject("switched_at", OffsetDateTime.class)))
				.optional();
	}

	/** What a lookup found: the generation the dataset answers from now, and whether it holds the subject. */
	record Found(UUID generationId, boolean held) {
	}

	/** In one query: the dataset's current generation, and whether it holds this lookup hash. */
	Optional<Found> find(UUID datasetId, byte[] lookup) {
		return jdbc.sql("""
				select s.generation_id, exists (select 1 from selfdata_store_subjects x
				  where x.generation_id = s.generation_id and x.lookup = :l) as held
				from selfdata_stores s where s.dataset_id = :dataset""")
				.param("dataset", datasetId).param("l", lookup)
				.query((rs, n) -> new Found(rs.getObject("generation_id", UUID.class), rs.getBoolean("held")))
				.optional();
	}

	/** What a read found: the current generation, and the subject's sealed records in it (null when absent). */
	record Read(UUID generationId, SealedRecords sealed) {
	}

	/** In one query: the dataset's current generation and the subject's sealed records in it. */
	Optional<Read> read(UUID datasetId, byte[] lookup) {
		return jdbc.sql("""
				select s.generation_id, x.key_id, x.sealed from selfdata_stores s
				left join selfdata_store_subjects x on x.generation_id = s.generation_id and x.lookup = :l
				where s.dataset_id = :dataset""")
				.param("dataset", datasetId).param("l", lookup)
				.query((rs, n) -> new Read(rs.getObject("generation_id", UUID.class), rs.getString("key_id") == null
						? null : new SealedRecords(rs.getString("key_id"), rs.getBytes("sealed"))))
				.optional();
	}
}
