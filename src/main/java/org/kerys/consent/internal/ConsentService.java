package org.kerys.consent.internal;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.kerys.access.ProjectDirectory;
import org.kerys.access.ProjectDirectory.ProjectInfo;
import org.kerys.audit.AuditLedger;
import org.kerys.catalog.AccessRegime;
import org.kerys.catalog.Catalog;
import org.kerys.catalog.DatasetRecord;
import org.kerys.consent.internal.ConsentRequests.ConsentRequest;
import org.kerys.consent.internal.Consents.Consent;
import org.kerys.consent.internal.Consents.Event;
import org.kerys.consent.internal.Treatments.Treatment;
import org.kerys.consent.internal.Treatments.Version;
import org.kerys.platform.ProblemException;
import org.kerys.selfdata.PersonalData;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;

/**
 * Projects' requests for citizens' self-data, and citizens' consents: given by the citizen themself, to the published
 * version of the project's treatment, for data they hold; withdrawn by them; listed, exported, each with its receipts.
 */
@Service
class ConsentService {

	private final ConsentRequests requests;
	private final Consents consents;
	private final Treatments treatments;
	private final ConsentLifecycle lifecycle;
	private final ConsentRules rules;
	private final ProjectDirectory projects;
	private final PersonalData personalData;
	private final Catalog catalog;
	private final AuditLedger ledger;

	ConsentService(ConsentRequests requests, Consents consents, Treatments treatments, ConsentLifecycle lifecycle,
			ConsentRules rules, ProjectDirectory projects, PersonalData personalData, Catalog catalog,
			AuditLedger ledger) {
		this.requests = requests;
		this.consents = consents;
		this.treatments = treatments;
		this.lifecycle = lifecycle;
		this.rules = rules;
		this.projects = projects;
		this.personalData = personalData;
		this.catalog = catalog;
		this.ledger = ledger;
	}

	// ---- a project's requests

	/** What a citizen is asked, and by whom: the screen of a consent request. */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	record RequestView(UUID id, ProjectInfo project, @JsonProperty("treatment_id") UUID treatmentId,
			@JsonProperty("organization_id") UUID organizationId, Version treatment,
			@JsonProperty("dataset_id") UUID datasetId, @JsonProperty("dataset_title") String datasetTitle,
			String message, @JsonProperty("created_at") OffsetDateTime createdAt,
			@JsonProperty("closed_at") OffsetDateTime closedAt, @JsonProperty("live_consents") Long liveConsents,
			@JsonProperty("my_consent") ConsentView myConsent, @JsonProperty("can_consent") Boolean canConsent,
			@JsonProperty("cannot_consent_because") String cannotConsentBecause) {
	}

	@Transactional
	RequestView ask(UUID projectId, JsonNode body, Authentication caller) {
		UUID account = rules.requirePerson(caller);
		ProjectInfo project = projects.project(projectId).orElseThrow(() -> noProject(projectId));
		ConsentRules.check(rules.isProjectMember(caller, projectId), "KRS-403-PROJECT",
				"Only a member of the project may ask citizens for their data.");
		ConsentBodies read = ConsentBodies.of(body, Set.of("treatment_id", "dataset_id", "message"));
		UUID treatmentId = read.uuid("treatment_id");
		UUID datasetId = read.uuid("dataset_id");
		String message = read.text("message", 4000);
		read.done();
		Treatment treatment = treatments.find(treatmentId).orElseThrow(() -> TreatmentService.notFound(treatmentId));
		if (!treatment.organizationId().equals(project.ownerOrganizationId())) {
			throw new ProblemException(HttpStatus.UNPROCESSABLE_CONTENT, "KRS-422-CONSENT-CONTROLLER",
					"The treatment must be one of the project's owner organisation: the controller answers to "
							+ "the citizens for what the project does with their data.");
		}
		if (treatments.published(treatmentId).isEmpty()) {
			throw new ProblemException(HttpStatus.CONFLICT, "KRS-409-TREATMENT-UNPUBLISHED",
					"The treatment has no published version: citizens consent to a published one only.");
		}
		DatasetRecord dataset = catalog.dataset(datasetId).orElseThrow(
				() -> ProblemException.notFound("ERR-404", "No dataset " + datasetId + "."));
		if (dataset.regime() != AccessRegime.SELFDATA) {
			throw new ProblemException(HttpStatus.UNPROCESSABLE_CONTENT, "KRS-422-CONSENT-DATASET",
					"Only a self-data dataset's data is shared by citizens' consent.");
		}
		UUID id = UUID.randomUUID();
		if (!requests.insert(id, projectId, treatmentId, datasetId, message, account)) {
			ConsentRequest existing = requests.find(projectId, treatmentId, datasetId).orElseThrow();
			throw new ProblemException(HttpStatus.CONFLICT, "KRS-409-CONSENT-REQUEST-EXISTS",
					"The project already asks for this dataset under this treatment: " + existing.id() + ".");
		}
		ledger.record(caller.getName(), "consent.request.created", "consent_request", id.toString(),
				AuditLedger.SUCCESS, new LinkedHashMap<>(Map.of("project_id", projectId.toString(),
						"treatment_id", treatmentId.toString(), "dataset_id", datasetId.toString())));
		return request(id, caller);
	}

	@Transactional
	RequestView close(UUID id, Authentication caller) {
		ConsentRequest request = requests.find(id).orElseThrow(() -> noRequest(id));
		ConsentRules.check(rules.isProjectMember(caller, request.projectId()), "KRS-403-PROJECT",
				"Only a member of the project may close its request.");
		if (requests.close(id)) {
			ledger.record(caller.getName(), "consent.request.closed", "consent_request", id.toString(),
					AuditLedger.SUCCESS, Map.of("project_id", request.projectId().toString()));
		}
		return request(id, caller);
	}

	/**
	 * A request as its project's side sees it (with the count of live consents), or as a citizen sees it (with their
	 * own consent, and whether they may consent).
	 */
	RequestView request(UUID id, Authentication caller) {
		ConsentRequest request = requests.find(id).orElseThrow(() -> noRequest(id));
		ProjectInfo project = projects.project(request.projectId()).orElseThrow(() -> noRequest(id));
		Version version = treatments.published(request.treatmentId()).orElse(null);
		Treatment treatment = treatments.find(request.treatmentId()).orElseThrow();
		boolean projectSide = rules.actsForProject(caller, request.projectId());
		Optional<UUID> account = rules.account(caller);
		ConsentView mine = null;
		Boolean can = null;
		String because = null;
		if (account.isPresent()) {
			mine = consents.of(account.get()).stream().filter(c -> c.requestId().equals(id)).findFirst()
					.map(c -> view(c, Locale.ENGLISH, false)).orElse(null);
			because = cannotConsent(request, version, account.get(), mine);
			can = because == null;
		}
		return new RequestView(id, project, request.treatmentId(), treatment.organizationId(), version,
				request.datasetId(), title(request.datasetId()), request.message(), request.createdAt(),
				request.closedAt(), projectSide ? request.liveConsents() : null, mine, can, because);
	}

	List<ConsentRequest> requestsOf(UUID projectId, Authentication caller) {
		projects.project(projectId).orElseThrow(() -> noProject(projectId));
		ConsentRules.check(rules.actsForProject(caller, projectId), "KRS-403-PROJECT",
				"Only the project's members and client see its requests.");
		return requests.ofProject(projectId);
	}

	/** Open requests for a dataset, for a citizen who holds its data: who asks for it. */
	List<RequestView> askingFor(UUID datasetId, Authentication caller) {
		List<RequestView> out = new ArrayList<>();
		for (ConsentRequest r : requests.openFor(datasetId, 20)) {
			out.add(request(r.id(), caller));
		}
		return out;
	}

	private String cannotConsent(ConsentRequest request, Version version, UUID account, ConsentView mine) {
		if (!request.open()) {
			return "closed";
		}
		if (version == null) {
			return "unpublished";
		}
		if (mine != null && (Consents.GIVEN.equals(mine.status()) || Consents.RENEWED.equals(mine.status()))) {
			return "already_given";
		}
		if (personalData.subjectOf(account, request.datasetId()).isEmpty()) {
			return "no_data";
		}
		return null;
	}

	// ---- consents

	/** A consent as its citizen sees it. */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	record ConsentView(UUID id, String status, @JsonProperty("dpv_status") String dpvStatus,
			@JsonProperty("request_id") UUID requestId, @JsonProperty("treatment_id") UUID treatmentId, int version,
			@JsonProperty("treatment_title") String treatmentTitle, @JsonProperty("project_id") UUID projectId,
			@JsonProperty("project_title") String projectTitle, @JsonProperty("project_owner") String projectOwner,
			@JsonProperty("dataset_id") UUID datasetId, @JsonProperty("dataset_title") String datasetTitle,
			@JsonProperty("given_at") OffsetDateTime givenAt, @JsonProperty("expires_at") OffsetDateTime expiresAt,
			@JsonProperty("ended_at") OffsetDateTime endedAt, UUID renews,
			@JsonProperty("renewal_asked") boolean renewalAsked, List<EventView> events) {
	}

	/** An event of a consent; its receipt at {@code GET /api/consents/{id}/receipt?event=}. */
	record EventView(UUID id, String type, @JsonProperty("dpv_status") String dpvStatus, OffsetDateTime at) {
	}

	@Transactional
	ConsentView give(JsonNode body, Authentication caller) {
		UUID account = rules.requirePerson(caller);
		ConsentBodies read = ConsentBodies.of(body, Set.of("treatment_id", "version", "scope"));
		UUID treatmentId = read.uuid("treatment_id");
		Integer number = read.integer("version");
		read.object("scope", Set.of("dataset_id", "project_id"));
		UUID datasetId = read.uuid("scope.dataset_id");
		UUID projectId = read.uuid("scope.project_id");
		read.done();
		treatments.find(treatmentId).orElseThrow(() -> TreatmentService.notFound(treatmentId));
		Version version = treatments.version(treatmentId, number).orElseThrow(() -> ProblemException.notFound(
				"KRS-404-TREATMENT-VERSION", "Treatment " + treatmentId + " has no version " + number + "."));
		if (!version.published()) {
			throw new ProblemException(HttpStatus.CONFLICT, "KRS-409-CONSENT-VERSION",
					"Version " + number + " of this treatment is " + version.status()
							+ ": consent is given to the published version only.");
		}
		ConsentRequest request = requests.find(projectId, treatmentId, datasetId)
				.orElseThrow(() -> new ProblemException(HttpStatus.UNPROCESSABLE_CONTENT, "KRS-422-CONSENT-SCOPE",
						"This project does not ask for this dataset's data under this treatment."));
		if (!request.open()) {
			throw new ProblemException(HttpStatus.CONFLICT, "KRS-409-CONSENT-REQUEST-CLOSED",
					"The project no longer asks for this data.");
		}
		if (personalData.subjectOf(account, datasetId).isEmpty()) {
			throw new ProblemException(HttpStatus.CONFLICT, "KRS-409-CONSENT-NO-DATA",
					"You have no data of this dataset to share yet: ask the producer for it first.");
		}
		Optional<Consent> latest = consents.latest(account, request.id());
		if (latest.isPresent() && latest.get().live(ConsentLifecycle.now())) {
			throw new ProblemException(HttpStatus.CONFLICT, "KRS-409-CONSENT-EXISTS",
					"You already consent to this: " + latest.get().id() + ".");
		}
		boolean renewal = latest.isPresent() && Consents.INVALIDATED.equals(latest.get().status());
		OffsetDateTime now = ConsentLifecycle.now();
		Consent consent = new Consent(UUID.randomUUID(), account, request.id(), projectId, datasetId, treatmentId,
				version.version(), renewal ? Consents.RENEWED : Consents.GIVEN, now,
				now.plus(TreatmentContent.retention(version.content())), null,
				renewal ? latest.get().id() : null);
		try {
			lifecycle.give(consent, version, caller.getName());
		}
		catch (org.springframework.dao.DuplicateKeyException e) {
			// the same citizen consenting twice at the same moment: the unique index keeps one live consent
			throw new ProblemException(HttpStatus.CONFLICT, "KRS-409-CONSENT-EXISTS", "You already consent to this.");
		}
		return view(consent, Locale.ENGLISH, true);
	}

	@Transactional
	ConsentView withdraw(UUID id, Authentication caller) {
		UUID account = rules.requirePerson(caller);
		Consent consent = consents.lock(id).filter(c -> c.accountId().equals(account))
				.orElseThrow(() -> noConsent(id));
		if (!consent.live(ConsentLifecycle.now()) || lifecycle.end(consent, Consents.WITHDRAWN, caller.getName()) == null) {
			throw new ProblemException(HttpStatus.CONFLICT, "KRS-409-CONSENT-STATE",
					"This consent is " + consent.statusAt(ConsentLifecycle.now()) + ": only a live consent is withdrawn.");
		}
		return view(consents.find(id).orElseThrow(), Locale.ENGLISH, true);
	}

	/** The caller's own consent (another's is 404: nobody learns that it exists). */
	Consent own(UUID id, Authentication caller) {
		UUID account = rules.requirePerson(caller);
		return consents.find(id).filter(c -> c.accountId().equals(account)).orElseThrow(() -> noConsent(id));
	}

	ConsentView mine(UUID id, Authentication caller, Locale locale) {
		return view(own(id, caller), locale, true);
	}

	List<ConsentView> mine(Authentication caller, Locale locale) {
		UUID account = rules.requirePerson(caller);
		return consents.of(account).stream().map(c -> view(c, locale, true)).toList();
	}

	/** The receipt of an event of the caller's consent (the latest when {@code eventId} is null). */
	Map<String, Object> receipt(UUID id, UUID eventId, Authentication caller) {
		Consent consent = own(id, caller);
		List<Event> events = consents.events(consent.id());
		Event event = eventId == null ? events.get(events.size() - 1)
				: events.stream().filter(e -> e.id().equals(eventId)).findFirst()
						.orElseThrow(() -> ProblemException.notFound("KRS-404-CONSENT-EVENT", "No such event."));
		return receiptOf(event);
	}

	Map<String, Object> receiptOf(Event event) {
		Map<String, Object> out = new LinkedHashMap<>();
		out.put("consent_id", event.consentId());
		out.put("event_id", event.id());
		out.put("event_type", event.type());
		out.put("dpv_status", Consents.DPV.get(event.type()));
		out.put("at", event.at());
		out.put("jws", event.receipt());
		JsonNode payload = Receipts.payloadOf(event.receipt());
		out.put("consent_record", payload.path("consent_record"));
		out.put("kantara_receipt", payload.path("kantara_receipt"));
		return out;
	}

	/** Everything about the caller's consents: each with every event and its signed receipt (portability). */
	Map<String, Object> export(Authentication caller) {
		UUID account = rules.requirePerson(caller);
		List<Map<String, Object>> all = new ArrayList<>();
		for (Consent c : consents.of(account)) {
			Map<String, Object> one = new LinkedHashMap<>();
			one.put("consent", view(c, Locale.ENGLISH, false));
			one.put("receipts", consents.events(c.id()).stream().map(this::receiptOf).toList());
			all.add(one);
		}
		Map<String, Object> out = new LinkedHashMap<>();
		out.put("exported_at", OffsetDateTime.now(ZoneOffset.UTC));
		out.put("login", caller.getName());
		out.put("jwks_uri", "/.well-known/jwks.json");
		out.put("consents", all);
		ledger.record(caller.getName(), "consent.history.exported", AuditLedger.ACCOUNT, null, AuditLedger.SUCCESS,
				Map.of("consents", all.size()));
		return out;
	}

	ConsentView view(Consent c, Locale locale, boolean withEvents) {
		OffsetDateTime now = ConsentLifecycle.now();
		String status = c.statusAt(now);
		Optional<Version> version = treatments.version(c.treatmentId(), c.version());
		String title = version.map(v -> TreatmentContent.in(v.content().path("title"), locale)).orElse("");
		Optional<ProjectInfo> project = projects.project(c.projectId());
		boolean renewalAsked = Consents.INVALIDATED.equals(status)
				&& consents.latestId(c.accountId(), c.requestId()).map(c.id()::equals).orElse(false)
				&& requests.find(c.requestId()).map(ConsentRequest::open).orElse(false);
		List<EventView> events = withEvents ? consents.events(c.id()).stream()
				.map(e -> new EventView(e.id(), e.type(), Consents.DPV.get(e.type()), e.at())).toList() : null;
		return new ConsentView(c.id(), status, Consents.DPV.get(status), c.requestId(), c.treatmentId(), c.version(),
				title, c.projectId(), project.map(ProjectInfo::title).orElse(""),
				project.map(ProjectInfo::ownerName).orElse(null), c.datasetId(), title(c.datasetId()), c.givenAt(),
				c.expiresAt(), c.endedAt(), c.renews(), renewalAsked, events);
	}

	private String title(UUID datasetId) {
		return catalog.dataset(datasetId).map(d -> d.metadata().path("resource_title").asString(""))
				.orElse(datasetId.toString());
	}

	static ProblemException noConsent(UUID id) {
		return ProblemException.notFound("KRS-404-CONSENT", "No consent " + id + " of yours.");
	}

	private static ProblemException noRequest(UUID id) {
		return ProblemException.notFound("KRS-404-CONSENT-REQUEST", "No consent request " + id + ".");
	}

	private static ProblemException noProject(UUID id) {
		return ProblemException.notFound("KRS-404-PROJECT", "No project " + id + ".");
	}
}
