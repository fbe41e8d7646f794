package org.kerys.access.internal;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.kerys.access.internal.AccessDecisions.AcceptBody;
import org.kerys.access.internal.AccessDecisions.MessageBody;
import org.kerys.access.internal.AccessDecisions.RequestBody;
import org.kerys.access.internal.AccessRequests.AccessRequest;
import org.kerys.platform.ProblemException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Access requests: a project asks, the producer accepts (an agreement) or rejects, the project may withdraw. */
@RestController
@Tag(name = "Access requests")
class AccessRequestsController {

	private final AccessDecisions decisions;
	private final AccessRequests requests;
	private final ProjectsController projects;
	private final AccessRules rules;
	private final Transitions transitions;

	AccessRequestsController(AccessDecisions decisions, AccessRequests requests, ProjectsController projects,
			AccessRules rules, Transitions transitions) {
		this.decisions = decisions;
		this.requests = requests;
		this.projects = projects;
		this.rules = rules;
		this.transitions = transitions;
	}

	/** A request with its history. */
	record RequestView(@JsonUnwrapped AccessRequest request, List<Transitions.Transition> history) {
	}

	@PostMapping(path = "/api/projects/{id}/access-requests", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Ask for access to a restricted dataset", description = """
			The project's members. Body {"dataset_id" (required), "media_ids" (optional: all the dataset's media), \
			"purpose" (required), "requested_end_date" (YYYY-MM-DD, not in the past), "message"}. Refused: an open \
			dataset (400 KRS-400-OPEN-DATASET), a self-data dataset (400 KRS-400-SELFDATA), a media of another \
			dataset (400 KRS-400-MEDIA), a second pending request on the same dataset (409 KRS-409-REQUEST-PENDING). \
			The producer's editors and admins are notified.""")
	ResponseEntity<RequestView> submit(@PathVariable String id,
			@org.springframework.web.bind.annotation.RequestBody(required = false) RequestBody body,
			Authentication caller) {
		Project project = projects.find(id);
		AccessRequest created = decisions.submit(project,
				body == null ? new RequestBody(null, null, null, null, null) : body, caller);
		return ResponseEntity.created(URI.create("/api/access-requests/" + created.id())).body(view(created));
	}

	@GetMapping(path = "/api/access-requests", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Access requests of a project or to a producer", description = """
			`project_id` (the project's members and client) or `organization_id` (the producer's members: its inbox); \
			optional `state` (SUBMITTED, ACCEPTED, REJECTED, WITHDRAWN); newest first, `limit` (≤ 200) from `offset`.""")
	List<AccessRequest> list(@RequestParam(name = "project_id", required = false) String projectId,
			@RequestParam(name = "organization_id", required = false) String organizationId,
			@RequestParam(required = false) String state, @RequestParam(defaultValue = "50") int limit,
			@RequestParam(defaultValue = "0") int offset, Authentication caller) {
		if (state != null && !List.of("SUBMITTED", "ACCEPTED", "REJECTED", "WITHDRAWN").contains(state)) {
			throw ProblemException.badRequest("ERR-302", "state: SUBMITTED, ACCEPTED, REJECTED or WITHDRAWN.");
		}
		Scope scope = scope(projectId, organizationId, caller, projects, rules);
		return requests.list(scope.project(), scope.producer(), state, ProjectsController.bound(limit),
				Math.max(0, offset));
	}

	@GetMapping(path = "/api/access-requests/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "An access request and its history", description = """
			The project's members and client, the producer's members, administrators. `history`: every state with \
			its time, actor and message.""")
	RequestView show(@PathVariable String id, Authentication caller) {
		AccessRequest request = find(id);
		check(request, caller);
		return view(request);
	}

	@PostMapping(path = "/api/access-requests/{id}/accept", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Accept an access request, with conditions", description = """
			Editors and admins of the dataset's producer (else 403 KRS-403-PRODUCER). Body (all optional): \
			{"end_date" (YYYY-MM-DD or a date-time; default one year; in the past: 400 KRS-400-END-DATE), "media_ids" \
			(default: those requested, or all), "purpose", "rate_limit_per_minute", "bytes_per_day", "message"}. \
			Answers 201 {"agreement_id"}. A request no longer SUBMITTED: 409 KRS-409-REQUEST-STATE. A field not listed 			here (e.g. a misspelt condition): 400 ERR-102, as on every body of the access endpoints.""")
	ResponseEntity<Map<String, UUID>> accept(@PathVariable String id,
			@org.springframework.web.bind.annotation.RequestBody(required = false) AcceptBody body,
			Authentication caller) {
		AccessRequest request = find(id);
		var agreement = decisions.accept(request.id(),
				body == null ? new AcceptBody(null, null, null, null, null, null) : body, caller);
		return ResponseEntity.created(URI.create("/api/agreements/" + agreement.id()))
				.body(Map.of("agreement_id", agreement.id()));
	}

	@PostMapping(path = "/api/access-requests/{id}/reject", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Reject an access request", description = """
			Editors and admins of the producer. Body {"message" (required: why)}.""")
	RequestView reject(@PathVariable String id,
			@org.springframework.web.bind.annotation.RequestBody(required = false) MessageBody body,
			Authentication caller) {
		return view(decisions.reject(find(id).id(), body, caller));
	}

	@PostMapping(path = "/api/access-requests/{id}/withdraw", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Withdraw an access request", description = """
			The project's members, while it is SUBMITTED. Body (optional) {"message"}.""")
	RequestView withdraw(@PathVariable String id,
			@org.springframework.web.bind.annotation.RequestBody(required = false) MessageBody body,
			Authentication caller) {
		return view(decisions.withdraw(find(id).id(), body, caller));
	}

	private AccessRequest find(String id) {
		return decisions.request(Fields.pathId(id, AccessDecisions.NO_REQUEST, "No such access request."));
	}

	private void check(AccessRequest request, Authentication caller) {
		Project project = projects.find(request.projectId().toString());
		AccessRules.check(rules.maySee(caller, project, request.producerId()), AccessRules.NOT_A_MEMBER,
				"Neither of this request's project nor of its producer.");
	}

	private RequestView view(AccessRequest request) {
		return new RequestView(request, transitions.of(request.id()));
	}

	/** Whose requests or agreements a list shows: one project's, or one producer's. */
	record Scope(UUID project, UUID producer) {
	}

	static Scope scope(String projectId, String organizationId, Authentication caller, ProjectsController projects,
			AccessRules rules) {
		if ((projectId == null) == (organizationId == null)) {
			throw new ProblemException(HttpStatus.BAD_REQUEST, "ERR-103",
					"Give either project_id (a project's) or organization_id (a producer's).");
		}
		if (projectId != null) {
			Project project = projects.find(projectId);
			rules.checkRead(caller, project);
			return new Scope(project.id(), null);
		}
		UUID organization = Fields.pathId(organizationId, "KRS-404-ORGANIZATION", "No such organisation.");
		AccessRules.check(rules.belongsTo(caller, organization) || rules.isAdministrator(caller),
				AccessRules.NOT_THE_PRODUCER, "Only the organisation's members see its requests and agreements.");
		return new Scope(null, organization);
	}
}
