package org.kerys.federation.internal.upstream;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonRawValue;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What this Kerys pushes to its upstream portal, one row per dataset: the queue of the pusher (rows claimed with
 * {@code FOR UPDATE SKIP LOCKED} and leased, so several instances never send the same one at once), what was last
 * sent, and the reports that came back.
 */
@Repository
class UpstreamDatasets {

	static final String SAVE = "save";
	static final String DELETE = "delete";

	private final JdbcClient jdbc;

	UpstreamDatasets(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** A dataset to send: what the upstream must end up with, as of {@code generation}. */
	record Due(UUID globalId, UUID organizationId, String action, long generation, int attempts) {
	}

	/** A pushed dataset as administrators see it, with the latest report. */
	record Pushed(@JsonProperty("global_id") UUID globalId, @JsonProperty("organization_id") UUID organizationId,
			String action, String state, int attempts, @JsonProperty("next_try_at") OffsetDateTime nextAt,
			@JsonProperty("last_error") String lastError, String method, @JsonProperty("request_id") String requestId,
			@JsonProperty("sent_at") OffsetDateTime sentAt, @JsonProperty("changed_at") OffsetDateTime changedAt,
			@JsonProperty("last_report") @JsonRawValue String lastReport,
			@JsonProperty("last_report_at") OffsetDateTime lastReportAt) {
	}

	/** Something to send about a dataset: replaces whatever was waiting, and restarts the tries. */
	void queue(UUID globalId, UUID organizationId, String action) {
		jdbc.sql("""
				insert into upstream_datasets (global_id, organization_id, action, state, next_at)
				values (?, ?, ?, 'pending', now())
				on conflict (global_id) do update set action = excluded.action,
				  organization_id = coalesce(excluded.organization_id, upstream_datasets.organization_id),
				  generation = upstream_datasets.generation + 1, state = 'pending', attempts = 0, next_at = now(),
				  last_error = null, changed_at = now()""")
				.params(globalId, organizationId, action).update();
	}

	/** A deletion, only for a dataset that was pushed (or queued) before. */
	boolean queueDeletion(UUID globalId) {
		return jdbc.sql("""
				update upstream_datasets set action = 'delete', generation = generation + 1, state = 'pending',
				  attempts = 0, next_at = now(), last_error = null, changed_at = now()
				where global_id = ?""").param(globalId).update() > 0;
	}

	boolean known(UUID globalId) {
		return jdbc.sql("select 1 from upstream_datasets where global_id = ?").param(globalId).query().optionalValue()
				.isPresent();
	}

	/** Takes the dataset due first, leasing it for {@code lease} (taken again after that, should this try die). */
	Optional<Due> claimDue(Duration lease) {
		return jdbc.sql("""
				update upstream_datasets set next_at = now() + cast(? as interval)
				where global_id = (select global_id from upstream_datasets
				                   where state = 'pending' and next_at <= now()
				                   order by next_at limit 1 for update skip locked)
				returning global_id, organization_id, action, generation, attempts""")
				.param(lease.toSeconds() + " seconds")
				.query((rs, i) -> new Due(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3),
						rs.getLong(4), rs.getInt(5)))
				.optional();
	}

	Optional<OffsetDateTime> nextDue() {
		return jdbc.sql("select min(next_at) from upstream_datasets where state = 'pending'")
				.query((rs, i) -> rs.getObject(1, OffsetDateTime.class)).optional().filter(t -> t != null);
	}

	/**
	 * The upstream accepted the send; unless the dataset changed meanwhile, its report is awaited (or taken, when it
	 * came before this was written: an upstream may report within milliseconds).
	 */
	void sent(Due due, String method, String requestId, String sentHash) {
		// The dataset's row is locked first, then read by a statement of its own: a report taken meanwhile (which
		// locks the row too) is either committed and seen here, or taken after this commits and applied there.
		lock(due.globalId());
		jdbc.sql("""
				update upstream_datasets d set method = ?, request_id = ?, sent_hash = ?, sent_at = now(), attempts = 0,
				  last_error = null,
				  state = case when d.generation <> ? then 'pending'
				    else coalesce((select case when r.integration_status = 'OK' then 'ok' else 'ko' end
				                   from upstream_reports r where r.resource_id = d.global_id and r.report_id = ?
				                   order by r.id desc limit 1), 'sent') end,
				  next_at = case when d.generation = ? then null else now() end
				where d.global_id = ?""")
				.params(method, requestId, sentHash, due.generation(), requestId, due.generation(), due.globalId()).update();
	}

	/** What is known of a dataset's push, for the backfill to tell what the upstream has already. */
	record Known(String action, String state, String sentHash, OffsetDateTime sentAt) {
	}

	/** Those of these datasets that were pushed or queued. */
	Map<UUID, Known> known(Collection<UUID> globalIds) {
		if (globalIds.isEmpty()) {
			return Map.of();
		}
		Map<UUID, Known> known = new HashMap<>();
		jdbc.sql("""
				select global_id, action, state, sent_hash, sent_at from upstream_datasets where global_id in (:ids)""")
				.param("ids", globalIds)
				.query((rs, i) -> known.put(rs.getObject(1, UUID.class), new Known(rs.getString(2), rs.getString(3),
						rs.getString(4), rs.getObject(5, OffsetDateTime.class))))
				.list();
		return known;
	}

	/** Datasets pushed to be kept (not waiting to be sent), in global id order after {@code after}. */
	List<UUID> keptAfter(UUID after, int limit) {
		return jdbc.sql("""
				select global_id from upstream_datasets
				where action = 'save' and state <> 'pending' and global_id > coalesce(cast(? as uuid),
				  '00000000-0000-0000-0000-000000000000')
				order by global_id limit ?""").params(after, limit).query(UUID.class).list();
	}

	/** How many pushed datasets are in each state. */
	Map<String, Long> countsByState() {
		Map<String, Long> counts = new TreeMap<>();
		jdbc.sql("select state, count(*) from upstream_datasets group by state")
				.query((rs, i) -> counts.put(rs.getString(1), rs.getLong(2))).list();
		return counts;
	}

	/** The SHA-256 of metadata as it is sent (hex), to tell later whether it changed since. */
	static String hash(JsonMapper json, JsonNode metadata) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(json.writeValueAsBytes(metadata)));
		}
		catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException(e); // every JVM has SHA-256
		}
	}

	/** Tried and failed: again at {@code retryAt}, or never ({@code null}: refused) unless the dataset changes. */
	void failed(Due due, String error, OffsetDateTime retryAt) {
		String message = error == null ? null : error.length() > 1000 ? error.substring(0, 1000) : error;
		jdbc.sql("""
				update upstream_datasets set attempts = attempts + 1, last_error = ?,
				  state = case when generation <> ? then 'pending' when cast(? as timestamptz) is null then 'failed'
				    else 'pending' end,
				  next_at = case when generation <> ? then now() else cast(? as timestamptz) end
				where global_id = ?""")
				.params(message, due.generation(), retryAt, due.generation(), retryAt, due.globalId()).update();
	}

	/** An organisation the upstream was sent (strukture), with the request id it answered. */
	boolean organizationSent(UUID organizationId) {
		return jdbc.sql("select 1 from upstream_organizations where organization_id = ?").param(organizationId).query()
				.optionalValue().isPresent();
	}

	void organizationPushed(UUID organizationId, String requestId) {
		jdbc.sql("""
				insert into upstream_organizations (organization_id, request_id) values (?, ?)
				on conflict (organization_id) do update set request_id = excluded.request_id, sent_at = now(),
				  integration_status = null, reported_at = null""").params(organizationId, requestId).update();
	}

	/** @return false when the organisation was never pushed */
	boolean organizationReported(UUID organizationId, String status) {
		return jdbc.sql("""
				update upstream_organizations set integration_status = ?, reported_at = now() where organization_id = ?""")
				.params(status, organizationId).update() > 0;
	}

	/**
	 * Keeps a report; when it answers the last send (its {@code report_id} is the request id the upstream gave),
	 * the dataset's state becomes the report's.
	 */
	void reported(UUID globalId, String reportId, String status, String method, String comment, String body) {
		lock(globalId); // see sent(): the report and the record of the send it answers must not miss each other
		jdbc.sql("""
				insert into upstream_reports (resource_id, report_id, integration_status, method, comment, body)
				values (?, ?, ?, ?, ?, cast(? as jsonb))""").params(globalId, reportId, status, method, comment, body)
				.update();
		jdbc.sql("""
				update upstream_datasets set state = ? where global_id = ? and request_id = ? and state in ('sent', 'ok', 'ko')""")
				.params("OK".equals(status) ? "ok" : "ko", globalId, reportId).update();
	}

	/** Holds the dataset's row until the end of the caller's transaction. */
	private void lock(UUID globalId) {
		jdbc.sql("select 1 from upstream_datasets where global_id = ? for update").param(globalId).query().listOfRows();
	}

	/** The pushed datasets, most recently changed first, with their latest report. */
	List<Pushed> list(int limit) {
		return jdbc.sql("""
				select d.global_id, d.organization_id, d.action, d.state, d.attempts, d.next_at, d.last_error, d.method,
				  d.request_id, d.sent_at, d.changed_at, r.body::text, r.received_at
				from upstream_datasets d
				left join lateral (select body, received_at from upstream_reports
				                   where resource_id = d.global_id order by id desc limit 1) r on true
				order by d.changed_at desc, d.global_id limit ?""").param(limit)
				.query((rs, i) -> new Pushed(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3),
						rs.getString(4), rs.getInt(5), rs.getObject(6, OffsetDateTime.class), rs.getString(7),
						rs.getString(8), rs.getString(9), rs.getObject(10, OffsetDateTime.class),
						rs.getObject(11, OffsetDateTime.class), rs.getString(12), rs.getObject(13, OffsetDateTime.class)))
				.list();
	}
}
