package org.kerys.consent.internal;

import java.util.List;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.kerys.consent.internal.TreatmentService.TreatmentView;
import org.kerys.consent.internal.Treatments.Version;
import org.kerys.platform.ProblemException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** Processing records ("treatments"): written by their organisation, read by anyone once published. */
@RestController
@Tag(name = "Consent: treatments")
class TreatmentsController {

	private static final String CONTENT = """
			Body: {"title": {"fr","en"}, "description"?, "controller": {"name", "address"?, "email"?}, \
			"dpo": {"name"?, "email"}, "purposes": [{"fr","en"}…], "legal_basis": consent|contract|legal_obligation|\
			public_task|vital_interest|legitimate_interest, "data_categories": [text…], "recipients"?: [text…], \
			"retention": {"duration": ISO-8601 period (P1D to P10Y; a consent lasts this long), "description"?}, \
			"transfers_outside_eu"?: {"any": bool, "details"?}, "security_measures"?: [text…], \
			"data_subject_categories"?: [text…]}; texts are {"fr": …, "en": …} (one at least). Every mistake at once: \
			400 ERR-102 (unknown field), ERR-201 (wrong value), ERR-202 (missing). Editors and admins of the \
			organisation only (403 KRS-403-TREATMENT).""";

	private final TreatmentService service;

	TreatmentsController(TreatmentService service) {
		this.service = service;
	}

	@PostMapping(path = "/api/treatments", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Create a treatment (its version 1, a draft)", description = "Plus \"organization_id\" "
			+ "(the controller; 422 KRS-422-ORGANIZATION when unknown). " + CONTENT)
	ResponseEntity<TreatmentView> create(@RequestBody(required = false) JsonNode body, Authentication caller) {
		return ResponseEntity.status(HttpStatus.CREATED).body(service.create(body, caller));
	}

	@GetMapping(path = "/api/treatments", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Treatments", description = """
			Newest first, optionally of one organisation. Anyone sees published and obsolete versions; the \
			organisation's members (and moderators) also see drafts, treatments never published, and live_consents \
			(how many citizens consent now: a count, no one named).""")
	List<TreatmentView> list(@RequestParam(name = "organization_id", required = false) String organization,
			@RequestParam(defaultValue = "50") int limit, @RequestParam(defaultValue = "0") int offset,
			Authentication caller) {
		UUID id = organization == null ? null : uuid(organization, "KRS-404-ORGANIZATION");
		return service.list(id, Math.max(1, Math.min(limit, 200)), Math.max(0, offset), caller);
	}

	@GetMapping(path = "/api/treatments/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "A treatment and its versions", description = "404 KRS-404-TREATMENT.")
	TreatmentView get(@PathVariable String id, Authentication caller) {
		return service.view(uuid(id, "KRS-404-TREATMENT"), caller);
	}

	@PostMapping(path = "/api/treatments/{id}/versions", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Start a new version (a draft)", description = "One draft at a time (409 "
			+ "KRS-409-TREATMENT-DRAFT). " + CONTENT)
	ResponseEntity<TreatmentView> newVersion(@PathVariable String id, @RequestBody(required = false) JsonNode body,
			Authentication caller) {
		return ResponseEntity.status(HttpStatus.CREATED)
				.body(service.newVersion(uuid(id, "KRS-404-TREATMENT"), body, caller));
	}

	@PutMapping(path = "/api/treatments/{id}/versions/{version}", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Change a draft", description = "A published or obsolete version never changes (409 "
			+ "KRS-409-TREATMENT-IMMUTABLE). " + CONTENT)
	TreatmentView edit(@PathVariable String id, @PathVariable int version, @RequestBody(required = false) JsonNode body,
			Authentication caller) {
		return service.editDraft(uuid(id, "KRS-404-TREATMENT"), version, body, caller);
	}

	@GetMapping(path = "/api/treatments/{id}/versions/{version}", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "One version", description = """
			A published version carries sha256: the SHA-256 (hex) of the canonical JSON (keys sorted, no spaces, \
			numbers plain) of {"content", "organization_id", "treatment_id", "version"}; receipts name it.""")
	Version version(@PathVariable String id, @PathVariable int version, Authentication caller) {
		return service.version(uuid(id, "KRS-404-TREATMENT"), version, caller);
	}

	@PostMapping(path = "/api/treatments/{id}/versions/{version}/publish", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Publish a draft", description = """
			The draft becomes PUBLISHED (immutable, with its sha256); the version published before becomes OBSOLETE, \
			and every live consent given under an older version is invalidated (dpv:ConsentInvalidated, with a \
			receipt): its citizen is asked to renew. 409 KRS-409-TREATMENT-IMMUTABLE when not a draft.""")
	TreatmentView publish(@PathVariable String id, @PathVariable int version, Authentication caller) {
		return service.publish(uuid(id, "KRS-404-TREATMENT"), version, caller);
	}

	static UUID uuid(String value, String code) {
		try {
			return UUID.fromString(value);
		}
		catch (IllegalArgumentException | NullPointerException e) {
			throw ProblemException.notFound(code, "No such id: " + value + ".");
		}
	}
}
