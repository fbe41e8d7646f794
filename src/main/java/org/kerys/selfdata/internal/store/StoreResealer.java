package org.kerys.selfdata.internal.store;

import java.util.List;
import java.util.UUID;

import org.kerys.selfdata.internal.crypto.PersonalKeys;
import org.kerys.selfdata.internal.crypto.Resealer;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Rotation of the self-data key for the store's sealed records: batch by batch, each subject row still under
 * another key is sealed again under the current one. An update only lands if the row was not changed meanwhile (same
 * key id and bytes), so it is safe beside a running Kerys (an upload or a purge) and again after a crash.
 */
@Component
class StoreResealer implements Resealer {

	private static final int BATCH = 500;

	private final JdbcClient jdbc;
	private final PersonalKeys keys;

	StoreResealer(JdbcClient jdbc, PersonalKeys keys) {
		this.jdbc = jdbc;
		this.keys = keys;
	}

	@Override
	public String what() {
		return "self-data store records";
	}

	@Override
	public int resealAll() {
		String current = keys.currentKeyId();
		int done = 0;
		UUID afterGeneration = new UUID(0, 0);
		byte[] afterLookup = new byte[0];
		while (true) {
			record Row(UUID generation, UUID dataset, byte[] lookup, String keyId, byte[] sealed) {
			}
			List<Row> rows = jdbc.sql("""
					select s.generation_id, g.dataset_id, s.lookup, s.key_id, s.sealed
					from selfdata_store_subjects s join selfdata_store_generations g on g.generation_id = s.generation_id
					where s.key_id <> :current and (s.generation_id, s.lookup) > (:afterGeneration, :afterLookup)
					order by s.generation_id, s.lookup limit :batch""")
					.param("current", current).param("afterGeneration", afterGeneration)
					.param("afterLookup", afterLookup).param("batch", BATCH)
					.query((rs, n) -> new Row(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getBytes(3),
							rs.getString(4), rs.getBytes(5)))
					.list();
			if (rows.isEmpty()) {
				return done;
			}
			for (Row row : rows) {
				PersonalKeys.Sealed again = keys.reseal(row.keyId(), row.sealed(),
						StoreKeys.associated(row.dataset(), row.lookup()));
				if (again != null) {
					done += jdbc.sql("""
							update selfdata_store_subjects set key_id = :key, sealed = :sealed
							where generation_id = :g and lookup = :lookup and key_id = :old and sealed = :oldSealed""")
							.param("key", again.keyId()).param("sealed", again.bytes()).param("g", row.generation())
							.param("lookup", row.lookup()).param("old", row.keyId()).param("oldSealed", row.sealed())
							.update();
				}
			}
			Row last = rows.get(rows.size() - 1);
			afterGeneration = last.generation();
			afterLookup = last.lookup();
		}
	}

	@Override
	public long countUnder(String keyId) {
		return jdbc.sql("select count(*) from selfdata_store_subjects where key_id = :key").param("key", keyId)
				.query(Long.class).single();
	}
}
