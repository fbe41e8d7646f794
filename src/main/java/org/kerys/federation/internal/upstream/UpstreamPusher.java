package org.kerys.federation.internal.upstream;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.annotation.PreDestroy;
import org.kerys.catalog.Catalog;
import org.kerys.catalog.DatasetRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sends the queued datasets to the upstream portal, one at a time, on one thread: the organisation first (once), then
 * {@code konsult} to choose POST or PUT, then {@code kalim} (or its DELETE). A failure is tried again after
 * {@link UpstreamSettings#backoff}, for as long as the portal does not answer; the queue is in the database
 * ({@link UpstreamDatasets}), so a restart resumes it. Runs in the web application only (a command pushes nothing; the
 * next start sends what it queued).
 */
@Service
@ConditionalOnWebApplication
class UpstreamPusher {

	private static final Logger log = LoggerFactory.getLogger(UpstreamPusher.class);
	private static final Duration LEASE = Duration.ofMinutes(2);

	private final UpstreamSettings settings;
	private final UpstreamDatasets datasets;
	private final UpstreamClient client;
	private final Catalog catalog;
	private final TransactionTemplate transactions;
	private final JsonMapper json;
	private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
		Thread thread = new Thread(runnable, "kerys-upstream");
		thread.setDaemon(true);
		return thread;
	});
	private final AtomicBoolean queued = new AtomicBoolean();

	UpstreamPusher(UpstreamSettings settings, UpstreamDatasets datasets, UpstreamClient client, Catalog catalog,
			TransactionTemplate transactions, JsonMapper json) {
		this.json = json;
		this.settings = settings;
		this.datasets = datasets;
		this.client = client;
		this.catalog = catalog;
		this.transactions = transactions;
	}

	/** Runs the queue now (once per wake-up: a wake-up while it runs makes it look again after). */
	void wake() {
		if (settings.enabled() && queued.compareAndSet(false, true)) {
			try {
				executor.execute(this::drain);
			}
			catch (RejectedExecutionException e) {
				queued.set(false); // shutting down: the next start resumes
			}
		}
	}

	@EventListener(ApplicationReadyEvent.class)
	void resume() {
		wake();
	}

	/** What another instance or a stopped process left, and a safety net for lost timers. */
	@Scheduled(fixedDelayString = "${kerys.federation.sweep:10s}", initialDelayString = "${kerys.federation.sweep:10s}")
	void sweep() {
		wake();
	}

	@PreDestroy
	void stop() {
		executor.shutdownNow();
	}

	private void drain() {
		queued.set(false);
		try {
			while (pushNext()) {
				// one dataset per step
			}
			transactions.execute(status -> datasets.nextDue()).ifPresent(due -> {
				long millis = Duration.between(OffsetDateTime.now(), due).toMillis() + 20;
				try {
					executor.schedule(this::wake, Math.max(0, millis), TimeUnit.MILLISECONDS);
				}
				catch (RejectedExecutionException e) {
					// shutting down
				}
			});
		}
		catch (RuntimeException e) {
			log.warn("Upstream push failed; trying again at the next sweep", e);
		}
	}

	/** Sends the dataset due first; false when none is due. */
	boolean pushNext() {
		Optional<UpstreamDatasets.Due> claimed = transactions.execute(status -> datasets.claimDue(LEASE));
		if (claimed == null || claimed.isEmpty()) {
			return false;
		}
		UpstreamDatasets.Due due = claimed.get();
		try {
			Sent sent = send(due);
			transactions.executeWithoutResult(status -> datasets.sent(due, sent.method(), sent.requestId(), sent.hash()));
			log.info("Upstream: {} {} accepted as integration request {}", sent.method(), due.globalId(),
					sent.requestId());
		}
		catch (UpstreamFailure e) {
			OffsetDateTime retryAt = e.retry() ? OffsetDateTime.now().plus(settings.backoff(due.attempts() + 1)) : null;
			log.warn("Upstream: {} of {} failed (try {}): {}{}", due.action(), due.globalId(), due.attempts() + 1,
					e.getMessage(), retryAt == null ? "; not tried again until it changes" : "; again at " + retryAt);
			transactions.executeWithoutResult(status -> datasets.failed(due, e.getMessage(), retryAt));
		}
		return true;
	}

	/** @param hash of the metadata sent (null for a deletion) */
	private record Sent(String method, String requestId, String hash) {
	}

	private Sent send(UpstreamDatasets.Due due) throws UpstreamFailure {
		Optional<DatasetRecord> record = UpstreamDatasets.SAVE.equals(due.action()) ? catalog.dataset(due.globalId())
				: Optional.empty();
		if (record.isEmpty()) {
			// deleted (or deleted since it was queued: its deletion is queued after this)
			return new Sent("DELETE", client.delete(due.globalId()), null);
		}
		JsonNode metadata = record.get().metadata();
		JsonNode producer = metadata.path("producer");
		if (due.organizationId() != null && producer.isObject() && !datasets.organizationSent(due.organizationId())) {
			String requestId = client.organization(producer);
			transactions.executeWithoutResult(status -> datasets.organizationPushed(due.organizationId(), requestId));
		}
		String method = client.has(due.globalId()) ? "PUT" : "POST";
		return new Sent(method, client.push(method, metadata), UpstreamDatasets.hash(json, metadata));
	}
}
