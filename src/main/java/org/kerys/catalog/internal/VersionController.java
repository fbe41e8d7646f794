package org.kerys.catalog.internal;

import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/version}: which RUDI API this node speaks. */
@RestController
@Tag(name = "RUDI resources")
class VersionController {

	@GetMapping(path = "/api/version", produces = "application/json")
	@Operation(summary = "RUDI API version", description = "The RUDI producer API version served, and the metadata versions accepted.")
	Map<String, Object> version() {
		return Map.of("api_version", "1.4.0", "accepted_api_versions", List.of("1.2.0", "1.3.0", "1.4.0"),
				"application", "kerys");
	}
}
