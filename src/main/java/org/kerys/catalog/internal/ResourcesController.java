package org.kerys.catalog.internal;

import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.kerys.platform.ProblemException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The RUDI producer API on datasets ("resources"): read by anyone, written by producers. */
@RestController
@RequestMapping(path = "/api/v1/resources", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "RUDI resources", description = "Datasets as RUDI Metadata 1.4.0")
class ResourcesController {

	private final DatasetQueries queries;
	private final DatasetWriter writer;
	private final JsonMapper json;

	ResourcesController(DatasetQueries queries, DatasetWriter writer, JsonMapper json) {
		this.queries = queries;
		this.writer = writer;
		this.json = json;
	}

	@GetMapping
	@Operation(summary = "List datasets", description = """
			Paged list {"total", "items"}. Parameters: limit (default 100, at most 500), offset, sort_by \
			(comma-separated fields, '-' for descending), fields (comma-separated fields to keep), updated_after \
			and updated_before (ISO 8601, on the time Kerys last changed the record), and any metadata field by \
			its dotted path for equality (e.g. producer.organization_id=…; an array field matches when it \
			contains the value).""")
	String list(@RequestParam Map<String, String> parameters) {
		ResourceQuery query = ResourceQuery.parse(parameters);
		DatasetQueries.RawPage page = queries.resources(query);
		StringBuilder body = new StringBuilder(64 + page.items().size() * 2048);
		body.append("{\"total\":").append(page.total()).append(",\"items\":[");
		for (int i = 0; i < page.items().size(); i++) {
			if (i > 0) {
				body.append(',');
			}
			String item = page.items().get(i);
			body.append(query.fields().isEmpty() ? item : project(item, query));
		}
		return body.append("]}").toString();
	}

	@GetMapping("/{globalId}")
	@Operation(summary = "One dataset's metadata")
	ResponseEntity<JsonNode> get(@PathVariable String globalId) {
		UUID id = uuid(globalId);
		return queries.dataset(id).map(d -> ResponseEntity.ok(d.metadata()))
				.orElseThrow(() -> ProblemException.notFound("ERR-104", "No dataset " + id + "."));
	}

	@PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Create a dataset", description = "Strict validation; answers the record as stored (201).")
	ResponseEntity<JsonNode> create(@RequestBody JsonNode body, Locale locale) {
		UUID id = writer.create(body, locale);
		return ResponseEntity.created(URI.create("/api/v1/resources/" + id)).body(stored(id));
	}

	@PutMapping(path = "/{globalId}", consumes = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Replace a dataset", description = "Strict validation; global_id must be the path's.")
	JsonNode update(@PathVariable String globalId, @RequestBody JsonNode body, Locale locale) {
		UUID id = writer.update(uuid(globalId), body, locale);
		return stored(id);
	}

	@DeleteMapping("/{globalId}")
	@Operation(summary = "Delete a dataset", description = "Its media files are removed too.")
	ResponseEntity<Void> delete(@PathVariable String globalId) {
		writer.delete(uuid(globalId));
		return ResponseEntity.noContent().build();
	}

	private JsonNode stored(UUID id) {
		return queries.dataset(id).orElseThrow().metadata();
	}

	private String project(String item, ResourceQuery query) {
		JsonNode full = json.readTree(item);
		ObjectNode kept = json.createObjectNode();
		for (String field : query.fields()) {
			String[] path = field.split("\\.");
			JsonNode value = full;
			for (String step : path) {
				value = value.path(step);
			}
			if (value.isMissingNode()) {
				continue;
			}
			ObjectNode target = kept;
			for (int i = 0; i < path.length - 1; i++) {
				target = target.withObjectProperty(path[i]);
			}
			target.set(path[path.length - 1], value);
		}
		return json.writeValueAsString(kept);
	}

	private static UUID uuid(String value) {
		return Identifiers.uuid(value, "dataset");
	}
}
