package org.kerys.consent.internal;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.kerys.access.ProjectDirectory;
import org.kerys.audit.AuditLedger;
import org.kerys.catalog.Catalog;
import org.kerys.consent.internal.Consents.Consent;
import org.kerys.consent.internal.Consents.Event;
import org.kerys.consent.internal.Receipts.Parties;
import org.kerys.consent.internal.Treatments.Treatment;
import org.kerys.consent.internal.Treatments.Version;
import org.kerys.identity.OrganizationNames;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The one place where a consent changes: given (or renewed), withdrawn, expired, invalidated. Each change is stored
 * with its event, the event's signed receipt and an audit ledger entry, in the caller's transaction.
 */
@Component
class ConsentLifecycle {

	private final Consents consents;
	private final Treatments treatments;
	private final SubjectRefs subjectRefs;
	private final Receipts receipts;
	private final ProjectDirectory projects;
	private final OrganizationNames organizations;
	private final Catalog catalog;
	private final AuditLedger ledger;
	private final RenewalMails renewals;
	private final ConsentCache cache;

	ConsentLifecycle(Consents consents, Treatments treatments, SubjectRefs subjectRefs, Receipts receipts,
			ProjectDirectory projects, OrganizationNames organizations, Catalog catalog, AuditLedger ledger,
			RenewalMails renewals, ConsentCache cache) {
		this.renewals = renewals;
		this.cache = cache;
		this.consents = consents;
		this.treatments = treatments;
		this.subjectRefs = subjectRefs;
		this.receipts = receipts;
		this.projects = projects;
		this.organizations = organizations;
		this.catalog = catalog;
		this.ledger = ledger;
	}

	static OffsetDateTime now() {
		return OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
	}

	/** Stores a new consent (status given or renewed) with its first event. */
	@Transactional(propagation = Propagation.MANDATORY)
	Event give(Consent consent, Version version, String actor) {
		consents.insert(consent);
		return event(consent, consent.status(), consent.givenAt(), version, actor);
	}

	/** Ends a live consent with this status; null when it was no longer live. */
	@Transactional(propagation = Propagation.MANDATORY)
	Event end(Consent consent, String status, String actor) {
		OffsetDateTime at = now();
		if (!consents.end(consent.id(), status, at)) {
			return null;
		}
		Version version = treatments.version(consent.treatmentId(), consent.version()).orElseThrow();
		return event(consent, status, at, version, actor);
	}

	/**
	 * Invalidates the live consents under versions older than {@code version}, and asks their citizens to renew;
	 * how many.
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	int invalidateBefore(UUID treatmentId, int version, String actor) {
		List<Consent> live = consents.liveBefore(treatmentId, version);
		live.forEach(c -> end(c, Consents.INVALIDATED, actor));
		if (!live.isEmpty()) {
			String title = treatments.version(treatmentId, version)
					.map(v -> TreatmentContent.in(v.content().path("title"), java.util.Locale.FRENCH)).orElse("");
			renewals.ask(live.stream().map(Consent::accountId).toList(), title);
		}
		return live.size();
	}

	/** Marks up to {@code limit} consents past their expiry as expired; how many. */
	@Transactional
	int expire(int limit) {
		List<Consent> past = consents.pastExpiry(now(), limit);
		past.forEach(c -> end(c, Consents.EXPIRED, AuditLedger.SYSTEM));
		return past.size();
	}

	private Event event(Consent consent, String type, OffsetDateTime at, Version version, String actor) {
		Treatment treatment = treatments.find(consent.treatmentId()).orElseThrow();
		Parties parties = parties(consent, treatment);
		UUID id = UUID.randomUUID();
		Event event = new Event(id, consent.id(), type, at, receipts.sign(id, type, at, consent, version, parties));
		consents.insertEvent(event);
		cache.changed();
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("subject_account", consent.accountId().toString());
		details.put("event_id", id.toString());
		details.put("project_id", consent.projectId().toString());
		details.put("dataset_id", consent.datasetId().toString());
		details.put("treatment_id", consent.treatmentId().toString());
		details.put("version", consent.version());
		details.put("state", Consents.DPV.get(type));
		ledger.record(actor, "consent." + type, "consent", consent.id().toString(), AuditLedger.SUCCESS, details);
		return event;
	}

	Parties parties(Consent consent, Treatment treatment) {
		ProjectDirectory.ProjectInfo project = projects.project(consent.projectId()).orElse(null);
		String organization = organizations.names(List.of(treatment.organizationId())).get(treatment.organizationId());
		String dataset = catalog.dataset(consent.datasetId())
				.map(d -> d.metadata().path("resource_title").asString("")).orElse("");
		return new Parties(subjectRefs.of(consent.projectId(), consent.accountId()), treatment.organizationId(),
				organization, project == null ? "" : project.title(), project == null ? null : project.ownerName(),
				dataset);
	}
}
