package org.kerys.identity.internal;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.kerys.identity.NodeClientCreated;
import org.kerys.identity.NodeClientRevoked;
import org.kerys.platform.ProblemException;
import org.kerys.platform.ProblemException.FieldError;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.transaction.annotation.Transactional;
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

	private final NodeClients clients;
	private final PasswordEncoder encoder;
	private final ApplicationEventPublisher events;

	NodeClientsController(NodeClients clients, PasswordEncoder encoder, ApplicationEventPublisher events) {
		this.clients = clients;
		this.encoder = encoder;
		this.events = events;
	}

	record NodeClientRequest(@JsonProperty("organization_id") String organizationId, String name) {
	}

	/** The new client; the secret is shown this once. */
	record NewNodeClient(@JsonProperty("client_id") String clientId, @JsonProperty("client_secret") String clientSecret,
			@JsonProperty("organization_id") UUID organizationId, String name) {
	}

	@Transactional
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
		List<FieldError> errors = new ArrayList<>();
		UUID organization = null;
		if (asked.organizationId() == null || asked.organizationId().isBlank()) {
			errors.add(new FieldError("ERR-202", "organization_id", "The organisation the node publishes for."));
		}
		else {
			try {
				organization = UUID.fromString(asked.organizationId().strip());
			}
			catch (IllegalArgumentException e) {
				errors.add(new FieldError("ERR-201", "organization_id", "An organisation id (UUID)."));
			}
		}
		String name = asked.name() == null ? null : asked.name().strip();
		if (name == null) {
			errors.add(new FieldError("ERR-202", "name", "A name for the node client."));
		}
		else if (name.isEmpty()) {
			errors.add(new FieldError("ERR-308", "name", "A name for the node client."));
		}
		else if (name.length() > 100) {
			errors.add(new FieldError("ERR-203", "name", "At most 100 characters."));
		}
		if (!errors.isEmpty()) {
			throw new ProblemException(HttpStatus.BAD_REQUEST, errors.get(0).code(),
					"The node client request is invalid.", errors);
		}
		String clientId = NodeClients.newClientId();
		String secret = NodeClients.newSecret();
		clients.create(clientId, name, encoder.encode(secret), List.of(organization), caller.getName());
		events.publishEvent(new NodeClientCreated(caller.getName(), clientId, organization, name));
		return ResponseEntity.created(URI.create("/api/admin/node-clients/" + clientId))
				.body(new NewNodeClient(clientId, secret, organization, name));
	}

	@GetMapping(path = "/api/admin/node-clients", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "The OAuth2 clients of producer nodes", description = "Administrators only. Never the secrets.")
	List<NodeClients.NodeClientInfo> list() {
		return clients.list();
	}

	@Transactional
	@DeleteMapping("/api/admin/node-clients/{clientId}")
	@Operation(summary = "Revoke a producer node's client", description = """
			Administrators only. The client gets no new token, and the access tokens it holds are refused from the \
			very next request. Revoking twice is fine (204).""")
	ResponseEntity<Void> revoke(@PathVariable String clientId, Authentication caller) {
		if (!clients.revoke(clientId, caller.getName())) {
			throw ProblemException.notFound("KRS-404-CLIENT", "No such node client.");
		}
		events.publishEvent(new NodeClientRevoked(caller.getName(), clientId));
		return ResponseEntity.noContent().build();
	}
}
