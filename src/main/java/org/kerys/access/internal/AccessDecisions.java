package org.kerys.access.internal;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.kerys.access.internal.AccessRequests.AccessRequest;
import org.kerys.access.internal.Agreements.Agreement;
import org.kerys.audit.AuditLedger;
import org.kerys.catalog.AccessRegime;
import org.kerys.catalog.Catalog;
import org.kerys.catalog.DatasetRecord;
import org.kerys.platform.ProblemException;
import org.kerys.platform.ProblemException.FieldError;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;

/**
 * The life of access requests and agreements. A request is SUBMITTED, then ACCEPTED or REJECTED by the producer, or
 * WITHDRAWN by the project; an accepted request makes an agreement, ACTIVE until it EXPIRES (its end date, seen at the
 * moment of each read), is REVOKED by the producer or ENDED by the project. Each transition is a single conditional
 * update (two decisions at the same moment: one wins, the other is told the state changed), kept in the history,
 * notified to the other side and written to the audit ledger.
 */
@Service
class AccessDecisions {

	static final String NO_REQUEST = "KRS-404-ACCESS-REQUEST";
	static final String NO_AGREEMENT = "KRS-404-AGREEMENT";
	static final String REQUEST_STATE = "KRS-409-REQUEST-STATE";
	static final String AGREEMENT_STATE = "KRS-409-AGREEMENT-STATE";

	private final AccessRequests requests;
	private final Agreements agreements;
	private final Projects projects;
	private final Transitions transitions;
	private final Notifications notifications;
	private final AccessRules rules;
	private final Catalog catalog;
	private final AuditLedger audit;
	private final GatewayCache gateway;

	AccessDecisions(AccessRequests requests, Agreements agreements, Projects projects, Transitions transitions,
			Notifications notifications, AccessRules rules, Catalog catalog, AuditLedger audit, GatewayCache gateway) {
		this.gateway = gateway;
		this.requests = requests;
		this.agreements = agreements;
		this.projects = projects;
		this.transitions = transitions;
		this.notifications = notifications;
		this.rules = rules;
		this.catalog = catalog;
		this.audit = audit;
	}

	record RequestBody(@com.fasterxml.jackson.annotation.JsonProperty("dataset_id") String datasetId,
			@com.fasterxml.jackson.annotation.JsonProperty("media_ids") List<String> mediaIds, String purpose,
			@com.fasterxml.jackson.annotation.JsonProperty("requested_end_date") String requestedEndDate,
			String message) {
	}

	/** A project asks the producer of a restricted dataset for access. */
	@Transactional
	AccessRequest submit(Project project, RequestBody body, Authentication caller) {
		rules.checkMember(caller, project);
		UUID account = rules.requireAccount(caller);
		List<FieldError> errors = new ArrayList<>();
		UUID datasetId = Fields.uuid(body.datasetId(), "dataset_id", true, errors);
		List<UUID> media = Fields.uuids(body.mediaIds(), "media_ids", errors);
		String purpose = Fields.text(body.purpose(), "purpose", true, 2000, errors);
		LocalDate until = Fields.date(body.requestedEndDate(), "requested_end_date", errors);
		String message = Fields.text(body.message(), "message", false, 5000, errors);
		Fields.check(errors, "The access request");
		if (until != null && until.isBefore(LocalDate.now())) {
			throw endDateInPast("requested_end_date");
		}
		DatasetRecord dataset = catalog.dataset(datasetId)
				.orElseThrow(() -> ProblemException.notFound("ERR-104", "The dataset does not exist."));
		if (dataset.regime() == AccessRegime.OPEN) {
			throw new ProblemException(HttpStatus.BAD_REQUEST, "KRS-400-OPEN-DATASET",
					"This dataset is open data: anyone may download it, no request is needed.");
		}
		if (dataset.regime() == AccessRegime.SELFDATA) {
			throw new ProblemException(HttpStatus.BAD_REQUEST, "KRS-400-SELFDATA",
					"This dataset holds personal data: only each person has access to their own records.");
		}
		checkMedia(media, dataset, "media_ids");
		UUID producer = producerOf(dataset);
		if (requests.pending(project.id(), datasetId)) {
			throw new ProblemException(HttpStatus.CONFLICT, "KRS-409-REQUEST-PENDING",
					"This project already has a request waiting for an answer on this dataset.");
		}
		UUID id = UUID.randomUUID();
		requests.insert(id, project.id(), datasetId, producer, media, purpose, until, message, account);
		projects.link(project.id(), datasetId);
		transitions.record("access_request", id, "SUBMITTED", caller.getName(), message);
		notifications.tell(notifications.producerSide(producer), "access_request.submitted", "access_request", id,
				"/api/access-requests/" + id, message, List.of(project.title(), title(dataset)));
		record(caller, "access_request.submitted", "access_request", id, Map.of("project_id", project.id().toString(),
				"dataset_id", datasetId.toString()));
		return requests.find(id).orElseThrow();
	}

	record AcceptBody(@com.fasterxml.jackson.annotation.JsonProperty("end_date") String endDate,
			@com.fasterxml.jackson.annotation.JsonProperty("media_ids") List<String> mediaIds, String purpose,
			@com.fasterxml.jackson.annotation.JsonProperty("rate_limit_per_minute") Long rateLimitPerMinute,
			@com.fasterxml.jackson.annotation.JsonProperty("bytes_per_day") Long bytesPerDay, String message) {
	}

	/** The producer accepts, with its conditions: an ACTIVE agreement. */
	@Transactional
	Agreement accept(UUID requestId, AcceptBody body, Authentication caller) {
		AccessRequest request = request(requestId);
		rules.checkDecides(caller, request.producerId());
		List<FieldError> errors = new ArrayList<>();
		OffsetDateTime end = Fields.until(body.endDate(), "end_date", errors);
		List<UUID> media = body.mediaIds() == null ? request.mediaIds() : Fields.uuids(body.mediaIds(), "media_ids", errors);
		String purpose = body.purpose() == null ? request.purpose()
				: Fields.text(body.purpose(), "purpose", true, 2000, errors);
		Long rate = Fields.positive(body.rateLimitPerMinute(), "rate_limit_per_minute", errors);
		if (rate != null && rate > Integer.MAX_VALUE) {
			errors.add(new FieldError("ERR-303", "rate_limit_per_minute", "At most " + Integer.MAX_VALUE + "."));
		}
		Long bytes = Fields.positive(body.bytesPerDay(), "bytes_per_day", errors);
		String message = Fields.text(body.message(), "message", false, 5000, errors);
		Fields.check(errors, "The acceptance");
		OffsetDateTime now = OffsetDateTime.now();
		if (end == null) {
			end = now.plusYears(1);
		}
		else if (!end.isAfter(now)) {
			throw endDateInPast("end_date");
		}
		DatasetRecord dataset = catalog.dataset(request.datasetId())
				.orElseThrow(() -> new ProblemException(HttpStatus.CONFLICT, "KRS-409-DATASET-GONE",
						"The dataset of this request no longer exists."));
		checkMedia(media, dataset, "media_ids");
		if (media.isEmpty()) {
			media = mediaOf(dataset); // the request named none: every media the dataset has now
		}
		if (!requests.decide(request.id(), "ACCEPTED")) {
			throw requestState(request.id());
		}
		UUID agreementId = UUID.randomUUID();
		gateway.agreementsChanged();
		agreements.insert(agreementId, request.id(), request.projectId(), request.datasetId(), request.producerId(),
				media, purpose, end, rate == null ? null : rate.intValue(), bytes);
		transitions.record("access_request", request.id(), "ACCEPTED", caller.getName(), message);
		transitions.record("agreement", agreementId, "ACTIVE", caller.getName(), message);
		Project project = projects.find(request.projectId()).orElseThrow();
		notifications.tell(notifications.projectSide(project), "access_request.accepted", "agreement", agreementId,
				"/api/agreements/" + agreementId, message, List.of(project.title(), title(dataset), end.minusNanos(1).toLocalDate()));
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("agreement_id", agreementId.toString());
		details.put("end_date", end.toString());
		details.put("media_ids", media.stream().map(UUID::toString).toList());
		if (rate != null) {
			details.put("rate_limit_per_minute", rate);
		}
		if (bytes != null) {
			details.put("bytes_per_day", bytes);
		}
		record(caller, "access_request.accepted", "access_request", request.id(), details);
		return agreements.find(agreementId).orElseThrow();
	}

	record MessageBody(String message) {
	}

	/** The producer refuses, saying why. */
	@Transactional
	AccessRequest reject(UUID requestId, MessageBody body, Authentication caller) {
		AccessRequest request = request(requestId);
		rules.checkDecides(caller, request.producerId());
		String message = message(body, true);
		if (!requests.decide(request.id(), "REJECTED")) {
			throw requestState(request.id());
		}
		transitions.record("access_request", request.id(), "REJECTED", caller.getName(), message);
		Project project = projects.find(request.projectId()).orElseThrow();
		notifications.tell(notifications.projectSide(project), "access_request.rejected", "access_request",
				request.id(), "/api/access-requests/" + request.id(), message,
				List.of(project.title(), datasetTitle(request.datasetId())));
		record(caller, "access_request.rejected", "access_request", request.id(), Map.of());
		return requests.find(request.id()).orElseThrow();
	}

	/** The project takes its request back before the answer. */
	@Transactional
	AccessRequest withdraw(UUID requestId, MessageBody body, Authentication caller) {
		AccessRequest request = request(requestId);
		Project project = projects.find(request.projectId()).orElseThrow();
		rules.checkMember(caller, project);
		String message = message(body, false);
		if (!requests.decide(request.id(), "WITHDRAWN")) {
			throw requestState(request.id());
		}
		transitions.record("access_request", request.id(), "WITHDRAWN", caller.getName(), message);
		notifications.tell(notifications.producerSide(request.producerId()), "access_request.withdrawn",
				"access_request", request.id(), "/api/access-requests/" + request.id(), message,
				List.of(project.title(), datasetTitle(request.datasetId())));
		record(caller, "access_request.withdrawn", "access_request", request.id(), Map.of());
		return requests.find(request.id()).orElseThrow();
	}

	/** The producer stops an active agreement: the next access is refused. */
	@Transactional
	Agreement revoke(UUID agreementId, MessageBody body, Authentication caller) {
		Agreement agreement = agreement(agreementId);
		rules.checkDecides(caller, agreement.producerId());
		return close(agreement, "REVOKED", message(body, false), caller);
	}

	/** The project says it no longer needs the data. */
	@Transactional
	Agreement end(UUID agreementId, MessageBody body, Authentication caller) {
		Agreement agreement = agreement(agreementId);
		rules.checkMember(caller, projects.find(agreement.projectId()).orElseThrow());
		return close(agreement, "ENDED", message(body, false), caller);
	}

	private Agreement close(Agreement agreement, String state, String message, Authentication caller) {
		gateway.agreementsChanged(); // the gateway's next call sees it, once committed
		if (!agreements.close(agreement.id(), state)) {
			throw new ProblemException(HttpStatus.CONFLICT, AGREEMENT_STATE, "This agreement is "
					+ agreements.find(agreement.id()).orElseThrow().state() + ", no longer ACTIVE.");
		}
		transitions.record("agreement", agreement.id(), state, caller.getName(), message);
		Project project = projects.find(agreement.projectId()).orElseThrow();
		var told = "REVOKED".equals(state) ? notifications.projectSide(project)
				: notifications.producerSide(agreement.producerId());
		notifications.tell(told, "agreement." + state.toLowerCase(java.util.Locale.ROOT), "agreement", agreement.id(),
				"/api/agreements/" + agreement.id(), message,
				List.of(project.title(), datasetTitle(agreement.datasetId())));
		record(caller, "agreement." + state.toLowerCase(java.util.Locale.ROOT), "agreement", agreement.id(), Map.of());
		return agreements.find(agreement.id()).orElseThrow();
	}

	/**
	 * An agreement as read now: when its end date has passed and nobody recorded it yet, this read records the expiry
	 * (history, notifications to both sides, audit), once.
	 */
	@Transactional
	Agreement read(UUID agreementId) {
		Agreement agreement = agreement(agreementId);
		expireIfDue(agreement);
		return agreements.find(agreementId).orElseThrow();
	}

	private void expireIfDue(Agreement agreement) {
		if (!"EXPIRED".equals(agreement.state()) || !agreements.expire(agreement.id())) {
			return;
		}
		gateway.agreementsChanged();
		transitions.record("agreement", agreement.id(), "EXPIRED", Transitions.SYSTEM,
				"End date reached: " + agreement.endDate());
		Project project = projects.find(agreement.projectId()).orElseThrow();
		List<org.kerys.identity.Recipients.Recipient> both = new ArrayList<>(notifications.projectSide(project));
		both.addAll(notifications.producerSide(agreement.producerId()));
		notifications.tell(both, "agreement.expired", "agreement", agreement.id(), "/api/agreements/" + agreement.id(),
				null, List.of(project.title(), datasetTitle(agreement.datasetId()), agreement.endDate().toLocalDate()));
		audit.record(AuditLedger.SYSTEM, "agreement.expired", "agreement", agreement.id().toString(),
				AuditLedger.SUCCESS, Map.of("end_date", agreement.endDate().toString()));
	}

	AccessRequest request(UUID id) {
		return requests.find(id).orElseThrow(() -> ProblemException.notFound(NO_REQUEST, "No such access request."));
	}

	Agreement agreement(UUID id) {
		return agreements.find(id).orElseThrow(() -> ProblemException.notFound(NO_AGREEMENT, "No such agreement."));
	}

	private ProblemException requestState(UUID id) {
		return new ProblemException(HttpStatus.CONFLICT, REQUEST_STATE, "This request is "
				+ requests.find(id).orElseThrow().state() + ": only a SUBMITTED request can be decided or withdrawn.");
	}

	private static ProblemException endDateInPast(String field) {
		return new ProblemException(HttpStatus.BAD_REQUEST, "KRS-400-END-DATE", "The end date is in the past.",
				List.of(new FieldError("KRS-400-END-DATE", field, "A date in the future.")));
	}

	private static String message(MessageBody body, boolean required) {
		List<FieldError> errors = new ArrayList<>();
		String message = Fields.text(body == null ? null : body.message(), "message", required, 5000, errors);
		Fields.check(errors, "The message");
		return message == null || message.isEmpty() ? null : message;
	}

	private void checkMedia(List<UUID> media, DatasetRecord dataset, String field) {
		List<UUID> known = mediaOf(dataset);
		List<FieldError> errors = new ArrayList<>();
		for (int i = 0; i < media.size(); i++) {
			if (!known.contains(media.get(i))) {
				errors.add(new FieldError("KRS-400-MEDIA", field + "[" + i + "]", "Not a media of this dataset."));
			}
		}
		if (!errors.isEmpty()) {
			throw new ProblemException(HttpStatus.BAD_REQUEST, "KRS-400-MEDIA", "Unknown media.", errors);
		}
	}

	static List<UUID> mediaOf(DatasetRecord dataset) {
		List<UUID> media = new ArrayList<>();
		for (JsonNode format : dataset.metadata().path("available_formats")) {
			try {
				media.add(UUID.fromString(format.path("media_id").asString("")));
			}
			catch (IllegalArgumentException e) {
				// not a media Kerys can serve
			}
		}
		return media;
	}

	static UUID producerOf(DatasetRecord dataset) {
		try {
			return UUID.fromString(dataset.metadata().path("producer").path("organization_id").asString(""));
		}
		catch (IllegalArgumentException e) {
			// validation requires one; a record without a readable producer has nobody to ask
			throw new ProblemException(HttpStatus.CONFLICT, "KRS-409-DATASET-PRODUCER",
					"This dataset names no producer organisation that could answer a request.");
		}
	}

	static String title(DatasetRecord dataset) {
		return dataset.metadata().path("resource_title").asString("");
	}

	/** The title of a dataset named in a notification; its id when it is gone. */
	private String datasetTitle(UUID datasetId) {
		return catalog.dataset(datasetId).map(AccessDecisions::title).orElse(datasetId.toString());
	}

	private void record(Authentication caller, String action, String type, UUID id, Map<String, Object> details) {
		audit.record(caller.getName(), action, type, id.toString(), AuditLedger.SUCCESS, details);
	}
}
