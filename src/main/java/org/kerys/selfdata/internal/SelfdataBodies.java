package org.kerys.selfdata.internal;

import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.kerys.platform.ProblemException;
import org.kerys.platform.ProblemException.FieldError;
import org.kerys.selfdata.internal.Attachments.Attachment;
import org.springframework.http.HttpStatus;
import tools.jackson.databind.JsonNode;

/**
 * Reads the JSON bodies of the self-data API by hand, so that every mistake is a 400 with a field and a code:
 * {@code {"dataset_id", "matching": {code: value}, "attachments": [{"code", "name", "type", "content" (base64)}]}}.
 * Values of matching are strings, numbers or booleans (sent on as text).
 */
final class SelfdataBodies {

	private static final Set<String> SUBMISSION = Set.of("dataset_id", "matching", "attachments");
	private static final Set<String> ATTACHMENT = Set.of("code", "name", "type", "content");

	private SelfdataBodies() {
	}

	static SelfdataRequests.Submission submission(JsonNode body, boolean datasetRequired) {
		List<FieldError> errors = new ArrayList<>();
		if (body == null || !body.isObject()) {
			throw ProblemException.badRequest("ERR-101", "The body must be a JSON object.");
		}
		body.propertyNames().forEach(name -> {
			if (!SUBMISSION.contains(name)) {
				errors.add(new FieldError("ERR-102", name, "Unknown field."));
			}
		});
		UUID dataset = null;
		JsonNode datasetId = body.path("dataset_id");
		if (datasetRequired || !datasetId.isMissingNode()) {
			try {
				dataset = UUID.fromString(datasetId.asString(""));
			}
			catch (IllegalArgumentException e) {
				errors.add(new FieldError(datasetId.isMissingNode() ? "ERR-202" : "ERR-201", "dataset_id",
						"A dataset's global id (UUID) is required."));
			}
		}
		Map<String, String> matching = new LinkedHashMap<>();
		JsonNode values = body.path("matching");
		if (!values.isMissingNode() && !values.isNull() && !values.isObject()) {
			errors.add(new FieldError("ERR-201", "matching", "An object {code: value}."));
		}
		else if (values.isObject()) {
			values.properties().forEach(entry -> {
				JsonNode value = entry.getValue();
				if (value.isNull()) {
					return;
				}
				if (!(value.isString() || value.isNumber() || value.isBoolean())) {
					errors.add(new FieldError("ERR-201", "matching." + entry.getKey(), "A text, number or boolean."));
				}
				else {
					matching.put(entry.getKey(), value.asString());
				}
			});
		}
		List<Attachment> attachments = new ArrayList<>();
		JsonNode files = body.path("attachments");
		if (!files.isMissingNode() && !files.isNull() && !files.isArray()) {
			errors.add(new FieldError("ERR-201", "attachments", "An array of files."));
		}
		for (int i = 0; files.isArray() && i < files.size(); i++) {
			JsonNode file = files.path(i);
			String path = "attachments[" + i + "]";
			if (!file.isObject()) {
				errors.add(new FieldError("ERR-201", path, "{\"code\", \"name\", \"type\", \"content\" (base64)}."));
				continue;
			}
			file.propertyNames().forEach(name -> {
				if (!ATTACHMENT.contains(name)) {
					errors.add(new FieldError("ERR-102", path + "." + name, "Unknown field."));
				}
			});
			String code = file.path("code").asString("");
			String name = file.path("name").asString("attachment");
			String type = file.path("type").asString("application/octet-stream");
			if (code.isBlank()) {
				errors.add(new FieldError("ERR-202", path + ".code", "The matching field's code is required."));
				continue;
			}
			try {
				byte[] content = Base64.getDecoder().decode(file.path("content").asString("").replaceAll("\\s", ""));
				attachments.add(new Attachment(code, name.length() > 255 ? name.substring(0, 255) : name,
						type.length() > 255 ? "application/octet-stream" : type, content));
			}
			catch (IllegalArgumentException e) {
				errors.add(new FieldError("ERR-201", path + ".content", "The file's content in base64."));
			}
		}
		if (!errors.isEmpty()) {
			throw new ProblemException(HttpStatus.BAD_REQUEST, errors.get(0).code(), "The body has errors.", errors);
		}
		return new SelfdataRequests.Submission(dataset, matching, attachments);
	}

	static String text(JsonNode body, String field) {
		if (body == null || body.isNull() || body.isMissingNode()) {
			return null;
		}
		if (!body.isObject()) {
			throw ProblemException.badRequest("ERR-101", "The body must be a JSON object.");
		}
		JsonNode value = body.path(field);
		return value.isValueNode() && !value.isNull() ? value.asString() : null;
	}

	static UUID uuid(String value, String code) {
		try {
			return UUID.fromString(value);
		}
		catch (IllegalArgumentException | NullPointerException e) {
			throw ProblemException.notFound(code, "No such id.");
		}
	}
}
