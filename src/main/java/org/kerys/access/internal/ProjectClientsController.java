package org.kerys.access.internal;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.kerys.audit.AuditLedger;
import org.kerys.identity.ProjectCredentials;
import org.kerys.platform.ProblemException;
import org.kerys.platform.ProblemException.FieldError;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * A project's OAuth2 clients (client credentials), managed by its members: the secret is shown once, at creation
 * and at each rotation. The clients' tokens ({@code /oauth/token}) carry the project.
 */
@RestController
@Tag(name = "Project credentials")
class ProjectClientsController {

	static final String NO_CLIENT = "KRS-404-CLIENT";

	private final ProjectsController projects;
	private final AccessRules rules;
	private final ProjectCredentials credentials;
	private final AuditLedger audit;

	ProjectClientsController(ProjectsController projects, AccessRules rules, ProjectCredentials credentials,
			AuditLedger audit) {
		this.projects = projects;
		this.rules = rules;
		this.credentials = credentials;
		this.audit = audit;
	}

	record ClientBody(String name) {
	}

	record NewClient(@JsonProperty("client_id") String clientId, @JsonProperty("client_secret") String clientSecret) {
	}

	@Transactional
	@PostMapping(path = "/api/projects/{id}/clients", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Create an OAuth2 client for a project", description = """
			The project's members. Body (optional) {"name" (≤ 100)}. Answers 201 {"client_id", "client_secret"}: the \
			secret is shown once and stored hashed. The client gets access tokens at /oauth/token \
			(grant_type=client_credentials, HTTP Basic client_id:client_secret), which carry the project.""")
	ResponseEntity<NewClient> create(@PathVariable String id, @RequestBody(required = false) ClientBody body,
			Authentication caller) {
		Project project = projects.find(id);
		rules.checkMember(caller, project);
		List<FieldError> errors = new ArrayList<>();
		String name = Fields.text(body == null || body.name() == null ? "Client" : body.name(), "name", true, 100,
				errors);
		Fields.check(errors, "The client");
		ProjectCredentials.Issued issued = credentials.issue(project.id(), name, caller.getName());
		audit.record(caller.getName(), "project_client.created", "project", project.id().toString(),
				AuditLedger.SUCCESS, Map.of("client_id", issued.clientId()));
		return ResponseEntity.created(URI.create("/api/projects/" + project.id() + "/clients/" + issued.clientId()))
				.body(new NewClient(issued.clientId(), issued.clientSecret()));
	}

	@GetMapping(path = "/api/projects/{id}/clients", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "A project's OAuth2 clients", description = "The project's members. Never the secrets.")
	List<ProjectCredentials.ProjectClient> list(@PathVariable String id, Authentication caller) {
		Project project = projects.find(id);
		rules.checkMember(caller, project);
		return credentials.list(project.id());
	}

	@Transactional
	@PostMapping(path = "/api/projects/{id}/clients/{clientId}/rotate", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Give a project client a new secret", description = """
			The project's members. The old secret stops working at once (access tokens already issued with it stay \
			valid until they expire, 15 minutes at most); the new one is shown this once.""")
	NewClient rotate(@PathVariable String id, @PathVariable String clientId, Authentication caller) {
		Project project = projects.find(id);
		rules.checkMember(caller, project);
		ProjectCredentials.Issued issued = credentials.rotate(project.id(), clientId, caller.getName())
				.orElseThrow(() -> ProblemException.notFound(NO_CLIENT, "This project has no such active client."));
		audit.record(caller.getName(), "project_client.rotated", "project", project.id().toString(),
				AuditLedger.SUCCESS, Map.of("client_id", clientId));
		return new NewClient(issued.clientId(), issued.clientSecret());
	}

	@Transactional
	@DeleteMapping("/api/projects/{id}/clients/{clientId}")
	@Operation(summary = "Revoke a project client", description = """
			The project's members. Its access tokens are refused from the very next request. Again is fine (204).""")
	ResponseEntity<Void> revoke(@PathVariable String id, @PathVariable String clientId, Authentication caller) {
		Project project = projects.find(id);
		rules.checkMember(caller, project);
		if (!credentials.revoke(project.id(), clientId, caller.getName())) {
			throw ProblemException.notFound(NO_CLIENT, "This project has no such client.");
		}
		audit.record(caller.getName(), "project_client.revoked", "project", project.id().toString(),
				AuditLedger.SUCCESS, Map.of("client_id", clientId));
		return ResponseEntity.noContent().build();
	}
}
