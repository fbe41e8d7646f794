package org.kerys.identity.internal;

import java.net.URI;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Administrators create the OAuth2 clients of producer nodes (the access rule is in {@code SecurityConfiguration}). */
@RestController
@Tag(name = "Node clients")
class NodeClientsController {

	private final NodeClientAdministration administration;

	NodeClientsController(NodeClientAdministration administration) {
		this.administration = administration;
	}

	record NodeClientRequest(@JsonProperty("organization_id") String organizationId, String name) {
	}

	/** The new client; the secret is shown this once. */
	record NewNodeClient(@JsonProperty("client_id") String clientId, @JsonProperty("client_secret") String clientSecret,
			@JsonProperty("organization_id") UUID organizationId, String name) {
	}

	@PostMapping(path = "/api/admin/node-clients", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Create the OAuth2 client of a producer node", description = """
			Administrators only. Body {"organization_id": <uuid>, "name": <1 to 100 characters>}. Answers \
			{"client_id", "client_secret"}: the secret is shown once and stored hashed. The node gets access tokens \
			at /oauth/token (grant_type=client_credentials, HTTP Basic client_id:client_secret) and may then \
			create, replace and delete the datasets whose producer is that organisation.""")
	ResponseEntity<NewNodeClient> create(@RequestBody(required = false) NodeClientRequest request,
			Authentication caller) {
		NodeClientRequest asked = request == null ? new NodeClientRequest(null, null) : request;
		NodeClientAdministration.Created created = administration.create(asked.organizationId(), asked.name(),
				caller.getName());
		return ResponseEntity.created(URI.create("/api/admin/node-clients/" + created.clientId()))
				.body(new NewNodeClient(created.clientId(), created.secret(), created.organizationId(), created.name()));
	}

	@GetMapping(path = "/api/admin/node-clients", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "The OAuth2 clients of producer nodes", description = "Administrators only. Never the secrets.")
	List<NodeClients.NodeClientInfo> list() {
		return administration.list();
	}

	@DeleteMapping("/api/admin/node-clients/{clientId}")
	@Operation(summary = "Revoke a producer node's client", description = """
			Administrators only. The client gets no new token, and the access tokens it holds are refused from the \
			very next request. Revoking twice is fine (204).""")
	ResponseEntity<Void> revoke(@PathVariable String clientId, Authentication caller) {
		administration.revoke(clientId, caller.getName());
		return ResponseEntity.noContent().build();
	}
}
