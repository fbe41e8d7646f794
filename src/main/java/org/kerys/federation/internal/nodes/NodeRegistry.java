package org.kerys.federation.internal.nodes;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.kerys.federation.NodeRegistered;
import org.kerys.federation.NodeRevoked;
import org.kerys.federation.internal.FieldChecks;
import org.kerys.identity.NodeCredentials;
import org.kerys.identity.OrganizationNames;
import org.kerys.platform.ProblemException;
import org.kerys.platform.ProblemException.FieldError;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;

/**
 * What administrators do with producer nodes: register one (with its OAuth2 client, from identity), list them,
 * revoke one (its client with it). A registration is checked whole first, every problem at once, and nothing is
 * written when one is found.
 */
@Service
class NodeRegistry {

	private static final Set<String> FIELDS = Set.of("name", "url", "organization_ids", "harvest_schedule",
			"allow_private_network", "api_prefix");

	private final Nodes nodes;
	private final NodeCredentials credentials;
	private final OrganizationNames organizations;
	private final ApplicationEventPublisher events;

	NodeRegistry(Nodes nodes, NodeCredentials credentials, OrganizationNames organizations,
			ApplicationEventPublisher events) {
		this.nodes = nodes;
		this.credentials = credentials;
		this.organizations = organizations;
		this.events = events;
	}

	/** A registered node and its client secret, shown this once. */
	record Registered(Node node, String clientSecret) {
	}

	/**
	 * Registers a node. 400 with field errors: unknown field (ERR-102); {@code name} missing (ERR-202), not a string
	 * (ERR-201), blank (ERR-308), over 100 characters (ERR-203); {@code url} missing, not an absolute http(s) URL
	 * without credentials, query or fragment (ERR-201); {@code organization_ids} missing or empty (ERR-202), not
	 * UUIDs (ERR-201), not organisations of the catalogue (ERR-303); {@code harvest_schedule} not a cron expression
	 * (ERR-201); {@code allow_private_network} not a boolean (ERR-201).
	 */
	@Transactional
	Registered register(JsonNode body, String actor) {
		List<FieldError> errors = new ArrayList<>();
		FieldChecks.object(body, FIELDS, errors);
		String name = name(body.get("name"), errors);
		String url = FieldChecks.url(body.get("url"), "url",
				"The address of the node's API, e.g. https://node.example.org/api/v1.", false, errors);
		List<UUID> organizationIds = organizations(body.get("organization_ids"), errors);
		String schedule = FieldChecks.schedule(body.get("harvest_schedule"), "harvest_schedule", errors);
		String prefix = prefix(body.get("api_prefix"), errors);
		boolean allowPrivate = FieldChecks.flag(body.get("allow_private_network"), "allow_private_network", errors);
		if (!errors.isEmpty()) {
			throw new ProblemException(HttpStatus.BAD_REQUEST, errors.get(0).code(), "The node registration is invalid.",
					errors);
		}
		NodeCredentials.Issued issued = credentials.issue(name, organizationIds, actor);
		Node node = new Node(UUID.randomUUID(), name, url, issued.clientId(), organizationIds, schedule, prefix,
				allowPrivate, actor, null, null);
		nodes.insert(node);
		events.publishEvent(new NodeRegistered(actor, node.id(), name, url, organizationIds, node.allowPrivateNetwork(),
				issued.clientId()));
		return new Registered(nodes.find(node.id()).orElseThrow(), issued.clientSecret());
	}

	List<Node> list() {
		return nodes.list();
	}

	Node get(UUID id) {
		return nodes.find(id).orElseThrow(() -> ProblemException.notFound("KRS-404-NODE", "No node " + id + "."));
	}

	Optional<Node> activeNodeOf(String clientId) {
		return clientId == null ? Optional.empty() : nodes.findActiveByClient(clientId);
	}

	/** Revokes a node and its client: it pushes no more (revoking twice is fine). Its history stays. */
	@Transactional
	void revoke(UUID id, String actor) {
		Node node = get(id);
		if (node.active()) {
			nodes.revoke(id);
			events.publishEvent(new NodeRevoked(actor, id, node.clientId()));
		}
		credentials.revoke(node.clientId(), actor);
	}

	/**
	 * Renews the credentials of an active node: a new OAuth2 client (id and secret, the secret shown this once) for the
	 * same organisations, and the old one revoked at once (its tokens are refused from the next request). Identity
	 * keeps only a hash of a secret, so a secret cannot be changed in place; a new client is the same thing for the
	 * node, which configures both values. 409 KRS-409-NODE-REVOKED for a revoked node.
	 */
	@Transactional
	Registered renew(UUID id, String actor) {
		Node node = get(id);
		if (!node.active()) {
			throw new ProblemException(HttpStatus.CONFLICT, "KRS-409-NODE-REVOKED", "The node " + id + " is revoked.");
		}
		NodeCredentials.Issued issued = credentials.issue(node.name(), node.organizationIds(), actor);
		nodes.changeClient(id, issued.clientId());
		credentials.revoke(node.clientId(), actor);
		return new Registered(nodes.find(id).orElseThrow(), issued.clientSecret());
	}

	/** The names of the node's organisations that still exist. */
	Map<UUID, String> organizationNames(Node node) {
		return organizations.names(node.organizationIds());
	}

	private static String name(JsonNode value, List<FieldError> errors) {
		if (value == null || value.isNull()) {
			errors.add(new FieldError("ERR-202", "name", "A name for the node."));
			return null;
		}
		if (!value.isString()) {
			errors.add(new FieldError("ERR-201", "name", "A string."));
			return null;
		}
		String name = value.stringValue().strip();
		if (name.isEmpty()) {
			errors.add(new FieldError("ERR-308", "name", "A name for the node."));
		}
		else if (name.length() > 100) {
			errors.add(new FieldError("ERR-203", "name", "At most 100 characters."));
		}
		return name;
	}

	private List<UUID> organizations(JsonNode value, List<FieldError> errors) {
		if (value == null || value.isNull() || (value.isArray() && value.isEmpty())) {
			errors.add(new FieldError("ERR-202", "organization_ids", "The organisations the node publishes for."));
			return List.of();
		}
		if (!value.isArray()) {
			errors.add(new FieldError("ERR-201", "organization_ids", "An array of organisation ids."));
			return List.of();
		}
		Set<UUID> ids = new LinkedHashSet<>();
		for (int i = 0; i < value.size(); i++) {
			JsonNode item = value.get(i);
			try {
				ids.add(UUID.fromString(item.isString() ? item.stringValue() : ""));
			}
			catch (IllegalArgumentException e) {
				errors.add(new FieldError("ERR-201", "organization_ids[" + i + "]", "An organisation id (UUID)."));
			}
		}
		Map<UUID, String> known = organizations.names(ids);
		for (UUID id : ids) {
			if (!known.containsKey(id)) {
				errors.add(new FieldError("ERR-303", "organization_ids", "No organisation " + id + " in the catalogue."));
			}
		}
		return List.copyOf(ids);
	}

	/** Where the node's RUDI API answers, after its URL: a path ("" for none), or null for the default. */
	private static String prefix(JsonNode value, List<FieldError> errors) {
		if (value == null || value.isNull()) {
			return null;
		}
		String prefix = value.isString() ? value.stringValue().strip() : null;
		if (prefix != null && prefix.length() <= 200 && (prefix.isEmpty() || prefix.matches("(/[A-Za-z0-9._~-]+)+/?"))) {
			return prefix;
		}
		errors.add(new FieldError("ERR-201", "api_prefix",
				"A path such as /api/v1 (\"\" for none), or null for the default."));
		return null;
	}
}
