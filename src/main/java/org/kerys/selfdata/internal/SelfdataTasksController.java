package org.kerys.selfdata.internal;

import java.util.List;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.kerys.platform.ProblemException;
import org.kerys.selfdata.internal.Attachments.Attachment;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
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

/** The producer organisation's self-data tasks (OUT requests, moderation, erasure, rectification). */
@RestController
@Tag(name = "Self-data: producers' tasks")
class SelfdataTasksController {

	private final SelfdataTasks tasks;

	SelfdataTasksController(SelfdataTasks tasks) {
		this.tasks = tasks;
	}

	@GetMapping(path = "/api/selfdata/tasks", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "An organisation's self-data tasks", description = """
			`organization_id` (required): its members only (else 403 KRS-403-SELFDATA-PRODUCER). Open tasks first, by \
			due date; optional `status` (OPEN, TREATED, CANCELLED); `limit` (≤ 200) from `offset`. Never a citizen's \
			values.""")
	List<Tasks.Task> list(@RequestParam(name = "organization_id", required = false) String organizationId,
			@RequestParam(required = false) String status, @RequestParam(defaultValue = "50") int limit,
			@RequestParam(defaultValue = "0") int offset, Authentication caller) {
		if (organizationId == null) {
			throw ProblemException.badRequest("ERR-103", "organization_id is required.");
		}
		UUID organization;
		try {
			organization = UUID.fromString(organizationId);
		}
		catch (IllegalArgumentException e) {
			throw ProblemException.badRequest("ERR-201", "organization_id: a UUID.");
		}
		return tasks.list(organization, status, limit, offset, caller);
	}

	@GetMapping(path = "/api/selfdata/tasks/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "One self-data task", description = """
			The producer's members. While an OUT or MODERATION task is open, it shows the citizen's matching values \
			and files (needed to find the person or check a proof): each such view is listed on the citizen's "who \
			accessed my data" and written to the audit ledger. Erasure and rectification tasks show the citizen's \
			message while open.""")
	SelfdataTasks.TaskView show(@PathVariable String id, Authentication caller) {
		return tasks.get(SelfdataBodies.uuid(id, "KRS-404-SELFDATA-TASK"), caller);
	}

	@GetMapping(path = "/api/selfdata/tasks/{id}/attachments/{attachmentId}")
	@Operation(summary = "A file of an open OUT or MODERATION task", description = "Recorded as an access.")
	ResponseEntity<byte[]> attachment(@PathVariable String id, @PathVariable String attachmentId,
			Authentication caller) {
		Attachment file = tasks.attachment(SelfdataBodies.uuid(id, "KRS-404-SELFDATA-TASK"),
				SelfdataBodies.uuid(attachmentId, "KRS-404-SELFDATA-ATTACHMENT"), caller);
		MediaType type;
		try {
			type = MediaType.parseMediaType(file.type());
		}
		catch (RuntimeException e) {
			type = MediaType.APPLICATION_OCTET_STREAM;
		}
		return ResponseEntity.ok().contentType(type).header(HttpHeaders.CACHE_CONTROL, "private, no-store")
				.header("X-Content-Type-Options", "nosniff")
				.header(HttpHeaders.CONTENT_DISPOSITION,
						ContentDisposition.attachment().filename(file.name(), java.nio.charset.StandardCharsets.UTF_8)
								.build().toString())
				.body(file.content());
	}

	@PostMapping(path = "/api/selfdata/tasks/{id}/treat", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Treat a self-data task", description = """
			The producer's members. Body {"outcome", "message"}: OUT → FOUND or NOT_FOUND (completes the request; the \
			data is handed over outside Kerys); MODERATION → APPROVED or REJECTED; ERASURE and RECTIFICATION → DONE or \
			REFUSED. A message is required to reject or refuse. Not open: 409 KRS-409-SELFDATA-TASK-STATE.""")
	SelfdataTasks.TaskView treat(@PathVariable String id, @RequestBody(required = false) JsonNode body,
			Authentication caller) {
		return tasks.treat(SelfdataBodies.uuid(id, "KRS-404-SELFDATA-TASK"), SelfdataBodies.text(body, "outcome"),
				SelfdataBodies.text(body, "message"), caller);
	}
}
