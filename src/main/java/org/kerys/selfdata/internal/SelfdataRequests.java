package org.kerys.selfdata.internal;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import org.kerys.catalog.Catalog;
import org.kerys.platform.ProblemException;
import org.kerys.selfdata.internal.Attachments.Attachment;
import org.kerys.selfdata.internal.Attachments.AttachmentInfo;
import org.kerys.selfdata.internal.Requests.SelfdataRequest;
import org.kerys.selfdata.internal.crypto.PersonalKeys;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * A citizen's self-data requests: submit (values checked, then sealed), list, read with history, cancel, resubmit
 * after a rejection. What happens next depends on the dataset: proofs to check (ATTACHMENT fields: a MODERATION task
 * of the producer), OUT mode (an OUT task of the producer), or matching by a {@link SubjectSource} right after the
 * commit ({@link Matching}). The answer to a submission is the same whatever the matching finds.
 */
@Service
class SelfdataRequests {

	static final JsonMapper json = JsonMapper.builder().build();

	private final Catalog catalog;
	private final Requests requests;
	private final Attachments attachments;
	private final Transitions transitions;
	private final Tasks tasks;
	private final PersonalKeys keys;
	private final SelfdataRules rules;
	private final SelfdataLimits settings;
	private final Matching matching;

	SelfdataRequests(Catalog catalog, Requests requests, Attachments attachments, Transitions transitions, Tasks tasks,
			PersonalKeys keys, SelfdataRules rules, SelfdataLimits settings, Matching matching) {
		this.catalog = catalog;
		this.requests = requests;
		this.attachments = attachments;
		this.transitions = transitions;
		this.tasks = tasks;
		this.keys = keys;
		this.rules = rules;
		this.settings = settings;
		this.matching = matching;
	}

	/** What a citizen sends: the dataset, the values by matching code, the files (ATTACHMENT fields). */
	record Submission(UUID datasetId, Map<String, String> matching, List<Attachment> attachments) {

		Submission {
			matching = matching == null ? Map.of() : matching;
			attachments = attachments == null ? List.of() : attachments;
		}
	}

	/** A request with its files (code and size only), the producer's tasks about it, and its history. */
	record RequestView(@JsonUnwrapped SelfdataRequest request, @JsonProperty("dataset_title") String datasetTitle,
			List<AttachmentInfo> attachments, List<Tasks.Task> tasks, List<Transitions.Transition> history) {
	}

	SelfdataDataset dataset(UUID datasetId) {
		return SelfdataDataset.of(catalog.dataset(datasetId).orElseThrow(
				() -> ProblemException.notFound("ERR-104", "No dataset " + datasetId + ".")));
	}

	/** Submits a request: 201 whatever the matching will find (it runs after the commit). */
	@Transactional
	SelfdataRequest submit(Submission submission, Authentication caller) {
		UUID account = rules.account(caller);
		if (submission.datasetId() == null) {
			throw new ProblemException(HttpStatus.BAD_REQUEST, "ERR-202", "dataset_id is required.",
					List.of(new ProblemException.FieldError("ERR-202", "dataset_id", "Required.")));
		}
		SelfdataDataset dataset = dataset(submission.datasetId());
		Map<String, String> values = MatchingValues.check(dataset, submission.matching(), submission.attachments(),
				settings.settings());
		String mode = mode(dataset);
		if (requests.openOf(account, dataset.id()).isPresent()) {
			throw new ProblemException(HttpStatus.CONFLICT, "KRS-409-SELFDATA-OPEN",
					"You already have an open request for this dataset: cancel it or wait for its answer.");
		}
		UUID id = UUID.randomUUID();
		try {
			requests.insert(id, dataset.id(), dataset.producerId(), account, mode, Requests.SUBMITTED,
					keys.seal(json.writeValueAsBytes(values), Requests.ad(id, "matching")));
		}
		catch (org.springframework.dao.DuplicateKeyException e) {
			// the same citizen submitting twice at the same moment: the database keeps one open request
			throw new ProblemException(HttpStatus.CONFLICT, "KRS-409-SELFDATA-OPEN",
					"You already have an open request for this dataset: cancel it or wait for its answer.");
		}
		submission.attachments().forEach(a -> attachments.insert(id, a));
		transitions.record(id, Requests.SUBMITTED, caller.getName(), null);
		next(dataset, id, mode);
		return requests.find(id).orElseThrow();
	}

	/** The way the dataset's data is had: OUT, or the first source that serves it; 409 when none does yet. */
	private String mode(SelfdataDataset dataset) {
		if (dataset.out()) {
			if (dataset.producerId() == null) {
				throw new ProblemException(HttpStatus.CONFLICT, "KRS-409-SELFDATA-NO-SOURCE",
						"This dataset names no producer organisation to treat requests.");
			}
			return "OUT";
		}
		return matching.source(dataset).map(SubjectSource::mode).orElseThrow(() -> new ProblemException(
				HttpStatus.CONFLICT, "KRS-409-SELFDATA-NO-SOURCE",
				"The producer has not made this dataset's personal data available yet (no node, no store)."));
	}

	/** After SUBMITTED (or an approval): moderation, an OUT task, or matching after the commit. */
	void next(SelfdataDataset dataset, UUID id, String mode) {
		boolean moderated = dataset.moderated() && !attachments.of(id).isEmpty() && dataset.producerId() != null;
		String status = requests.find(id).map(SelfdataRequest::status).orElse(Requests.SUBMITTED);
		if (moderated && Requests.SUBMITTED.equals(status)) {
			requests.status(id, Requests.MODERATION, null);
			tasks.insert(id, dataset.producerId(), dataset.id(), Tasks.MODERATION, due(dataset), null);
			transitions.record(id, Requests.MODERATION, Transitions.SYSTEM, "The producer checks the files first.");
		}
		else if ("OUT".equals(mode)) {
			requests.status(id, Requests.IN_PROGRESS, null);
			tasks.insert(id, dataset.producerId(), dataset.id(), Tasks.OUT, due(dataset), null);
			transitions.record(id, Requests.IN_PROGRESS, Transitions.SYSTEM,
					"The producer looks for your data and hands it over outside Kerys.");
		}
		else {
			if (!Requests.SUBMITTED.equals(status)) {
				requests.status(id, Requests.SUBMITTED, null);
			}
			matching.afterCommit(id);
		}
	}

	static OffsetDateTime due(SelfdataDataset dataset) {
		return dataset.treatmentPeriod().after(OffsetDateTime.now());
	}

	List<SelfdataRequest> mine(Authentication caller, UUID datasetId, int limit, int offset) {
		return requests.ofAccount(rules.account(caller), datasetId, Math.max(1, Math.min(limit, 200)),
				Math.max(0, offset));
	}

	/** The caller's own request with its history; 404 for anyone else. */
	RequestView get(UUID id, Authentication caller) {
		SelfdataRequest request = rules.own(caller, requests.find(id).orElse(null));
		String title = catalog.dataset(request.datasetId()).map(d -> d.metadata().path("resource_title").asString(""))
				.orElse("");
		return new RequestView(request, title, attachments.of(id), tasks.ofRequest(id), transitions.of(id));
	}

	/** Cancels an open request: its values and files are erased, the producer's open tasks about it end. */
	@Transactional
	SelfdataRequest cancel(UUID id, String message, Authentication caller) {
		SelfdataRequest request = rules.own(caller, requests.lock(id).orElse(null));
		if (!request.open()) {
			throw new ProblemException(HttpStatus.CONFLICT, "KRS-409-SELFDATA-STATE",
					"Only an open request can be cancelled (this one is " + request.status() + ").");
		}
		requests.status(id, Requests.CANCELLED, null);
		close(id);
		tasks.cancelOpen(id, Tasks.OUT);
		tasks.cancelOpen(id, Tasks.MODERATION);
		transitions.record(id, Requests.CANCELLED, caller.getName(), message(message));
		return requests.find(id).orElseThrow();
	}

	/** Submits a rejected request again, with values given again (they were erased at the rejection). */
	@Transactional
	SelfdataRequest resubmit(UUID id, Submission submission, Authentication caller) {
		SelfdataRequest request = rules.own(caller, requests.lock(id).orElse(null));
		if (!Requests.REJECTED.equals(request.status())) {
			throw new ProblemException(HttpStatus.CONFLICT, "KRS-409-SELFDATA-STATE",
					"Only a rejected request can be submitted again (this one is " + request.status() + ").");
		}
		SelfdataDataset dataset = dataset(request.datasetId());
		Map<String, String> values = MatchingValues.check(dataset, submission.matching(), submission.attachments(),
				settings.settings());
		String mode = mode(dataset);
		if (requests.openOf(request.accountId(), dataset.id()).isPresent()) {
			throw new ProblemException(HttpStatus.CONFLICT, "KRS-409-SELFDATA-OPEN",
					"You already have an open request for this dataset.");
		}
		requests.replaceMatching(id, keys.seal(json.writeValueAsBytes(values), Requests.ad(id, "matching")));
		submission.attachments().forEach(a -> attachments.insert(id, a));
		requests.status(id, Requests.SUBMITTED, null);
		transitions.record(id, Requests.SUBMITTED, caller.getName(), "Submitted again.");
		next(dataset, id, mode);
		return requests.find(id).orElseThrow();
	}

	void close(UUID id) {
		matching.close(id);
	}

	/** The matching values, opened (for the producer of an OUT task). */
	Map<String, String> values(UUID id) {
		return matching.values(id);
	}

	static String message(String message) {
		if (message == null || message.isBlank()) {
			return null;
		}
		if (message.length() > 2000) {
			throw new ProblemException(HttpStatus.BAD_REQUEST, "ERR-203", "message: at most 2000 characters.");
		}
		return message.strip();
	}
}
