package org.kerys.selfdata.internal;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.kerys.selfdata.internal.Requests.SelfdataRequest;
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

/** A citizen's self-data requests (docs/selfdata.md). */
@RestController
@Tag(name = "Self-data requests")
class SelfdataRequestsController {

	private final SelfdataRequests requests;

	SelfdataRequestsController(SelfdataRequests requests) {
		this.requests = requests;
	}

	@PostMapping(path = "/api/selfdata/requests", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Ask a producer for my personal data", description = """
			Any signed-in person, for themself. Body {"dataset_id", "matching": {code: value}, "attachments": \
			[{"code", "name", "type", "content" (base64, ≤ kerys.selfdata.max-attachment-size, 2 MB by default)}]} \
			(attachments are the dataset's ATTACHMENT matching fields). Values are checked against the dataset's \
			matching_data (type, REGEXP validators, required): 400 KRS-400-SELFDATA-VALUES with one error per field \
			(never the value). Not a self-data dataset: 400 KRS-400-NOT-SELFDATA; an open request for it already: 409 \
			KRS-409-SELFDATA-OPEN; no node nor store yet: 409 KRS-409-SELFDATA-NO-SOURCE. Answers 201 {"id","status"} \
			at once, whatever the matching will find (it runs after the answer: poll GET …/requests/{id}). Values and \
			files are stored only encrypted, and erased when the request closes.""")
	ResponseEntity<Map<String, Object>> submit(@RequestBody(required = false) JsonNode body, Authentication caller) {
		SelfdataRequest created = requests.submit(SelfdataBodies.submission(body, true), caller);
		Map<String, Object> answer = new LinkedHashMap<>();
		answer.put("id", created.id());
		answer.put("status", created.status());
		return ResponseEntity.created(URI.create("/api/selfdata/requests/" + created.id())).body(answer);
	}

	@GetMapping(path = "/api/selfdata/requests", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "My self-data requests", description = """
			The caller's own requests, newest first; optional `dataset_id`; `limit` (≤ 200) from `offset`.""")
	List<SelfdataRequest> mine(@RequestParam(name = "dataset_id", required = false) String datasetId,
			@RequestParam(defaultValue = "50") int limit, @RequestParam(defaultValue = "0") int offset,
			Authentication caller) {
		UUID dataset = null;
		if (datasetId != null) {
			try {
				dataset = UUID.fromString(datasetId);
			}
			catch (IllegalArgumentException e) {
				throw org.kerys.platform.ProblemException.badRequest("ERR-201", "dataset_id: a UUID.");
			}
		}
		return requests.mine(caller, dataset, limit, offset);
	}

	@GetMapping(path = "/api/selfdata/requests/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "One of my self-data requests and its history", description = """
			Its citizen only: anyone else, administrators included, gets 404 KRS-404-SELFDATA-REQUEST. Status \
			SUBMITTED, MODERATION, IN_PROGRESS, COMPLETED (with data_found), REJECTED or CANCELLED; `history`: every \
			state with time, actor and message; `tasks`: what the producer was asked and answered. Never the values.""")
	SelfdataRequests.RequestView show(@PathVariable String id, Authentication caller) {
		return requests.get(SelfdataBodies.uuid(id, SelfdataRules.NOT_FOUND), caller);
	}

	@PostMapping(path = "/api/selfdata/requests/{id}/cancel", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Cancel one of my open requests", description = """
			Body (optional) {"message"}. Not open: 409 KRS-409-SELFDATA-STATE. Values and files are erased.""")
	SelfdataRequest cancel(@PathVariable String id, @RequestBody(required = false) JsonNode body,
			Authentication caller) {
		return requests.cancel(SelfdataBodies.uuid(id, SelfdataRules.NOT_FOUND), SelfdataBodies.text(body, "message"),
				caller);
	}

	@PostMapping(path = "/api/selfdata/requests/{id}/resubmit", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Submit a rejected request again", description = """
			Body {"matching", "attachments"} as for a new request (the values were erased at the rejection). Only a \
			REJECTED request: 409 KRS-409-SELFDATA-STATE otherwise.""")
	SelfdataRequest resubmit(@PathVariable String id, @RequestBody(required = false) JsonNode body,
			Authentication caller) {
		return requests.resubmit(SelfdataBodies.uuid(id, SelfdataRules.NOT_FOUND),
				SelfdataBodies.submission(body == null ? tools.jackson.databind.node.JsonNodeFactory.instance.objectNode()
						: body, false), caller);
	}
}
