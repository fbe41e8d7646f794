package org.kerys.consent.internal;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.kerys.access.ProjectDirectory;
import org.kerys.access.ProjectDirectory.ProjectInfo;
import org.kerys.consent.internal.Consents.ConsentedSubject;
import org.kerys.identity.AccessPolicy;
import org.kerys.platform.ProblemException;
import org.kerys.selfdata.PersonalData;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;

/**
 * Third-party sharing: a project's client fetches a citizen's self-data, named by the project's pseudonymous
 * reference, only while that citizen's consent to this project for this dataset is live. The check is
 * {@link ConsentCache}'s (in memory, dropped by every consent change at its commit), so a withdrawal holds from the
 * very next call; its duration is the timer
 * {@code kerys.consent.check} (p50 and p99 at {@code /actuator/prometheus}). Each fetch is one of the citizen's
 * "who accessed my data" rows, by the project's name, and an audit ledger entry (both written by self-data).
 */
@Service
class Sharing {

	private final Consents consents;
	private final ConsentCache cache;
	private final ConsentRules rules;
	private final AccessPolicy policy;
	private final ProjectDirectory projects;
	private final PersonalData personalData;
	private final Timer checks;

	Sharing(Consents consents, ConsentCache cache, ConsentRules rules, AccessPolicy policy, ProjectDirectory projects,
			PersonalData personalData, MeterRegistry meters) {
		this.consents = consents;
		this.cache = cache;
		this.rules = rules;
		this.policy = policy;
		this.projects = projects;
		this.personalData = personalData;
		this.checks = Timer.builder("kerys.consent.check")
				.description("Time to check a project's consent before a third-party self-data fetch")
				.publishPercentiles(0.5, 0.99).register(meters);
	}

	JsonNode gdata(UUID datasetId, String subjectRef, Authentication caller) {
		Allowed allowed = check(datasetId, subjectRef, caller);
		return personalData.gdata(allowed.subject(), allowed.reader());
	}

	JsonNode tpbc(UUID datasetId, String subjectRef, LocalDate min, LocalDate max, Authentication caller) {
		Allowed allowed = check(datasetId, subjectRef, caller);
		return personalData.tpbc(allowed.subject(), min, max, allowed.reader());
	}

	private record Allowed(UUID subject, PersonalData.Reader reader) {
	}

	private Allowed check(UUID datasetId, String subjectRef, Authentication caller) {
		Optional<UUID> project = rules.clientProject(caller);
		if (project.isEmpty()) {
			if (caller == null || !caller.isAuthenticated() || !policy.isAccount(caller) && !policy.isNodeClient(caller)
					&& !policy.isProjectClient(caller)) {
				throw new ProblemException(HttpStatus.UNAUTHORIZED, "KRS-401",
						"Call with your project client's token (client credentials at /oauth/token).");
			}
			throw new ProblemException(HttpStatus.FORBIDDEN, "KRS-403-CONSENT-CLIENT",
					"Only a project's client fetches citizens' data shared by consent.");
		}
		Timer.Sample checking = Timer.start();
		UUID projectId = project.get();
		Optional<UUID> account = subjectRef.length() > 64 ? Optional.empty()
				: cache.live(new ConsentCache.Key(projectId, subjectRef, datasetId),
						() -> consents.liveSubject(projectId, subjectRef, datasetId)).map(Consents.Live::accountId);
		checking.stop(checks);
		if (account.isEmpty()) {
			throw new ProblemException(HttpStatus.FORBIDDEN, "KRS-403-CONSENT",
					"No live consent of this subject for your project and this dataset (never given, withdrawn, "
							+ "expired or invalidated).");
		}
		UUID subject = personalData.subjectOf(account.get(), datasetId)
				.orElseThrow(() -> new ProblemException(HttpStatus.CONFLICT, "KRS-409-CONSENT-NO-DATA",
						"The citizen no longer holds a link to this dataset's data."));
		String name = projects.project(project.get()).map(ProjectInfo::title).orElse(project.get().toString());
		return new Allowed(subject, PersonalData.Reader.service(name));
	}

	/** The subjects a project may fetch now (its members or its client ask). */
	List<ConsentedSubject> consentedSubjects(UUID projectId, UUID datasetId, int limit, int offset,
			Authentication caller) {
		projects.project(projectId).orElseThrow(() -> ProblemException.notFound("KRS-404-PROJECT",
				"No project " + projectId + "."));
		ConsentRules.check(rules.actsForProject(caller, projectId), "KRS-403-PROJECT",
				"Only the project's members and client see its consented subjects.");
		return consents.consentedSubjects(projectId, datasetId, limit, offset);
	}
}
