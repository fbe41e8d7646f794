package org.kerys.selfdata.internal;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import org.kerys.platform.ProblemException;
import org.kerys.selfdata.internal.Requests.SelfdataRequest;
import org.kerys.selfdata.internal.SubjectSource.SourceFailure;
import org.kerys.selfdata.internal.crypto.PersonalKeys;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;

/**
 * The citizen's own data: gdata and tpbc read through the source that matched them (node with the kept token, or
 * the store), as JSON or CSV; forgetting the link; asking the producer for erasure or rectification (a task due
 * within the treatment period); the list of every access. Each read is recorded ({@link Accesses}: citizen's list
 * and audit ledger, same transaction).
 */
@Service
class SelfdataData {

	private final Requests requests;
	private final Matching matching;
	private final PersonalKeys keys;
	private final Accesses accesses;
	private final Tasks tasks;
	private final Transitions transitions;
	private final SelfdataRules rules;
	private final SelfdataRequests selfdataRequests;

	SelfdataData(Requests requests, Matching matching, PersonalKeys keys, Accesses accesses, Tasks tasks,
			Transitions transitions, SelfdataRules rules, SelfdataRequests selfdataRequests) {
		this.requests = requests;
		this.matching = matching;
		this.keys = keys;
		this.accesses = accesses;
		this.tasks = tasks;
		this.transitions = transitions;
		this.rules = rules;
		this.selfdataRequests = selfdataRequests;
	}

	/** The caller's link to the dataset (a completed request with data); 404 KRS-404-SELFDATA-LINK otherwise. */
	SelfdataRequest link(UUID datasetId, Authentication caller) {
		return link(rules.account(caller), datasetId);
	}

	SelfdataRequest link(UUID account, UUID datasetId) {
		return requests.linkOf(account, datasetId).filter(r -> !"OUT".equals(r.mode()))
				.orElseThrow(() -> ProblemException.notFound("KRS-404-SELFDATA-LINK",
						"You have no data from this dataset in Kerys: ask for it first (a completed request with data)."));
	}

	/** The caller's generic data (gdata format). The source is called outside any transaction. */
	JsonNode gdata(UUID datasetId, Authentication caller) {
		SelfdataRequest link = link(datasetId, caller);
		return gdata(link, Accesses.CITIZEN, caller.getName());
	}

	/** The caller's time series (tpbc format), between two optional dates. */
	JsonNode tpbc(UUID datasetId, LocalDate min, LocalDate max, Authentication caller) {
		SelfdataRequest link = link(datasetId, caller);
		return tpbc(link, min, max, Accesses.CITIZEN, caller.getName());
	}

	/** The data of a link, read by {@code actor} (recorded). */
	JsonNode gdata(SelfdataRequest link, String actorKind, String actor) {
		Read read = read(link);
		try {
			JsonNode data = read.source().gdata(read.dataset(), link.accountId().toString(), read.secret());
			accesses.record(link.accountId(), link.id(), link.datasetId(), actorKind, actor, "GDATA");
			return data;
		}
		catch (SourceFailure failure) {
			throw problem(failure);
		}
	}

	JsonNode tpbc(SelfdataRequest link, LocalDate min, LocalDate max, String actorKind, String actor) {
		if (min != null && max != null && min.isAfter(max)) {
			throw ProblemException.badRequest("KRS-400-DATES", "min-date is after max-date.");
		}
		Read read = read(link);
		try {
			JsonNode data = read.source().tpbc(read.dataset(), link.accountId().toString(), read.secret(), min, max);
			accesses.record(link.accountId(), link.id(), link.datasetId(), actorKind, actor, "TPBC");
			return data;
		}
		catch (SourceFailure failure) {
			throw problem(failure);
		}
	}

	private record Read(SelfdataDataset dataset, SubjectSource source, byte[] secret) {
	}

	private Read read(SelfdataRequest link) {
		if (link.matchExpiresAt() != null && link.matchExpiresAt().isBefore(OffsetDateTime.now())) {
			throw new ProblemException(HttpStatus.GONE, "KRS-410-SELFDATA-TOKEN",
					"The producer's matching has expired: ask for your data again.");
		}
		SelfdataDataset dataset = selfdataRequests.dataset(link.datasetId());
		SubjectSource source = matching.source(link.mode()).orElseThrow(() -> new ProblemException(HttpStatus.GONE,
				"KRS-410-SELFDATA-TOKEN", "This data is no longer available: ask for it again."));
		byte[] secret = requests.match(link.id()).map(s -> keys.open(s, Requests.ad(link.id(), "match")))
				.orElseThrow(() -> new ProblemException(HttpStatus.GONE, "KRS-410-SELFDATA-TOKEN",
						"This data is no longer available: ask for it again."));
		return new Read(dataset, source, secret);
	}

	private static ProblemException problem(SourceFailure failure) {
		HttpStatus status = failure.code().startsWith("KRS-410") ? HttpStatus.GONE
				: failure.code().startsWith("KRS-404") ? HttpStatus.NOT_FOUND
				: failure.code().startsWith("KRS-504") ? HttpStatus.GATEWAY_TIMEOUT : HttpStatus.BAD_GATEWAY;
		return new ProblemException(status, failure.code(), failure.getMessage());
	}

	/** CSV of gdata ({@code object,label,type,value}) or tpbc ({@code series,<one column per values>}). */
	static String csv(JsonNode data, boolean timeSeries, Locale locale) {
		return timeSeries ? DataCsv.tpbc(data, locale) : DataCsv.gdata(data, locale);
	}

	/** Forgets the link: the token or subject key is erased; the history stays. */
	@Transactional
	void forget(UUID datasetId, Authentication caller) {
		SelfdataRequest link = requests.linkOf(rules.account(caller), datasetId).orElseThrow(
				() -> ProblemException.notFound("KRS-404-SELFDATA-LINK", "You have no link to this dataset."));
		requests.forget(link.id());
		transitions.record(link.id(), "FORGOTTEN", caller.getName(), null);
	}

	/**
	 * Asks the producer to erase (when the dataset's data is deletable) or rectify the caller's data: a task of the
	 * producer's members, due within the treatment period. The message is sealed.
	 */
	@Transactional
	Tasks.Task ask(UUID datasetId, String kind, String message, Authentication caller) {
		UUID account = rules.account(caller);
		SelfdataRequest link = requests.linkOf(account, datasetId).orElseThrow(
				() -> ProblemException.notFound("KRS-404-SELFDATA-LINK", "You have no data from this dataset."));
		SelfdataDataset dataset = selfdataRequests.dataset(datasetId);
		if (Tasks.ERASURE.equals(kind) && !dataset.deletable()) {
			throw new ProblemException(HttpStatus.CONFLICT, "KRS-409-SELFDATA-NOT-DELETABLE",
					"The producer keeps this data: " + String.join("; ", dataset.deletionReasons()));
		}
		String text = SelfdataRequests.message(message);
		if (Tasks.RECTIFICATION.equals(kind) && text == null) {
			throw new ProblemException(HttpStatus.BAD_REQUEST, "ERR-202", "message: say what is to be corrected.",
					List.of(new ProblemException.FieldError("ERR-202", "message", "Required.")));
		}
		if (dataset.producerId() == null) {
			throw new ProblemException(HttpStatus.CONFLICT, "KRS-409-SELFDATA-NO-SOURCE",
					"This dataset names no producer organisation.");
		}
		boolean pending = tasks.ofRequest(link.id()).stream()
				.anyMatch(t -> t.kind().equals(kind) && Tasks.OPEN.equals(t.status()));
		if (pending) {
			throw new ProblemException(HttpStatus.CONFLICT, "KRS-409-SELFDATA-TASK-OPEN",
					"The producer has not answered your previous request of this kind yet.");
		}
		UUID id = tasks.insert(link.id(), dataset.producerId(), datasetId, kind, SelfdataRequests.due(dataset), text);
		transitions.record(link.id(), kind + "_REQUESTED", caller.getName(), null);
		return tasks.find(id).orElseThrow();
	}

	List<Accesses.Access> accesses(Authentication caller, int limit, int offset) {
		return accesses.of(rules.account(caller), Math.max(1, Math.min(limit, 500)), Math.max(0, offset));
	}

	static byte[] utf8(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}
}
