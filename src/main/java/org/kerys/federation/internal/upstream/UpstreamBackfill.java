package org.kerys.federation.internal.upstream;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.stream.Collectors;

import jakarta.annotation.PreDestroy;
import org.kerys.catalog.Catalog;
import org.kerys.catalog.DatasetRecord;
import org.kerys.platform.ProblemException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.http.HttpStatus;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Node mode's backfill: queues for the upstream every dataset of the configured organisations that it does not have
 * as it is, and the deletion of what it has but should not (a dataset deleted, or moved to another producer, while
 * node mode was off). The change events only cover what changes while node mode is on; this covers the datasets that
 * existed before. It runs at start-up when node mode is configured and its last complete run was for another
 * configuration (or none), and when an administrator asks ({@code POST /api/admin/upstream/sync}). A dataset sent
 * before whose metadata is the same (same hash) is not queued again; on an administrator's demand, those the upstream
 * refused are tried again. One run at a time across instances ({@link UpstreamSyncs#claim}); the pusher sends while
 * it scans.
 */
@Service
@ConditionalOnWebApplication
class UpstreamBackfill {

	static final String STARTUP = "startup";
	static final String MANUAL = "manual";

	private static final Logger log = LoggerFactory.getLogger(UpstreamBackfill.class);
	private static final int BATCH = 500;
	/** A running backfill whose heartbeat is older than this was left by a process that stopped. */
	private static final Duration STALE = Duration.ofMinutes(2);

	private final UpstreamSettings settings;
	private final UpstreamDatasets datasets;
	private final UpstreamSyncs syncs;
	private final Catalog catalog;
	private final TransactionTemplate transactions;
	private final JsonMapper json;
	private final ObjectProvider<UpstreamPusher> pusher;
	private final ExecutorService executor = Executors.newSingleThreadExecutor(runnable -> {
		Thread thread = new Thread(runnable, "kerys-upstream-backfill");
		thread.setDaemon(true);
		return thread;
	});

	UpstreamBackfill(UpstreamSettings settings, UpstreamDatasets datasets, UpstreamSyncs syncs, Catalog catalog,
			TransactionTemplate transactions, JsonMapper json, ObjectProvider<UpstreamPusher> pusher) {
		this.settings = settings;
		this.datasets = datasets;
		this.syncs = syncs;
		this.catalog = catalog;
		this.transactions = transactions;
		this.json = json;
		this.pusher = pusher;
	}

	@EventListener(ApplicationReadyEvent.class)
	void atStartUp() {
		if (!settings.enabled()) {
			return;
		}
		Optional<UpstreamSyncs.Sync> last = syncs.last();
		if (last.isPresent() && UpstreamSyncs.SUCCEEDED.equals(last.get().status())
				&& configuration().equals(last.get().configuration())) {
			return; // done for this configuration; since then, the change events queue what changes
		}
		if (!start(STARTUP, null)) {
			log.info("Upstream backfill: another instance is running it");
		}
	}

	/**
	 * A run left by a process that stopped (its heartbeat older than {@link #STALE}) is taken over; the start-up check
	 * of a Kerys restarted at once after a crash found it still "running".
	 */
	@Scheduled(fixedDelayString = "${kerys.federation.upstream.backfill-check:60s}",
			initialDelayString = "${kerys.federation.upstream.backfill-check:60s}")
	void takeOver() {
		if (!settings.enabled()) {
			return;
		}
		syncs.last().filter(s -> UpstreamSyncs.RUNNING.equals(s.status())
				&& s.heartbeatAt().isBefore(java.time.OffsetDateTime.now().minus(STALE))).ifPresent(s -> {
					if (start(s.trigger(), s.requestedBy())) {
						log.info("Upstream backfill: taking over the run a stopped process left");
					}
				});
	}

	@PreDestroy
	void stop() {
		executor.shutdownNow();
	}

	/**
	 * Starts a backfill in the background; follow it with {@link UpstreamSyncs#last()}.
	 *
	 * @return false when one is running already
	 * @throws ProblemException 409 {@code KRS-409-UPSTREAM-OFF} when node mode is not configured
	 */
	boolean start(String trigger, String actor) {
		if (!settings.enabled()) {
			throw new ProblemException(HttpStatus.CONFLICT, "KRS-409-UPSTREAM-OFF",
					"Node mode is off: kerys.federation.upstream.url and organization-ids are not set.");
		}
		Boolean claimed = transactions.execute(status -> syncs.claim(trigger, actor, configuration(),
				catalog.datasetCount(), STALE));
		if (!Boolean.TRUE.equals(claimed)) {
			return false;
		}
		try {
			executor.execute(() -> run(trigger));
		}
		catch (RejectedExecutionException e) {
			syncs.finish(UpstreamSyncs.FAILED, "Kerys stopped before it began.");
		}
		return true;
	}

	private void run(String trigger) {
		log.info("Upstream backfill ({}): looking for the datasets the upstream does not have", trigger);
		try {
			scan(MANUAL.equals(trigger));
			syncs.finish(UpstreamSyncs.SUCCEEDED, null);
			syncs.last().ifPresent(s -> log.info(
					"Upstream backfill ({}): done, {} datasets read, {} to send, {} unchanged, {} deletions", trigger,
					s.scanned(), s.queued(), s.unchanged(), s.deletions()));
		}
		catch (RuntimeException e) {
			log.warn("Upstream backfill ({}) failed; it runs again at the next start or on demand", trigger, e);
			syncs.finish(UpstreamSyncs.FAILED, e.getMessage());
		}
	}

	/**
	 * Reads the whole catalogue, batch by batch, and queues what the upstream lacks; then the deletions of pushed
	 * datasets that are no longer in the catalogue.
	 *
	 * @param retryRefused whether the datasets the upstream refused (ko, failed) are sent again though unchanged
	 */
	void scan(boolean retryRefused) {
		Set<UUID> pushed = new HashSet<>(settings.organizationIds());
		UUID after = null;
		long batches = 0;
		while (!Thread.currentThread().isInterrupted()) {
			List<DatasetRecord> batch = catalog.datasetsAfter(after, BATCH);
			if (batch.isEmpty()) {
				break;
			}
			after = batch.get(batch.size() - 1).globalId();
			transactions.executeWithoutResult(status -> queueBatch(batch, pushed, retryRefused));
			wakePusher();
			if (++batches % 20 == 0) {
				syncs.last().ifPresent(s -> log.info("Upstream backfill: {} of {} datasets read, {} to send", s.scanned(),
						s.total(), s.queued()));
			}
		}
		UUID last = null;
		while (!Thread.currentThread().isInterrupted()) {
			List<UUID> kept = datasets.keptAfter(last, BATCH);
			if (kept.isEmpty()) {
				break;
			}
			last = kept.get(kept.size() - 1);
			Set<UUID> present = catalog.datasets(kept).stream().map(DatasetRecord::globalId).collect(Collectors.toSet());
			transactions.executeWithoutResult(status -> {
				long deletions = 0;
				for (UUID id : kept) {
					if (!present.contains(id) && datasets.queueDeletion(id)) {
						deletions++;
					}
				}
				syncs.progress(0, 0, 0, deletions);
			});
			wakePusher();
		}
	}

	private void queueBatch(List<DatasetRecord> batch, Set<UUID> pushed, boolean retryRefused) {
		Map<UUID, UpstreamDatasets.Known> known = datasets.known(batch.stream().map(DatasetRecord::globalId).toList());
		long queued = 0;
		long unchanged = 0;
		long deletions = 0;
		for (DatasetRecord record : batch) {
			UUID producer = UpstreamQueue.producer(record);
			UpstreamDatasets.Known k = known.get(record.globalId());
			if (producer != null && pushed.contains(producer)) {
				if (k != null && UpstreamDatasets.SAVE.equals(k.action()) && "pending".equals(k.state())) {
					queued++; // waiting to be sent already
				}
				else if (k != null && UpstreamDatasets.SAVE.equals(k.action()) && !(retryRefused && refused(k))
						&& unchanged(k, record)) {
					unchanged++;
				}
				else {
					datasets.queue(record.globalId(), producer, UpstreamDatasets.SAVE);
					queued++;
				}
			}
			else if (k != null && UpstreamDatasets.SAVE.equals(k.action())) {
				// pushed before, but its producer is no longer one of the configured organisations
				datasets.queueDeletion(record.globalId());
				deletions++;
			}
		}
		syncs.progress(batch.size(), queued, unchanged, deletions);
	}

	private static boolean refused(UpstreamDatasets.Known known) {
		return "ko".equals(known.state()) || "failed".equals(known.state());
	}

	/**
	 * Whether the upstream was sent this metadata as it is now: the same hash; for a send recorded before hashes were
	 * kept, a send after the record's last change.
	 */
	private boolean unchanged(UpstreamDatasets.Known known, DatasetRecord record) {
		if (known.sentHash() != null) {
			return known.sentHash().equals(UpstreamDatasets.hash(json, record.metadata()));
		}
		return known.sentAt() != null && record.updatedAt() != null && !record.updatedAt().isAfter(known.sentAt());
	}

	private void wakePusher() {
		pusher.ifAvailable(UpstreamPusher::wake);
	}

	/** What a complete run is valid for: the upstream and the organisations pushed to it. */
	String configuration() {
		return settings.url() + " " + settings.organizationIds().stream().map(UUID::toString).sorted()
				.collect(Collectors.joining(","));
	}
}
