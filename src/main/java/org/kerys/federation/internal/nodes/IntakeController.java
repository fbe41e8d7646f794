package org.kerys.federation.internal.nodes;

import java.util.Locale;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.kerys.catalog.Catalog;
import org.kerys.catalog.DatasetRecord;
import org.kerys.identity.AccessPolicy;
import org.kerys.platform.ProblemException;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a RUDI producer node calls on its portal, at the same addresses as on RUDI: {@code kalim} (push metadata),
 * {@code konsult} (read it back), {@code strukture} (push organisations). A push is stored as an integration request
 * and answered at once (202, its id as a JSON string, as RUDI's portal answers); it is applied within a moment and its
 * report is sent to the node. Only the request's shape is checked here (a JSON object naming its dataset or
 * organisation, so the report has an address); everything else goes into the report.
 */
@RestController
@ConditionalOnWebApplication
@Tag(name = "RUDI node push intake", description = "kalim / konsult / strukture, for RUDI producer nodes")
class IntakeController {

	private final NodeRegistry registry;
	private final IntegrationRequests requests;
	private final Integrations integrations;
	private final Catalog catalog;
	private final AccessPolicy policy;
	private final JsonMapper json;

	IntakeController(NodeRegistry registry, IntegrationRequests requests, Integrations integrations, Catalog catalog,
			AccessPolicy policy, JsonMapper json) {
		this.registry = registry;
		this.requests = requests;
		this.integrations = integrations;
		this.catalog = catalog;
		this.policy = policy;
		this.json = json;
	}

	@PostMapping(path = "/kalim/v1/resources", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Push a new dataset (RUDI Metadata)", description = """
			Producer nodes only (their token from /oauth/token). Answers 202 with the integration request's id (a JSON \
			string); the report goes to PUT {node url}/resources/{global_id}/report. 400 only when the body is not a \
			JSON object with a global_id (UUID).""")
	ResponseEntity<String> create(@RequestBody JsonNode metadata, Authentication caller, Locale locale) {
		return accept(caller, IntegrationRequests.RESOURCE, "POST", id(metadata, "global_id"), metadata, locale);
	}

	@PutMapping(path = "/kalim/v1/resources", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Push a new version of a dataset (RUDI Metadata)", description = "As POST; the dataset must exist.")
	ResponseEntity<String> replace(@RequestBody JsonNode metadata, Authentication caller, Locale locale) {
		return accept(caller, IntegrationRequests.RESOURCE, "PUT", id(metadata, "global_id"), metadata, locale);
	}

	@DeleteMapping(path = "/kalim/v1/resources/{globalId}", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Push the deletion of a dataset", description = "As POST; the report says whether it was deleted.")
	ResponseEntity<String> delete(@PathVariable String globalId, Authentication caller, Locale locale) {
		return accept(caller, IntegrationRequests.RESOURCE, "DELETE", uuid(globalId, "global_id"), null, locale);
	}

	@PostMapping(path = "/strukture/v1/organizations/request", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Push an organisation (RUDI Organization)", description = """
			Producer nodes only, for one of their organisations. Answers 202 with the integration request's id; the \
			report goes to PUT {node url}/organizations/{organization_id}/report.""")
	ResponseEntity<String> organization(@RequestBody JsonNode organization, Authentication caller, Locale locale) {
		return accept(caller, IntegrationRequests.ORGANIZATION, "POST", id(organization, "organization_id"),
				organization, locale);
	}

	@GetMapping(path = "/konsult/v1/datasets/{globalId}/metadatas", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "A dataset's metadata as the portal holds it", description = """
			What a node reads before choosing POST or PUT: the RUDI Metadata, or 404 ERR-104.""")
	JsonNode konsult(@PathVariable String globalId) {
		UUID id = uuid(globalId, "global_id");
		return catalog.dataset(id).map(DatasetRecord::metadata)
				.orElseThrow(() -> ProblemException.notFound("ERR-104", "No dataset " + id + "."));
	}

	/** The request is committed (one insert) before it is answered, and the worker woken. */
	ResponseEntity<String> accept(Authentication caller, String kind, String method, UUID target, JsonNode body,
			Locale locale) {
		Node node = node(caller);
		UUID id = UUID.randomUUID();
		String version = body == null ? null : textOrNull(body.path("metadata_info").path("api_version"));
		requests.insert(id, node.id(), kind, method, target, version,
				body == null ? null : json.writeValueAsString(body), "en".equals(locale.getLanguage()) ? "en" : "fr");
		integrations.afterCommit();
		return ResponseEntity.status(HttpStatus.ACCEPTED).contentType(MediaType.APPLICATION_JSON)
				.body(json.writeValueAsString(id.toString()));
	}

	/** The caller's registered node: a node client of no registered node (or a revoked one) may not push. */
	private Node node(Authentication caller) {
		AccessPolicy.check(policy.isNodeClient(caller), "Only producer nodes push.");
		return registry.activeNodeOf(caller.getName()).orElseThrow(() -> new ProblemException(HttpStatus.FORBIDDEN,
				"ERR-403", "This client is not a registered node (see /api/admin/nodes)."));
	}

	private static UUID id(JsonNode body, String field) {
		if (body == null || !body.isObject()) {
			throw ProblemException.badRequest("ERR-101", "The body must be a JSON object.");
		}
		JsonNode value = body.get(field);
		if (value == null || value.isNull()) {
			throw new ProblemException(HttpStatus.BAD_REQUEST, "ERR-202", "Missing " + field + ".",
					java.util.List.of(new ProblemException.FieldError("ERR-202", field, "Missing required field.")));
		}
		return uuid(value.isString() ? value.stringValue() : "", field);
	}

	private static UUID uuid(String value, String field) {
		try {
			UUID id = UUID.fromString(value);
			if (id.toString().equalsIgnoreCase(value)) {
				return id;
			}
		}
		catch (IllegalArgumentException e) {
			// below
		}
		throw new ProblemException(HttpStatus.BAD_REQUEST, "ERR-201", field + " must be a UUID.",
				java.util.List.of(new ProblemException.FieldError("ERR-201", field, "Expected a UUID.")));
	}

	private static String textOrNull(JsonNode node) {
		return node.isString() ? node.stringValue() : null;
	}
}
