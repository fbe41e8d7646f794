package org.kerys.selfdata.internal;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.kerys.platform.ProblemException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** The citizen's own data, its downloads, forgetting, erasure and rectification, and who accessed it. */
@RestController
@Tag(name = "Self-data: my data")
class SelfdataDataController {

	private static final String LINK = """
			The caller's own data only, through a completed request with data found (else 404 \
			KRS-404-SELFDATA-LINK; OUT datasets hand data over outside Kerys). Node failures: 502/504 KRS-50x-NODE-*; \
			a matching the node no longer knows: 410 KRS-410-SELFDATA-TOKEN (ask again). Each read is listed in \
			GET /api/me/data-accesses and written to the audit ledger.""";

	private final SelfdataData data;

	SelfdataDataController(SelfdataData data) {
		this.data = data;
	}

	@GetMapping(path = { "/api/selfdata/{datasetId}/gdata", "/api/selfdata/{datasetId}/gdata.csv" },
			produces = { MediaType.APPLICATION_JSON_VALUE, "text/csv" })
	@Operation(summary = "My generic data (gdata)", description = "JSON in the RUDI gdata format; CSV with "
			+ "`.csv` or `format=csv` (object,label,type,value). " + LINK)
	ResponseEntity<?> gdata(@PathVariable String datasetId, @RequestParam(required = false) String format,
			jakarta.servlet.http.HttpServletRequest request, Locale locale, Authentication caller) {
		UUID dataset = dataset(datasetId);
		JsonNode gdata = data.gdata(dataset, caller);
		return answer(gdata, csv(format, request), false, dataset, "gdata", locale);
	}

	@GetMapping(path = { "/api/selfdata/{datasetId}/tpbc", "/api/selfdata/{datasetId}/tpbc.csv" },
			produces = { MediaType.APPLICATION_JSON_VALUE, "text/csv" })
	@Operation(summary = "My time series (tpbc)", description = "JSON in the RUDI tpbc (bar chart) format, "
			+ "optional `min-date`, `max-date` (YYYY-MM-DD; else 400 KRS-400-DATES); CSV with `.csv` or `format=csv`. "
			+ LINK)
	ResponseEntity<?> tpbc(@PathVariable String datasetId, @RequestParam(name = "min-date", required = false) String min,
			@RequestParam(name = "max-date", required = false) String max,
			@RequestParam(required = false) String format, jakarta.servlet.http.HttpServletRequest request,
			Locale locale, Authentication caller) {
		UUID dataset = dataset(datasetId);
		JsonNode tpbc = data.tpbc(dataset, date(min, "min-date"), date(max, "max-date"), caller);
		return answer(tpbc, csv(format, request), true, dataset, "tpbc", locale);
	}

	@DeleteMapping(path = "/api/selfdata/{datasetId}/link")
	@Operation(summary = "Forget my link to this dataset", description = """
			Erases the producer's token (or store key) kept for the caller; the request stays in the history. 204.""")
	ResponseEntity<Void> forget(@PathVariable String datasetId, Authentication caller) {
		data.forget(dataset(datasetId), caller);
		return ResponseEntity.noContent().build();
	}

	@PostMapping(path = "/api/selfdata/{datasetId}/erasure", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Ask the producer to erase my data", description = """
			Only when the dataset's deletable_data is true (else 409 KRS-409-SELFDATA-NOT-DELETABLE with the reasons \
			the producer gave). Body (optional) {"message"}. Answers 201 with the producer's task, due within the \
			treatment period; one open at a time (409 KRS-409-SELFDATA-TASK-OPEN).""")
	ResponseEntity<Tasks.Task> erasure(@PathVariable String datasetId, @RequestBody(required = false) JsonNode body,
			Authentication caller) {
		return ResponseEntity.status(HttpStatus.CREATED)
				.body(data.ask(dataset(datasetId), Tasks.ERASURE, SelfdataBodies.text(body, "message"), caller));
	}

	@PostMapping(path = "/api/selfdata/{datasetId}/rectification", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Ask the producer to correct my data", description = """
			Body {"message" (required: what is wrong)}, kept encrypted, shown to the producer's members on the task. \
			Answers 201 with the task, due within the treatment period.""")
	ResponseEntity<Tasks.Task> rectification(@PathVariable String datasetId,
			@RequestBody(required = false) JsonNode body, Authentication caller) {
		return ResponseEntity.status(HttpStatus.CREATED).body(
				data.ask(dataset(datasetId), Tasks.RECTIFICATION, SelfdataBodies.text(body, "message"), caller));
	}

	@GetMapping(path = "/api/me/data-accesses", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Who accessed my data", description = """
			Every access to the caller's personal data or matching values, newest first: by the caller (CITIZEN), by a \
			matching at the producer's node (NODE) or in the store (STORE), by a producer's member treating a task \
			(PRODUCER), by a service (SERVICE). `limit` (≤ 500) from `offset`.""")
	List<Accesses.Access> accesses(@RequestParam(defaultValue = "100") int limit,
			@RequestParam(defaultValue = "0") int offset, Authentication caller) {
		return data.accesses(caller, limit, offset);
	}

	private static UUID dataset(String id) {
		try {
			return UUID.fromString(id);
		}
		catch (IllegalArgumentException e) {
			throw ProblemException.notFound("ERR-104", "No dataset " + id + ".");
		}
	}

	private static LocalDate date(String value, String name) {
		if (value == null || value.isBlank()) {
			return null;
		}
		try {
			return LocalDate.parse(value);
		}
		catch (DateTimeParseException e) {
			throw ProblemException.badRequest("KRS-400-DATES", name + ": a date YYYY-MM-DD.");
		}
	}

	private static boolean csv(String format, jakarta.servlet.http.HttpServletRequest request) {
		if (format != null && !format.equals("csv") && !format.equals("json")) {
			throw ProblemException.badRequest("ERR-302", "format: json or csv.");
		}
		return "csv".equals(format) || request.getRequestURI().endsWith(".csv");
	}

	private static ResponseEntity<?> answer(JsonNode json, boolean csv, boolean timeSeries, UUID dataset, String kind,
			Locale locale) {
		ResponseEntity.BodyBuilder ok = ResponseEntity.ok().header(HttpHeaders.CACHE_CONTROL, "private, no-store");
		if (!csv) {
			return ok.contentType(MediaType.APPLICATION_JSON).body(json);
		}
		return ok.contentType(new MediaType("text", "csv", java.nio.charset.StandardCharsets.UTF_8))
				.header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + kind + "-" + dataset + ".csv\"")
				.body(SelfdataData.csv(json, timeSeries, locale));
	}
}
