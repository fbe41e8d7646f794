package org.kerys.consent.internal;

import static org.kerys.consent.internal.TreatmentsController.uuid;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.kerys.consent.internal.ConsentRequests.ConsentRequest;
import org.kerys.consent.internal.ConsentService.ConsentView;
import org.kerys.consent.internal.ConsentService.RequestView;
import org.kerys.platform.ProblemException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** Projects' requests for citizens' data, citizens' consents, their receipts and their verification. */
@RestController
@Tag(name = "Consent: consents")
class ConsentsController {

	private final ConsentService service;
	private final ReceiptCheck check;

	ConsentsController(ConsentService service, ReceiptCheck check) {
		this.service = service;
		this.check = check;
	}

	@PostMapping(path = "/api/projects/{id}/consent-requests", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Ask citizens for their self-data of a dataset", description = """
			Body {"treatment_id", "dataset_id", "message"?}: the project works under this treatment of its owner \
			organisation (422 KRS-422-CONSENT-CONTROLLER otherwise), which must be published (409 \
			KRS-409-TREATMENT-UNPUBLISHED), on a self-data dataset (422 KRS-422-CONSENT-DATASET). Members of the \
			project only (403 KRS-403-PROJECT). Once per treatment and dataset (409 KRS-409-CONSENT-REQUEST-EXISTS). \
			201 with the request; citizens answer it on its page /consent-requests/{id}.""")
	ResponseEntity<RequestView> ask(@PathVariable String id, @RequestBody(required = false) JsonNode body,
			Authentication caller) {
		return ResponseEntity.status(HttpStatus.CREATED)
				.body(service.ask(uuid(id, "KRS-404-PROJECT"), body, caller));
	}

	@GetMapping(path = "/api/projects/{id}/consent-requests", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "A project's requests", description = "With live_consents: how many citizens consent now. "
			+ "The project's members and client.")
	List<ConsentRequest> requests(@PathVariable String id, Authentication caller) {
		return service.requestsOf(uuid(id, "KRS-404-PROJECT"), caller);
	}

	@GetMapping(path = "/api/consent-requests/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "A request, as a citizen is asked", description = """
			Who asks (the project and its organisation), why and how long (the published treatment version), which \
			data (the dataset and the treatment's data categories); for the caller: my_consent, can_consent and \
			cannot_consent_because (closed, unpublished, already_given, no_data). Accounts only.""")
	RequestView request(@PathVariable String id, Authentication caller) {
		return service.request(uuid(id, "KRS-404-CONSENT-REQUEST"), caller);
	}

	@PostMapping(path = "/api/consent-requests/{id}/close", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Stop asking", description = "No new consent; those given stay until withdrawn or expired.")
	RequestView close(@PathVariable String id, Authentication caller) {
		return service.close(uuid(id, "KRS-404-CONSENT-REQUEST"), caller);
	}

	@PostMapping(path = "/api/consents", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Consent (the citizen themself)", description = """
			Body {"treatment_id", "version", "scope": {"dataset_id", "project_id"}}; no other field (nobody \
			consents for someone else: 400 ERR-102). The version must be the published one (409 \
			KRS-409-CONSENT-VERSION for a draft or obsolete one), the project must ask for this dataset under this \
			treatment (422 KRS-422-CONSENT-SCOPE; 409 KRS-409-CONSENT-REQUEST-CLOSED), the caller must hold data \
			of the dataset (409 KRS-409-CONSENT-NO-DATA), and not consent already (409 KRS-409-CONSENT-EXISTS). \
			Status given (dpv:ConsentGiven), or renewed (dpv:RenewedConsentGiven) after an invalidation; expires \
			after the treatment's retention. 201 with the consent; its signed receipt at …/receipt.""")
	ResponseEntity<ConsentView> give(@RequestBody(required = false) JsonNode body, Authentication caller) {
		return ResponseEntity.status(HttpStatus.CREATED).body(service.give(body, caller));
	}

	@GetMapping(path = "/api/consents/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "One of my consents", description = "With its events. Another's consent is 404 "
			+ "KRS-404-CONSENT.")
	ConsentView get(@PathVariable String id, Authentication caller, Locale locale) {
		return service.mine(uuid(id, "KRS-404-CONSENT"), caller, locale);
	}

	@PostMapping(path = "/api/consents/{id}/withdraw", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Withdraw my consent", description = """
			Effective for the very next data access (the project's next fetch is 403 KRS-403-CONSENT). A consent \
			that is not live (withdrawn, expired, invalidated) is 409 KRS-409-CONSENT-STATE.""")
	ConsentView withdraw(@PathVariable String id, Authentication caller) {
		return service.withdraw(uuid(id, "KRS-404-CONSENT"), caller);
	}

	@GetMapping(path = "/api/consents/{id}/receipt", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "The receipt of my consent", description = """
			Of its latest event, or of ?event={event id}: {"consent_id", "event_id", "event_type", "dpv_status", \
			"at", "jws" (compact JWS, RS256, typ kerys-consent-receipt+jwt, signed by the key in \
			/.well-known/jwks.json), "consent_record" (ISO/IEC TS 27560), "kantara_receipt" (Consent Receipt \
			1.1)}. People read it at /consents/{id}/receipt.""")
	Map<String, Object> receipt(@PathVariable String id, @RequestParam(required = false) String event,
			Authentication caller) {
		return service.receipt(uuid(id, "KRS-404-CONSENT"),
				event == null ? null : uuid(event, "KRS-404-CONSENT-EVENT"), caller);
	}

	@PostMapping(path = "/api/consents/verify", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Check a receipt (anyone)", description = """
			Body {"receipt": compact JWS}. 200 {"valid": true, "consent_id", "event_id", "event_type", \
			"dpv_status", "issued_at", "key_id", "current_status"} when the platform key signed it and Kerys issued \
			it; 422 KRS-422-RECEIPT-SIGNATURE when altered, forged or signed by another key; 422 \
			KRS-422-RECEIPT-UNKNOWN when Kerys never issued it; 400 KRS-400-RECEIPT when it is no JWS.""")
	Map<String, Object> verify(@RequestBody(required = false) JsonNode body) {
		ConsentBodies read = ConsentBodies.of(body, java.util.Set.of("receipt"));
		String receipt = read.text("receipt", 200_000);
		read.done();
		if (receipt == null) {
			throw new ProblemException(HttpStatus.BAD_REQUEST, "ERR-202", "Required: the receipt (compact JWS).",
					List.of(new ProblemException.FieldError("ERR-202", "receipt", "Required.")));
		}
		return check.verify(receipt);
	}

	@GetMapping(path = "/api/me/consents", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "My consents", description = """
			Newest first, live and past, each with its events; renewal_asked marks an invalidated consent whose \
			project still asks (a new version of its treatment was published): consent again to renew.""")
	List<ConsentView> mine(Authentication caller, Locale locale) {
		return service.mine(caller, locale);
	}

	@GetMapping(path = "/api/me/consents/export", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Export my consent history", description = "Every consent with every event and its signed "
			+ "receipt, as a JSON file.")
	ResponseEntity<Map<String, Object>> export(Authentication caller) {
		Map<String, Object> body = new LinkedHashMap<>(service.export(caller));
		return ResponseEntity.ok().header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"my-consents.json\"")
				.body(body);
	}

}
