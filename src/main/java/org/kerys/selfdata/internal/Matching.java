package org.kerys.selfdata.internal;

import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.kerys.catalog.Catalog;
import org.kerys.selfdata.internal.Requests.SelfdataRequest;
import org.kerys.selfdata.internal.SubjectSource.Match;
import org.kerys.selfdata.internal.SubjectSource.SourceFailure;
import org.kerys.selfdata.internal.crypto.PersonalKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.type.TypeReference;

/**
 * Matches a submitted request by its {@link SubjectSource}, off the request thread, right after the submission
 * commits: SUBMITTED → IN_PROGRESS → COMPLETED (data found or not), or REJECTED by {@code system} with the failure's
 * code when the source did not answer properly (the citizen may submit again). The source is called outside any
 * transaction; a request cancelled meanwhile stays cancelled. {@link MatchingSweep} picks up requests a crash left
 * waiting.
 */
@Component
class Matching implements DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(Matching.class);

	private final List<SubjectSource> sources;
	private final Requests requests;
	private final Attachments attachments;
	private final Transitions transitions;
	private final Accesses accesses;
	private final PersonalKeys keys;
	private final Catalog catalog;
	private final TransactionTemplate transaction;
	private final ExecutorService executor = Executors.newFixedThreadPool(4, runnable -> {
		Thread thread = new Thread(runnable, "selfdata-matching");
		thread.setDaemon(true);
		return thread;
	});

	Matching(List<SubjectSource> sources, Requests requests, Attachments attachments, Transitions transitions,
			Accesses accesses, PersonalKeys keys, Catalog catalog, TransactionTemplate transaction) {
		// the store first: a dataset whose producer uploaded its records is matched here even if it names a node
		this.sources = sources.stream().sorted((a, b) -> a.mode().equals("STORE") ? -1 : b.mode().equals("STORE") ? 1 : 0)
				.toList();
		this.requests = requests;
		this.attachments = attachments;
		this.transitions = transitions;
		this.accesses = accesses;
		this.keys = keys;
		this.catalog = catalog;
		this.transaction = transaction;
	}

	Optional<SubjectSource> source(SelfdataDataset dataset) {
		return sources.stream().filter(s -> s.serves(dataset)).findFirst();
	}

	Optional<SubjectSource> source(String mode) {
		return sources.stream().filter(s -> s.mode().equals(mode)).findFirst();
	}

	/** Runs the matching once the current transaction commits (at once without one). */
	void afterCommit(UUID id) {
		org.kerys.platform.AfterCommit.run(() -> submit(id));
	}

	private void submit(UUID id) {
		try {
			executor.execute(() -> run(id));
		}
		catch (java.util.concurrent.RejectedExecutionException e) {
			// shutting down: the sweep of the next start resumes it
		}
	}

	/** Matches one request if it is still SUBMITTED. */
	void run(UUID id) {
		try {
			Claimed claimed = transaction.execute(status -> claim(id));
			if (claimed == null) {
				return;
			}
			Match match;
			try {
				match = claimed.source().match(claimed.dataset(), claimed.request().accountId().toString(),
						claimed.values());
			}
			catch (SourceFailure failure) {
				transaction.executeWithoutResult(status -> fail(id, failure));
				return;
			}
			transaction.executeWithoutResult(status -> complete(claimed, match));
		}
		catch (RuntimeException e) {
			log.error("Self-data matching of request {} failed", id, e);
			transaction.executeWithoutResult(status -> fail(id, new SourceFailure("KRS-500-SELFDATA",
					"Kerys could not complete the matching.")));
		}
	}

	private record Claimed(SelfdataRequest request, SelfdataDataset dataset, SubjectSource source,
			Map<String, String> values) {
	}

	private Claimed claim(UUID id) {
		SelfdataRequest request = requests.lock(id).orElse(null);
		if (request == null || !Requests.SUBMITTED.equals(request.status())) {
			return null;
		}
		SelfdataDataset dataset = catalog.dataset(request.datasetId()).map(SelfdataDataset::of).orElse(null);
		SubjectSource source = dataset == null ? null : source(request.mode()).filter(s -> s.serves(dataset))
				.or(() -> source(dataset)).orElse(null);
		if (source == null) {
			requests.status(id, Requests.REJECTED, null);
			close(id);
			transitions.record(id, Requests.REJECTED, Transitions.SYSTEM,
					"KRS-409-SELFDATA-NO-SOURCE: the producer no longer makes this data available.");
			return null;
		}
		requests.status(id, Requests.IN_PROGRESS, null);
		transitions.record(id, Requests.IN_PROGRESS, Transitions.SYSTEM, null);
		return new Claimed(request, dataset, source, values(id));
	}

	private void complete(Claimed claimed, Match match) {
		UUID id = claimed.request().id();
		SelfdataRequest request = requests.lock(id).orElse(null);
		if (request == null || !Requests.IN_PROGRESS.equals(request.status())) {
			return; // cancelled meanwhile: nothing is kept
		}
		if (match.found()) {
			requests.match(id, keys.seal(match.secret(), Requests.ad(id, "match")), match.expiresAt());
		}
		requests.status(id, Requests.COMPLETED, match.found());
		close(id);
		accesses.record(request.accountId(), id, request.datasetId(), claimed.source().mode(),
				claimed.source().actor(claimed.dataset()), "MATCHING");
		transitions.record(id, Requests.COMPLETED, Transitions.SYSTEM,
				match.found() ? "Your data was found." : "The producer holds no data matching these values.");
	}

	private void fail(UUID id, SourceFailure failure) {
		SelfdataRequest request = requests.lock(id).orElse(null);
		if (request == null || !Requests.IN_PROGRESS.equals(request.status())) {
			return;
		}
		requests.status(id, Requests.REJECTED, null);
		close(id);
		transitions.record(id, Requests.REJECTED, Transitions.SYSTEM,
				failure.code() + ": " + failure.getMessage() + " You may submit the request again.");
	}

	/** A request closes: its matching values and files are not kept. */
	void close(UUID id) {
		requests.clearMatching(id);
		attachments.deleteOf(id);
	}

	/** The matching values of a request, opened. */
	Map<String, String> values(UUID id) {
		return requests.matching(id)
				.<Map<String, String>>map(sealed -> SelfdataRequests.json.readValue(
						keys.open(sealed, Requests.ad(id, "matching")),
						new TypeReference<LinkedHashMap<String, String>>() {
						}))
				.orElse(Map.of());
	}

	/**
	 * Requests a crash left SUBMITTED (before {@code submittedBefore}) or IN_PROGRESS (since before
	 * {@code startedBefore}: the matching was cut off) are matched again, in API modes; the citizen's history says
	 * so for the latter.
	 */
	int sweep(OffsetDateTime submittedBefore, OffsetDateTime startedBefore) {
		List<UUID> waiting = transaction.execute(status -> {
			List<UUID> ids = new java.util.ArrayList<>();
			for (SubjectSource source : sources) {
				for (UUID id : requests.interrupted(source.mode(), startedBefore, 50)) {
					requests.status(id, Requests.SUBMITTED, null);
					transitions.record(id, Requests.SUBMITTED, Transitions.SYSTEM,
							"The matching was interrupted (Kerys restarted); it starts again.");
					ids.add(id);
				}
				ids.addAll(requests.waiting(source.mode(), submittedBefore, 50));
			}
			return ids;
		});
		waiting.forEach(this::run);
		return waiting.size();
	}

	@Override
	public void destroy() {
		executor.shutdownNow();
	}
}
