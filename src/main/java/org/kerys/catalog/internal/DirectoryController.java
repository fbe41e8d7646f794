package org.kerys.catalog.internal;

import java.net.URI;
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
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * The RUDI API on organisations ({@code /api/v1/organizations}) and contacts ({@code /api/v1/contacts}):
 * {@code {kind}} is one or the other.
 */
@RestController
@Tag(name = "RUDI organisations and contacts")
class DirectoryController {

	private final Directory directory;

	DirectoryController(Directory directory) {
		this.directory = directory;
	}

	@GetMapping(path = "/api/v1/{kind:organizations|contacts}", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "List organisations or contacts", description = "{\"total\", \"items\"}; limit (default 100, at most 500) and offset.")
	String list(@PathVariable String kind, @RequestParam(defaultValue = "100") int limit,
			@RequestParam(defaultValue = "0") int offset) {
		if (limit < 1 || offset < 0) {
			throw ProblemException.badRequest("ERR-201", "limit must be at least 1 and offset at least 0.");
		}
		Directory.Listing listing = directory.list(kind(kind), Math.min(limit, ResourceQuery.MAX_LIMIT), offset);
		return "{\"total\":" + listing.total() + ",\"items\":[" + String.join(",", listing.items()) + "]}";
	}

	@GetMapping(path = "/api/v1/{kind:organizations|contacts}/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "One organisation or contact")
	JsonNode get(@PathVariable String kind, @PathVariable String id) {
		UUID uuid = uuid(id);
		return directory.find(kind(kind), uuid)
				.orElseThrow(() -> ProblemException.notFound("ERR-104", "No " + kind + " " + id + "."));
	}

	@PostMapping(path = "/api/v1/{kind:organizations|contacts}", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Create an organisation or contact")
	ResponseEntity<JsonNode> create(@PathVariable String kind, @RequestBody JsonNode body) {
		UUID id = directory.create(kind(kind), body);
		return ResponseEntity.created(URI.create("/api/v1/" + kind + "/" + id))
				.body(directory.find(kind(kind), id).orElseThrow());
	}

	@PutMapping(path = "/api/v1/{kind:organizations|contacts}/{id}", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Replace an organisation or contact")
	JsonNode update(@PathVariable String kind, @PathVariable String id, @RequestBody JsonNode body) {
		UUID uuid = uuid(id);
		directory.update(kind(kind), uuid, body);
		return directory.find(kind(kind), uuid).orElseThrow();
	}

	@DeleteMapping("/api/v1/{kind:organizations|contacts}/{id}")
	@Operation(summary = "Delete an organisation or contact", description = "An organisation that produces datasets cannot be deleted (409).")
	ResponseEntity<Void> delete(@PathVariable String kind, @PathVariable String id) {
		directory.delete(kind(kind), uuid(id));
		return ResponseEntity.noContent().build();
	}

	private static DirectoryKind kind(String path) {
		return path.equals("organizations") ? DirectoryKind.ORGANIZATION : DirectoryKind.CONTACT;
	}

	private static UUID uuid(String id) {
		return Identifiers.uuid(id, "entry");
	}
}
