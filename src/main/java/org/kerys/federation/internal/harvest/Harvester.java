package org.kerys.federation.internal.harvest;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;

import jakarta.annotation.PreDestroy;
import org.kerys.federation.internal.harvest.HarvestJob.Counts;
import org.kerys.federation.internal.harvest.HarvestJob.HarvestError;
import org.kerys.federation.internal.harvest.RemoteCatalogue.HarvestFailure;
import org.kerys.platform.ProblemException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The harvest engine. {@link #start} records a job (one running job per node or source: 409 otherwise) and runs it in
 * the background: it pages through the origin's {@link RemoteCatalogue}, applies each page in one transaction (the
 * job's counts move with it: progress) while it reads the next one, and, after a complete full harvest only, removes the datasets the origin no
 * longer lists. A source that fails ({@link HarvestFailure}, or anything unexpected) fails the job with the reason:
 * what was applied stays, what was not delivered is untouched, and the high-water mark does not move, so the next
 * run asks again for everything since the last success.
 */
@Service
public class Harvester {

	private static final Logger log = LoggerFactory.getLogger(Harvester.class);
	/** Unlisted datasets removed per transaction. */
	private static final int REMOVAL_BATCH = 100;
	/** Empty pages in a row, each with a next one, after which a source's paging is taken to loop. */
	private static final int MAX_EMPTY_PAGES = 10;

	private final HarvestJobs jobs;
	private final HarvestStates states;
	private final HarvestedDatasets harvested;
	private final PageApplier applier;
	private final CatalogueReaders readers;
	private final TransactionTemplate transactions;
	private final HarvestSettings settings;
	private final ExecutorService executor = Executors.newCachedThreadPool(runnable -> {
		Thread thread = new Thread(runnable, "kerys-harvest");
		thread.setDaemon(true);
		return thread;
	});

	Harvester(HarvestJobs jobs, HarvestStates states, HarvestedDatasets harvested, PageApplier applier,
			CatalogueReaders readers, TransactionTemplate transactions, HarvestSettings settings) {
		this.jobs = jobs;
		this.states = states;
		this.harvested = harvested;
		this.applier = applier;
		this.readers = readers;
		this.transactions = transactions;
		this.settings = settings;
	}

	/** A job about to run: what it reads, whether whole, and from when. */
	private record Plan(UUID jobId, Origin origin, boolean full, OffsetDateTime modifiedSince, OffsetDateTime startedAt,
			Locale locale) {
	}

	/**
	 * Records a job and runs it in the background.
	 *
	 * @param full the whole catalogue even when an incremental harvest would do
	 * @param trigger {@code manual} or {@code schedule}
	 * @return the job's id
	 * @throws ProblemException 409 {@code KRS-409-HARVEST-RUNNING} when a job of this origin is running,
	 *         {@code KRS-409-NODE-REVOKED} / {@code KRS-409-SOURCE-PENDING} when it may not run
	 */
	public UUID start(Origin origin, boolean full, String trigger, String actor, Locale locale) {
		if (!origin.active()) {
			throw origin.isNode()
					? new ProblemException(HttpStatus.CONFLICT, "KRS-409-NODE-REVOKED", "This node is revoked.")
					: new ProblemException(HttpStatus.CONFLICT, "KRS-409-SOURCE-PENDING",
							"This source is not approved yet (POST /api/admin/harvest-sources/{id}/approve).");
		}
		UUID jobId = UUID.randomUUID();
		OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
		String language = "en".equals(locale.getLanguage()) ? "en" : "fr";
		Plan plan = transactions.execute(status -> {
			jobs.abandonStale(origin.id(), settings.stale());
			HarvestStates.State state = states.find(origin.id()).orElse(null);
			boolean whole = full || state == null || state.highWaterMark() == null || state.lastFullAt() == null
					|| state.lastFullAt().isBefore(now.minus(settings.fullEvery()));
			OffsetDateTime since = whole ? null : state.highWaterMark().minus(settings.overlap());
			if (!jobs.insert(jobId, origin, whole, since, trigger, actor, language, now)) {
				return null;
			}
			return new Plan(jobId, origin, whole, since, now, Locale.forLanguageTag(language));
		});
		if (plan == null) {
			throw new ProblemException(HttpStatus.CONFLICT, "KRS-409-HARVEST-RUNNING",
					"A harvest of this " + origin.kind() + " is running; wait for it to end.");
		}
		log.info("Harvest {} of {} {} ({}) started: {}", jobId, origin.kind(), origin.name(), origin.url(),
				plan.full() ? "full" : "changes since " + plan.modifiedSince());
		try {
			executor.execute(() -> run(plan));
		}
		catch (RejectedExecutionException e) {
			finish(plan, HarvestJob.FAILED, "Kerys is stopping; run it again.");
		}
		return jobId;
	}

	private void run(Plan plan) {
		PageApplier.Run run = new PageApplier.Run(plan.jobId(), plan.origin(), plan.locale());
		Counts total = Counts.NONE;
		try {
			RemoteCatalogue reader = readers.of(plan.origin().type(), plan.origin().url(),
					plan.origin().allowPrivateNetwork());
			Instant since = plan.modifiedSince() == null ? null : plan.modifiedSince().toInstant();
			Set<String> cursors = new HashSet<>();
			int pages = 0;
			int emptyInARow = 0;
			RemoteCatalogue.Page page = reader.page(null, since);
			while (page != null) {
				if (Thread.currentThread().isInterrupted()) {
					throw new HarvestFailure("Kerys stopped during the harvest.");
				}
				String cursor = page.next();
				boolean loops = cursor != null && !cursors.add(cursor);
				emptyInARow = page.entries().isEmpty() ? emptyInARow + 1 : 0;
				boolean endless = cursor != null && emptyInARow >= MAX_EMPTY_PAGES;
				// The next page is read while this one is written: the source's answer and its parsing overlap with
				// the database's work instead of adding to it. Should that read fail, the job fails after this page
				// was applied, as it would have failed reading it next.
				Future<RemoteCatalogue.Page> following = cursor == null || loops || endless ? null
						: readAhead(reader, cursor, since);
				RemoteCatalogue.Page current = page;
				PageApplier.Applied applied;
				try {
					applied = transactions.execute(status -> {
						PageApplier.Applied result = applier.apply(run, current.entries());
						jobs.progress(plan.jobId(), result.counts(), true, result.errors());
						return result;
					});
				}
				catch (RuntimeException e) {
					if (following != null) {
						following.cancel(true);
					}
					throw e;
				}
				total = total.plus(applied.counts());
				pages++;
				log.info("Harvest {}: page {}, {} records (created {}, updated {}, deleted {}, rejected {}, unchanged {})",
						plan.jobId(), pages, page.entries().size(), total.created(), total.updated(), total.deleted(),
						total.rejected(), total.unchanged());
				if (loops) {
					throw new HarvestFailure("The source sent the same page twice (" + cursor + "): its paging loops.");
				}
				if (endless) {
					throw new HarvestFailure("The source sent " + emptyInARow
							+ " empty pages in a row, each announcing another: its paging does not end.");
				}
				page = following == null ? null : next(following);
			}
			if (plan.full()) {
				total = total.plus(removeUnlisted(run));
			}
			transactions.executeWithoutResult(status -> {
				states.succeeded(plan.origin().id(), plan.startedAt(), plan.full());
				jobs.finish(plan.jobId(), HarvestJob.SUCCEEDED, null);
			});
			log.info("Harvest {} succeeded: created {}, updated {}, deleted {}, rejected {}, unchanged {}",
					plan.jobId(), total.created(), total.updated(), total.deleted(), total.rejected(), total.unchanged());
		}
		catch (HarvestFailure e) {
			log.warn("Harvest {} of {} failed: {}", plan.jobId(), plan.origin().name(), e.getMessage());
			finish(plan, HarvestJob.FAILED, e.getMessage());
		}
		catch (UnsupportedOperationException e) {
			finish(plan, HarvestJob.FAILED, e.getMessage());
		}
		catch (RuntimeException e) {
			log.error("Harvest {} of {} failed", plan.jobId(), plan.origin().name(), e);
			finish(plan, HarvestJob.FAILED, "Internal error (" + e.getClass().getSimpleName()
					+ "); the details are in Kerys' log.");
		}
	}

	private Future<RemoteCatalogue.Page> readAhead(RemoteCatalogue reader, String cursor, Instant since)
			throws HarvestFailure {
		try {
			return executor.submit(() -> reader.page(cursor, since));
		}
		catch (RejectedExecutionException e) {
			throw new HarvestFailure("Kerys stopped during the harvest.");
		}
	}

	/** The page read ahead, or why it could not be read. */
	private static RemoteCatalogue.Page next(Future<RemoteCatalogue.Page> following) throws HarvestFailure {
		try {
			return following.get();
		}
		catch (InterruptedException e) {
			following.cancel(true);
			Thread.currentThread().interrupt();
			throw new HarvestFailure("Kerys stopped during the harvest.");
		}
		catch (ExecutionException e) {
			if (e.getCause() instanceof HarvestFailure failure) {
				throw failure;
			}
			if (e.getCause() instanceof RuntimeException unexpected) {
				throw unexpected;
			}
			throw new IllegalStateException(e.getCause());
		}
	}

	private Counts removeUnlisted(PageApplier.Run run) {
		Counts total = Counts.NONE;
		while (true) {
			PageApplier.Applied applied = transactions.execute(status -> {
				List<HarvestedDatasets.Unlisted> batch = harvested.unlisted(run.origin().id(), run.jobId(),
						REMOVAL_BATCH);
				if (batch.isEmpty()) {
					return null;
				}
				PageApplier.Applied result = applier.removeUnlisted(run, batch);
				jobs.progress(run.jobId(), result.counts(), false, result.errors());
				return result;
			});
			if (applied == null) {
				return total;
			}
			total = total.plus(applied.counts());
			log.info("Harvest {}: {} datasets no longer listed upstream removed", run.jobId(), total.deleted());
		}
	}

	private void finish(Plan plan, String status, String reason) {
		try {
			transactions.executeWithoutResult(s -> {
				if (reason != null) {
					jobs.progress(plan.jobId(), Counts.NONE, false,
							List.of(new HarvestError(null, null, "KRS-HARVEST-FAILED", "", reason)));
				}
				jobs.finish(plan.jobId(), status, reason);
			});
		}
		catch (RuntimeException e) {
			log.error("Harvest {}: could not record its end ({}); a later run will mark it interrupted", plan.jobId(),
					reason, e);
		}
	}

	@PreDestroy
	void stop() {
		executor.shutdownNow();
	}
}
