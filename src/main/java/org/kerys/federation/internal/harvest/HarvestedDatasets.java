package org.kerys.federation.internal.harvest;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Which dataset each harvested record became, by node or source and remote id. */
@Repository
class HarvestedDatasets {

	/** A record harvested before: its dataset, and the hash of what was last applied (null: nothing applied). */
	record Known(UUID globalId, String contentHash) {
	}

	/** A dataset a harvest wrote and a later full harvest did not list. */
	record Unlisted(String remoteId, UUID globalId) {
	}

	private final JdbcClient jdbc;

	HarvestedDatasets(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	Map<String, Known> find(UUID originId, Collection<String> remoteIds) {
		Map<String, Known> known = new HashMap<>();
		if (remoteIds.isEmpty()) {
			return known;
		}
		jdbc.sql("select remote_id, global_id, content_hash from harvested_datasets where origin_id = ? and remote_id = any(?)")
				.params(originId, remoteIds.toArray(String[]::new))
				.query(rs -> {
					known.put(rs.getString(1), new Known(rs.getObject(2, UUID.class), rs.getString(3)));
				});
		return known;
	}

	/** A record listed by a job; {@code hash} is what is now applied (null: nothing is). */
	record Seen(String remoteId, UUID globalId, String hash) {
	}

	/** The records were listed by this job (a page's, in one statement; each remote id once). */
	void seen(UUID originId, List<Seen> records, UUID jobId) {
		if (records.isEmpty()) {
			return;
		}
		jdbc.sql("""
				insert into harvested_datasets (origin_id, remote_id, global_id, content_hash, last_seen_job)
				select ?, r.remote_id, cast(r.global_id as uuid), r.content_hash, ?
				from unnest(cast(? as text[]), cast(? as text[]), cast(? as text[])) as r(remote_id, global_id, content_hash)
				on conflict (origin_id, remote_id) do update set global_id = excluded.global_id,
				  content_hash = excluded.content_hash, last_seen_job = excluded.last_seen_job""")
				.params(originId, jobId, records.stream().map(Seen::remoteId).toArray(String[]::new),
						records.stream().map(r -> r.globalId().toString()).toArray(String[]::new),
						records.stream().map(Seen::hash).toArray(String[]::new))
				.update();
	}

	void forget(UUID originId, String remoteId) {
		jdbc.sql("delete from harvested_datasets where origin_id = ? and remote_id = ?").params(originId, remoteId)
				.update();
	}

	void forgetAll(UUID originId) {
		jdbc.sql("delete from harvested_datasets where origin_id = ?").param(originId).update();
	}

	/** Up to {@code limit} records of the origin that this job did not list. */
	List<Unlisted> unlisted(UUID originId, UUID jobId, int limit) {
		return jdbc.sql("""
				select remote_id, global_id from harvested_datasets
				where origin_id = ? and last_seen_job is distinct from ? order by remote_id limit ?""")
				.params(originId, jobId, limit)
				.query((rs, row) -> new Unlisted(rs.getString(1), rs.getObject(2, UUID.class))).list();
	}
}
