package org.kerys.access.internal;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.kerys.access.internal.AccessDecisions.MessageBody;
import org.kerys.access.internal.Agreements.Agreement;
import org.kerys.platform.KerysProperties;
import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Agreements: read by both sides, revoked by the producer, ended by the project, also as an ODRL policy. */
@RestController
@Tag(name = "Agreements")
class AgreementsController {

	private final AccessDecisions decisions;
	private final Agreements agreements;
	private final ProjectsController projects;
	private final AccessRules rules;
	private final Transitions transitions;
	private final KerysProperties properties;
	private final AgreementUsage usage;

	AgreementsController(AccessDecisions decisions, Agreements agreements, ProjectsController projects,
			AccessRules rules, Transitions transitions, KerysProperties properties, AgreementUsage usage) {
		this.usage = usage;
		this.decisions = decisions;
		this.agreements = agreements;
		this.projects = projects;
		this.rules = rules;
		this.transitions = transitions;
		this.properties = properties;
	}

	/** An agreement with its history. */
	record AgreementView(@JsonUnwrapped Agreement agreement, List<Transitions.Transition> history) {
	}

	@GetMapping(path = "/api/agreements", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Agreements of a project or of a producer", description = """
			`project_id` (the project's members and client) or `organization_id` (the producer's members); newest \
			first, `limit` (≤ 200) from `offset`. `state` is as of now: an ACTIVE agreement past its end date is \
			EXPIRED.""")
	List<Agreement> list(@RequestParam(name = "project_id", required = false) String projectId,
			@RequestParam(name = "organization_id", required = false) String organizationId,
			@RequestParam(defaultValue = "50") int limit, @RequestParam(defaultValue = "0") int offset,
			Authentication caller) {
		var scope = AccessRequestsController.scope(projectId, organizationId, caller, projects, rules);
		return agreements.list(scope.project(), scope.producer(), ProjectsController.bound(limit), Math.max(0, offset));
	}

	@Transactional
	@GetMapping(path = "/api/agreements/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "An agreement, its conditions and its history", description = """
			The project's members and client, the producer's members, administrators. The state is evaluated now: \
			past its end date an agreement is EXPIRED (and the expiry is then added to its history).""")
	AgreementView show(@PathVariable String id, Authentication caller) {
		Agreement agreement = visible(id, caller);
		return new AgreementView(decisions.read(agreement.id()), transitions.of(agreement.id()));
	}

	@Transactional
	@GetMapping(path = "/api/agreements/{id}/policy", produces = { "application/ld+json", MediaType.APPLICATION_JSON_VALUE })
	@Operation(summary = "The agreement as an ODRL 2.2 policy (JSON-LD)", description = """
			An odrl:Agreement: the producer organisation as assigner, the project as assignee, the dataset's media \
			as targets, a permission to use them with constraints on the date-time (end date), the purpose and, when \
			set, the rate (calls per minute) and volume (bytes per day).""")
	Map<String, Object> policy(@PathVariable String id, Authentication caller) {
		Agreement agreement = visible(id, caller);
		return OdrlPolicy.of(decisions.read(agreement.id()), properties.baseUrl());
	}

	@GetMapping(path = "/api/agreements/{id}/usage", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "What the gateway served under an agreement", description = """
			Both sides (the project's members and client, the producer's members) and administrators: calls and bytes \
			in all, calls per HTTP status, and the same per day (UTC), newest first.""")
	AgreementUsage.Usage usage(@PathVariable String id, Authentication caller) {
		return usage.of(visible(id, caller).id());
	}

	@PostMapping(path = "/api/agreements/{id}/revoke", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Revoke an agreement", description = """
			Editors and admins of the producer (else 403 KRS-403-PRODUCER). Body (optional) {"message"}. Only an \
			ACTIVE agreement (else 409 KRS-409-AGREEMENT-STATE); the next access under it is refused.""")
	AgreementView revoke(@PathVariable String id, @RequestBody(required = false) MessageBody body,
			Authentication caller) {
		Agreement closed = decisions.revoke(find(id).id(), body, caller);
		return new AgreementView(closed, transitions.of(closed.id()));
	}

	@PostMapping(path = "/api/agreements/{id}/end", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "End an agreement", description = """
			The project's members (else 403 KRS-403-PROJECT), when the project no longer needs the data. Body \
			(optional) {"message"}. Only an ACTIVE agreement (else 409 KRS-409-AGREEMENT-STATE).""")
	AgreementView end(@PathVariable String id, @RequestBody(required = false) MessageBody body, Authentication caller) {
		Agreement closed = decisions.end(find(id).id(), body, caller);
		return new AgreementView(closed, transitions.of(closed.id()));
	}

	private Agreement find(String id) {
		return decisions.agreement(Fields.pathId(id, AccessDecisions.NO_AGREEMENT, "No such agreement."));
	}

	private Agreement visible(String id, Authentication caller) {
		Agreement agreement = find(id);
		Project project = projects.find(agreement.projectId().toString());
		AccessRules.check(rules.maySee(caller, project, agreement.producerId()), AccessRules.NOT_A_MEMBER,
				"Neither of this agreement's project nor of its producer.");
		return agreement;
	}

}
