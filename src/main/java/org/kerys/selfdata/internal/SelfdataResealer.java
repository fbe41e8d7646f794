package org.kerys.selfdata.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.kerys.selfdata.internal.crypto.PersonalKeys;
import org.kerys.selfdata.internal.crypto.Resealer;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/** Seals again, under the current key, the matching values, matches, files and messages of self-data requests. */
@Component
class SelfdataResealer implements Resealer {

	private static final int BATCH = 200;
	private static final List<SealedColumn> COLUMNS;

	static {
		List<SealedColumn> columns = new ArrayList<>(Requests.SEALED);
		columns.add(Attachments.SEALED);
		columns.add(Tasks.MESSAGE);
		COLUMNS = List.copyOf(columns);
	}

	private final JdbcClient jdbc;
	private final PersonalKeys keys;
	private final TransactionTemplate transaction;

	SelfdataResealer(JdbcClient jdbc, PersonalKeys keys, TransactionTemplate transaction) {
		this.jdbc = jdbc;
		this.keys = keys;
		this.transaction = transaction;
	}

	@Override
	public String what() {
		return "self-data requests, files and tasks";
	}

	@Override
	public int resealAll() {
		String current = keys.currentKeyId();
		int done = 0;
		for (SealedColumn column : COLUMNS) {
			while (true) {
				Integer batch = transaction.execute(status -> {
					List<UUID> ids = column.underOtherKey(jdbc, current, BATCH);
					ids.forEach(id -> column.reseal(jdbc, keys, id));
					return ids.size();
				});
				if (batch == null || batch == 0) {
					break;
				}
				done += batch;
			}
		}
		return done;
	}

	@Override
	public long countUnder(String keyId) {
		return COLUMNS.stream().mapToLong(column -> column.countUnder(jdbc, keyId)).sum();
	}
}
