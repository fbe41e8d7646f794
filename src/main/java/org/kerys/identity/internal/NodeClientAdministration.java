package org.kerys.identity.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

import org.kerys.identity.NodeClientCreated;
import org.kerys.identity.NodeClientRevoked;
import org.kerys.identity.NodeCredentials;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import org.kerys.platform.KerysProperties;
import org.kerys.platform.ProblemException;
import org.kerys.platform.ProblemException.FieldError;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * What administrators do with the OAuth2 clients of producer nodes, through the API ({@link NodeClientsController})
 * or the portal ({@link AdministrationPages}). A revoked client's access tokens are refused from the next request
 * on ({@code SecurityConfiguration} asks {@link NodeClients#isActive}).
 */
@Service
class NodeClientAdministration implements NodeCredentials {

	private final NodeClients clients;
	private final PasswordEncoder encoder;
	private final ApplicationEventPublisher events;
	private final ObjectProvider<JWKSource<SecurityContext>> keys;
	private final KerysProperties properties;

	NodeClientAdministration(NodeClients clients, PasswordEncoder encoder, ApplicationEventPublisher events,
			ObjectProvider<JWKSource<SecurityContext>> keys, KerysProperties properties) {
		this.clients = clients;
		this.encoder = encoder;
		this.events = events;
		this.keys = keys;
		this.properties = properties;
	}

	/** Signed with the authorisation server's key (a web application only: commands call no node). */
	@Override
	public String portalToken(String clientId) {
		Instant now = Instant.now();
		JwtClaimsSet claims = JwtClaimsSet.builder().issuer(AuthorizationServerConfiguration.issuer(properties))
				.subject(AuthorizationServerConfiguration.issuer(properties)).audience(List.of(clientId))
				.issuedAt(now).expiresAt(now.plus(Duration.ofMinutes(5))).claim("scope", "portal").build();
		return new NimbusJwtEncoder(keys.getObject())
				.encode(JwtEncoderParameters.from(JwsHeader.with(SignatureAlgorithm.RS256).build(), claims))
				.getTokenValue();
	}

	/** A new client and its secret, which is shown this once (only its hash is stored). */
	record Created(String clientId, String secret, UUID organizationId, String name) {
	}

	/**
	 * Creates a client for one organisation. 400 with field errors: {@code organization_id} missing (ERR-202) or
	 * not a UUID (ERR-201); {@code name} missing (ERR-202), blank (ERR-308) or longer than 100 (ERR-203).
	 */
	@Transactional
	Created create(String organizationId, String name, String actor) {
		List<FieldError> errors = new ArrayList<>();
		UUID organization = null;
		if (organizationId == null || organizationId.isBlank()) {
			errors.add(new FieldError("ERR-202", "organization_id", "The organisation the node publishes for."));
		}
		else {
			try {
				organization = UUID.fromString(organizationId.strip());
			}
			catch (IllegalArgumentException e) {
				errors.add(new FieldError("ERR-201", "organization_id", "An organisation id (UUID)."));
			}
		}
		String stripped = name == null ? null : name.strip();
		if (stripped == null) {
			errors.add(new FieldError("ERR-202", "name", "A name for the node client."));
		}
		else if (stripped.isEmpty()) {
			errors.add(new FieldError("ERR-308", "name", "A name for the node client."));
		}
		else if (stripped.length() > 100) {
			errors.add(new FieldError("ERR-203", "name", "At most 100 characters."));
		}
		if (!errors.isEmpty()) {
			throw new ProblemException(HttpStatus.BAD_REQUEST, errors.get(0).code(),
					"The node client request is invalid.", errors);
		}
		String clientId = NodeClients.newClientId();
		String secret = NodeClients.newSecret();
		clients.create(clientId, stripped, encoder.encode(secret), List.of(organization), actor);
		events.publishEvent(new NodeClientCreated(actor, clientId, organization, stripped));
		return new Created(clientId, secret, organization, stripped);
	}

	/** For a producer node registered by federation: one client for all the node's organisations. */
	@Override
	@Transactional
	public Issued issue(String name, Collection<UUID> organizationIds, String actor) {
		List<UUID> organizations = organizationIds.stream().distinct().sorted().toList();
		if (organizations.isEmpty() || name == null || name.isBlank()) {
			throw new IllegalArgumentException("A node client needs a name and at least one organisation.");
		}
		String clientId = NodeClients.newClientId();
		String secret = NodeClients.newSecret();
		String stripped = name.strip();
		clients.create(clientId, stripped, encoder.encode(secret), organizations, actor);
		events.publishEvent(new NodeClientCreated(actor, clientId, organizations.get(0), stripped, organizations));
		return new Issued(clientId, secret);
	}

	/** Every client, oldest first; never a secret. */
	List<NodeClients.NodeClientInfo> list() {
		return clients.list();
	}

	/** Revokes a client (again is fine); 404 {@code KRS-404-CLIENT} when there is no such client. */
	@Override
	@Transactional
	public void revoke(String clientId, String actor) {
		if (!clients.revoke(clientId, actor)) {
			throw ProblemException.notFound("KRS-404-CLIENT", "No such node client.");
		}
		events.publishEvent(new NodeClientRevoked(actor, clientId));
	}
}
