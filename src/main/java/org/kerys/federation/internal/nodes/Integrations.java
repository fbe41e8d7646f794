package org.kerys.federation.internal.nodes;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.annotation.PreDestroy;
import org.kerys.catalog.Publications;
import org.kerys.platform.ProblemException.FieldError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Applies the integration requests of nodes to the catalogue, right after the request's transaction commits (and,
 * for what a stopped process left, at start and every few seconds): in one transaction the request is taken, applied
 * through {@link Publications} and marked treated with its outcome, so a request is applied once or not at all
 * (several waiting requests are taken and applied together, each as it would be alone). Then its report is handed
 * to {@link ReportSender}.

 * Runs in the web application only: a command (import, reindex) neither applies pushes nor calls nodes.
 */
@Service
@ConditionalOnWebApplication
class Integrations {

	private static final Logger log = LoggerFactory.getLogger(Integrations.class);
	/** Requests applied together, at most, in one transaction. */
	static final int BATCH = 20;
	/** Lock conflicts in a row after which a batch's requests are applied one by one. */
	private static final int MAX_CONFLICTS = 5;
	private final java.util.concurrent.atomic.AtomicInteger conflicts = new java.util.concurrent.atomic.AtomicInteger();

	private final IntegrationRequests requests;
	private final Nodes nodes;
	private final Publications publications;
	private final TransactionTemplate transactions;
	private final ReportSender reports;
	private final JsonMapper json;
	private final Drainer drainer;

	Integrations(IntegrationRequests requests, Nodes nodes, Publications publications, TransactionTemplate transactions,
			ReportSender reports, JsonMapper json) {
		this.requests = requests;
		this.nodes = nodes;
		this.publications = publications;
		this.transactions = transactions;
		this.reports = reports;
		this.json = json;
		this.drainer = new Drainer("kerys-integrations", 2, this::applyNext);
	}

	/** Wakes the worker once the current transaction (which accepted a request) has committed. */
	void afterCommit() {
		org.kerys.platform.AfterCommit.run(drainer::wake);
	}

	@EventListener(ApplicationReadyEvent.class)
	void resume() {
		drainer.wake();
	}

	/** What a crash or another instance left behind. */
	@Scheduled(fixedDelayString = "${kerys.federation.sweep:10s}", initialDelayString = "${kerys.federation.sweep:10s}")
	void sweep() {
		drainer.wake();
	}

	@PreDestroy
	void stop() {
		drainer.shutdown();
	}

	/**
	 * Applies the oldest pending requests, up to {@value #BATCH} (of different datasets) in one transaction; false
	 * when there is none. Under a backlog (many nodes pushing at once) a batch costs one commit and one claim instead
	 * of one each; at a steady trickle each batch holds the one request that came, applied at once.
	 */
	boolean applyNext() {
		List<UUID> claimed = new ArrayList<>();
		try {
			Boolean worked = transactions.execute(status -> {
				List<IntegrationRequests.Pending> pending = new ArrayList<>(requests.claimPending(BATCH));
				// A node's requests together (their order kept): the rows they share (their producer, its contacts)
				// are then locked in the same order by both workers, which deadlock less often.
				pending.sort(java.util.Comparator.comparing(IntegrationRequests.Pending::nodeId));
				pending.forEach(request -> claimed.add(request.id()));
				requests.treated(apply(pending));
				return !pending.isEmpty();
			});
			if (!claimed.isEmpty()) {
				conflicts.set(0);
				reports.wake();
			}
			return Boolean.TRUE.equals(worked);
		}
		catch (RuntimeException e) {
			if (claimed.isEmpty()) {
				throw e;
			}
			if (e instanceof PessimisticLockingFailureException && conflicts.incrementAndGet() <= MAX_CONFLICTS) {
				// a deadlock with the other worker (both write the same producers' rows): nothing was written, the
				// requests are pending again and taken at the next step
				log.debug("A batch of {} integration requests met a lock conflict; taken again", claimed.size(), e);
				return true;
			}
			conflicts.set(0);
			if (claimed.size() == 1) {
				failed(claimed.get(0), e);
				return true;
			}
			// the batch was rolled back as a whole: each one again on its own, so that only the culprit fails
			log.warn("A batch of {} integration requests failed ({}); applying them one by one", claimed.size(),
					e.toString());
			claimed.forEach(this::applyAlone);
			return true;
		}
	}

	private void applyAlone(UUID id) {
		boolean[] claimed = new boolean[1];
		try {
			transactions.executeWithoutResult(status -> requests.claimPending(id).ifPresent(request -> {
				claimed[0] = true;
				requests.treated(apply(List.of(request)));
			}));
			reports.wake();
		}
		catch (RuntimeException e) {
			if (!claimed[0]) {
				throw e;
			}
			failed(id, e);
		}
	}

	/** Not the node's mistake: answered KO ERR-500 rather than retried for ever. */
	private void failed(UUID id, RuntimeException e) {
		log.error("Integration request {} could not be applied", id, e);
		transactions.executeWithoutResult(status -> requests.failed(id, "Internal error.", errorsJson(
				List.of(new FieldError("ERR-500", "", "Internal error; the administrators have been told.")))));
		reports.wake();
	}

	/**
	 * Applies requests (in the caller's transaction), in their order; their outcomes, to be recorded. Consecutive
	 * pushes of records (POST, PUT) are written together ({@link Publications#publish(List)}: each checked as it would
	 * be alone, a few statements for them all); a deletion or an organisation is applied on its own, in its place.
	 */
	private List<IntegrationRequests.Treated> apply(List<IntegrationRequests.Pending> batch) {
		List<IntegrationRequests.Treated> treated = new ArrayList<>(batch.size());
		List<IntegrationRequests.Pending> records = new ArrayList<>();
		List<Publications.Push> pushes = new ArrayList<>();
		for (IntegrationRequests.Pending pending : batch) {
			Request request = request(pending);
			if (isRecordPush(pending)) {
				records.add(pending);
				pushes.add(new Publications.Push(json.readTree(pending.body()), "PUT".equals(pending.method()),
						request.organizations(), request.actor(), request.locale()));
				continue;
			}
			pushRecords(records, pushes, treated);
			Publications.Outcome outcome = IntegrationRequests.ORGANIZATION.equals(pending.kind())
					? publications.saveOrganization(json.readTree(pending.body()), request.organizations(),
							request.locale())
					: publications.withdraw(pending.targetId(), request.organizations(), request.actor(),
							request.locale());
			treated.add(treated(pending, outcome, request.locale()));
		}
		pushRecords(records, pushes, treated);
		return treated;
	}

	/** Writes the records gathered so far, and forgets them. */
	private void pushRecords(List<IntegrationRequests.Pending> records, List<Publications.Push> pushes,
			List<IntegrationRequests.Treated> treated) {
		if (records.isEmpty()) {
			return;
		}
		List<Publications.Outcome> outcomes = publications.publish(pushes);
		for (int i = 0; i < records.size(); i++) {
			treated.add(treated(records.get(i), outcomes.get(i), pushes.get(i).locale()));
		}
		records.clear();
		pushes.clear();
	}

	private static boolean isRecordPush(IntegrationRequests.Pending pending) {
		return IntegrationRequests.RESOURCE.equals(pending.kind()) && !"DELETE".equals(pending.method());
	}

	/** Who a request comes from, for the catalogue. */
	private record Request(Set<UUID> organizations, String actor, Locale locale) {
	}

	private Request request(IntegrationRequests.Pending pending) {
		Node node = nodes.find(pending.nodeId()).orElse(null);
		return new Request(new LinkedHashSet<>(node == null ? List.of() : node.organizationIds()),
				node == null ? "node:" + pending.nodeId() : node.clientId(), Locale.forLanguageTag(pending.language()));
	}

	private IntegrationRequests.Treated treated(IntegrationRequests.Pending pending, Publications.Outcome outcome,
			Locale locale) {
		return new IntegrationRequests.Treated(pending.id(), outcome.applied(), comment(outcome, pending, locale),
				errorsJson(outcome.errors()));
	}

	private static String comment(Publications.Outcome outcome, IntegrationRequests.Pending pending, Locale locale) {
		boolean english = "en".equals(locale.getLanguage());
		if (!outcome.applied()) {
			return english ? outcome.errors().size() + " problem(s); nothing was written."
					: outcome.errors().size() + " problème(s) ; rien n'a été enregistré.";
		}
		String done = switch (pending.method()) {
			case "DELETE" -> english ? "Deleted." : "Supprimé.";
			default -> outcome.created() ? (english ? "Created." : "Créé.") : (english ? "Updated." : "Mis à jour.");
		};
		List<String> warnings = new ArrayList<>();
		for (FieldError warning : outcome.warnings()) {
			warnings.add(warning.code() + " " + warning.field() + ": " + warning.message());
		}
		return warnings.isEmpty() ? done
				: done + (english ? " Values mapped to RUDI 1.4.0: " : " Valeurs ramenées à RUDI 1.4.0 : ")
						+ String.join("; ", warnings);
	}

	private String errorsJson(List<FieldError> errors) {
		return json.writeValueAsString(errors.stream()
				.map(e -> Map.of("error_code", e.code(), "error_message", e.message(), "field_name", e.field()))
				.toList());
	}
}
