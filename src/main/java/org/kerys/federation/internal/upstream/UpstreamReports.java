package org.kerys.federation.internal.upstream;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.kerys.platform.ProblemException;
import org.kerys.platform.ProblemException.FieldError;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Checks and keeps the integration reports of the upstream portal. A report must be a JSON object with a
 * {@code report_id} and an {@code integration_status} of {@code OK} or {@code KO}; its {@code resource_id} (or
 * {@code organization_id}), when given, must be the one of the address. Every problem is answered at once.
 */
@Service
class UpstreamReports {

	private static final Set<String> STATUSES = Set.of("OK", "KO");

	private final UpstreamDatasets datasets;
	private final JsonMapper json;

	UpstreamReports(UpstreamDatasets datasets, JsonMapper json) {
		this.datasets = datasets;
		this.json = json;
	}

	@Transactional
	void resource(UUID globalId, JsonNode report) {
		check(report, "resource_id", globalId);
		if (!datasets.known(globalId)) {
			throw ProblemException.notFound("ERR-104", "This Kerys never pushed a dataset " + globalId + ".");
		}
		datasets.reported(globalId, report.path("report_id").asString(), report.path("integration_status").asString(),
				text(report.get("method")), text(report.get("comment")), json.writeValueAsString(report));
	}

	@Transactional
	void organization(UUID organizationId, JsonNode report) {
		check(report, "organization_id", organizationId);
		if (!datasets.organizationReported(organizationId, report.path("integration_status").asString())) {
			throw ProblemException.notFound("KRS-404-UPSTREAM-ORGANIZATION",
					"This Kerys never pushed an organisation " + organizationId + ".");
		}
	}

	private static void check(JsonNode report, String idField, UUID id) {
		if (report == null || !report.isObject()) {
			throw ProblemException.badRequest("ERR-101", "The report must be a JSON object.");
		}
		List<FieldError> errors = new ArrayList<>();
		JsonNode reportId = report.get("report_id");
		if (reportId == null || reportId.isNull()) {
			errors.add(new FieldError("ERR-202", "report_id", "Missing required field."));
		}
		else if (!reportId.isString()) {
			errors.add(new FieldError("ERR-201", "report_id", "A string."));
		}
		else if (reportId.stringValue().isBlank()) {
			errors.add(new FieldError("ERR-308", "report_id", "Empty."));
		}
		else if (reportId.stringValue().length() > 200) {
			errors.add(new FieldError("ERR-203", "report_id", "At most 200 characters."));
		}
		JsonNode status = report.get("integration_status");
		if (status == null || status.isNull()) {
			errors.add(new FieldError("ERR-202", "integration_status", "Missing required field."));
		}
		else if (!status.isString() || !STATUSES.contains(status.stringValue())) {
			errors.add(new FieldError("ERR-302", "integration_status", "OK or KO."));
		}
		JsonNode target = report.get(idField);
		if (target != null && !target.isNull() && !(target.isString() && target.stringValue().equalsIgnoreCase(id.toString()))) {
			errors.add(new FieldError("ERR-303", idField, "Not the id of the address (" + id + ")."));
		}
		if (!errors.isEmpty()) {
			throw new ProblemException(HttpStatus.BAD_REQUEST, errors.get(0).code(), "The report is invalid.", errors);
		}
	}

	private static String text(JsonNode value) {
		return value != null && value.isString() ? value.stringValue() : null;
	}
}
