package org.kerys.consent.internal;

import static org.kerys.consent.internal.TreatmentsController.uuid;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.kerys.consent.internal.Consents.ConsentedSubject;
import org.kerys.platform.ProblemException;
import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** Third-party sharing: the subjects a project may fetch, and the fetch through the gateway. */
@RestController
@Tag(name = "Consent: third-party sharing")
class SharingController {

	private static final String FETCH = """
			A project's client token only (401 without a token, 403 KRS-403-CONSENT-CLIENT for anyone else). \
			subject_ref is the project's pseudonymous reference of the citizen (GET \
			/api/projects/{id}/consented-subjects). Served only while the citizen's consent to this project for this \
			dataset is live: never given, withdrawn, expired, invalidated, or another project's reference are all \
			403 KRS-403-CONSENT, from the very next call. Each fetch is on the citizen's "who accessed my data" list \
			under the project's name, and in the audit ledger.""";

	private final Sharing sharing;

	SharingController(Sharing sharing) {
		this.sharing = sharing;
	}

	@GetMapping(path = "/api/projects/{id}/consented-subjects", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "The citizens who consent to this project now", description = """
			[{"subject_ref", "dataset_id", "treatment_id", "version", "given_at", "expires_at"}], oldest consent \
			first; optionally of one dataset (?dataset_id=). Never a login or an account id. The project's members \
			and client (403 KRS-403-PROJECT).""")
	List<ConsentedSubject> consentedSubjects(@PathVariable String id,
			@RequestParam(name = "dataset_id", required = false) String datasetId,
			@RequestParam(defaultValue = "100") int limit, @RequestParam(defaultValue = "0") int offset,
			Authentication caller) {
		UUID dataset = datasetId == null ? null : uuid(datasetId, "ERR-404");
		return sharing.consentedSubjects(uuid(id, "KRS-404-PROJECT"), dataset, Math.max(1, Math.min(limit, 1000)),
				Math.max(0, offset), caller);
	}

	@GetMapping(path = "/gateway/selfdata/{datasetId}/{subjectRef}/gdata", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "A consenting citizen's generic data (gdata)", description = FETCH)
	JsonNode gdata(@PathVariable String datasetId, @PathVariable String subjectRef, Authentication caller) {
		return sharing.gdata(uuid(datasetId, "ERR-404"), subjectRef, caller);
	}

	@GetMapping(path = "/gateway/selfdata/{datasetId}/{subjectRef}/tpbc", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "A consenting citizen's time series (tpbc)", description = "Optional min-date, max-date "
			+ "(YYYY-MM-DD; else 400 KRS-400-DATES). " + FETCH)
	JsonNode tpbc(@PathVariable String datasetId, @PathVariable String subjectRef,
			@RequestParam(name = "min-date", required = false) String min,
			@RequestParam(name = "max-date", required = false) String max, Authentication caller) {
		return sharing.tpbc(uuid(datasetId, "ERR-404"), subjectRef, date(min, "min-date"), date(max, "max-date"),
				caller);
	}

	private static LocalDate date(String value, String name) {
		try {
			return value == null || value.isBlank() ? null : LocalDate.parse(value);
		}
		catch (DateTimeParseException e) {
			throw ProblemException.badRequest("KRS-400-DATES", name + " must be a date YYYY-MM-DD.");
		}
	}
}
