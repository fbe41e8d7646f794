package org.kerys.selfdata.internal;

import java.util.List;
import java.util.UUID;
import java.util.function.Function;

import org.kerys.selfdata.internal.crypto.PersonalKeys;
import org.kerys.selfdata.internal.crypto.PersonalKeys.Sealed;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * One sealed column of a self-data table ({@code keyColumn} names the key, {@code sealedColumn} holds nonce ||
 * ciphertext || tag) with the associated data of each row: what the rotation needs to find and seal again the
 * values under an old key. Table and column names are constants of this module, never input.
 */
record SealedColumn(String table, String keyColumn, String sealedColumn, Function<UUID, byte[]> associatedData) {

	/** Ids of rows (batch, locked, skipping those another rotation holds) whose value is under another key. */
	List<UUID> underOtherKey(JdbcClient jdbc, String currentKeyId, int limit) {
		return jdbc.sql("select id from " + table + " where " + keyColumn + " <> ? limit ? for update skip locked")
				.params(currentKeyId, limit).query(UUID.class).list();
	}

	long countUnder(JdbcClient jdbc, String keyId) {
		return jdbc.sql("select count(*) from " + table + " where " + keyColumn + " = ?").param(keyId)
				.query(Long.class).single();
	}

	/** Seals the row's value again under the current key, if it is under another one. */
	void reseal(JdbcClient jdbc, PersonalKeys keys, UUID id) {
		Sealed sealed = jdbc.sql("select " + keyColumn + ", " + sealedColumn + " from " + table + " where id = ? and "
				+ sealedColumn + " is not null").param(id)
				.query((rs, i) -> new Sealed(rs.getString(1), rs.getBytes(2))).optional().orElse(null);
		Sealed again = sealed == null ? null : keys.reseal(sealed.keyId(), sealed.bytes(), associatedData.apply(id));
		if (again != null) {
			jdbc.sql("update " + table + " set " + keyColumn + " = ?, " + sealedColumn + " = ? where id = ?")
					.params(again.keyId(), again.bytes(), id).update();
		}
	}
}
