package org.kerys.catalog.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

import org.kerys.platform.ProblemException;
import org.kerys.platform.ProblemException.FieldError;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Organisations and contacts, kept as the RUDI objects sent (JSONB) with identifier and name in columns.
 * Datasets register their producer and contacts here when they are saved (see {@link Datasets#save}).
 */
@Service
class Directory {

	private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

	private final JdbcClient jdbc;
	private final JsonMapper json;

	Directory(JdbcClient jdbc, JsonMapper json) {
		this.jdbc = jdbc;
		this.json = json;
	}

	record Listing(long total, List<String> items) {
	}

	Listing list(DirectoryKind kind, int limit, int offset) {
		long total = jdbc.sql("select count(*) from " + kind.table).query(Long.class).single();
		List<String> items = jdbc.sql("select document::text from " + kind.table + " order by " + kind.nameField
				+ ", " + kind.idField + " limit ? offset ?").params(limit, offset).query(String.class).list();
		return new Listing(total, items);
	}

	Optional<JsonNode> find(DirectoryKind kind, UUID id) {
		return jdbc.sql("select document::text from " + kind.table + " where " + kind.idField + " = ?").param(id)
				.query(String.class).optional().map(json::readTree);
	}

	@Transactional
	UUID create(DirectoryKind kind, JsonNode body) {
		ObjectNode document = validate(kind, body);
		UUID id = UUID.fromString(document.get(kind.idField).asString());
		int inserted = jdbc.sql("insert into " + kind.table + " (" + kind.idField + ", " + kind.nameField
				+ (kind.emailField == null ? "" : ", " + kind.emailField) + ", document) values (?, ?"
				+ (kind.emailField == null ? "" : ", ?") + ", cast(? as jsonb)) on conflict do nothing")
				.params(values(kind, document, id)).update();
		if (inserted == 0) {
			throw new ProblemException(HttpStatus.CONFLICT, "ERR-304", kind.idField + " " + id + " already exists.",
					List.of(new FieldError("ERR-304", kind.idField, id + " already exists.")));
		}
		return id;
	}

	@Transactional
	void update(DirectoryKind kind, UUID id, JsonNode body) {
		ObjectNode document = validate(kind, body);
		if (!id.toString().equals(document.get(kind.idField).asString())) {
			throw new ProblemException(HttpStatus.BAD_REQUEST, "ERR-303", kind.idField + " must be the one of the URL.",
					List.of(new FieldError("ERR-303", kind.idField, "must be " + id)));
		}
		int updated = jdbc.sql("update " + kind.table + " set " + kind.nameField + " = ?, "
				+ (kind.emailField == null ? "" : kind.emailField + " = ?, ")
				+ "document = cast(? as jsonb), updated_at = now() where " + kind.idField + " = ?")
				.params(updateValues(kind, document, id)).update();
		if (updated == 0) {
			throw ProblemException.notFound("ERR-104", "No " + kind.name().toLowerCase(Locale.ROOT) + " " + id + ".");
		}
	}

	@Transactional
	void delete(DirectoryKind kind, UUID id) {
		if (kind == DirectoryKind.ORGANIZATION) {
			long used = jdbc.sql("select count(*) from datasets where producer_id = ?").param(id).query(Long.class)
					.single();
			if (used > 0) {
				throw new ProblemException(HttpStatus.CONFLICT, "KRS-409-IN-USE",
						"This organisation produces " + used + " datasets; delete or move them first.");
			}
		}
		int deleted = jdbc.sql("delete from " + kind.table + " where " + kind.idField + " = ?").param(id).update();
		if (deleted == 0) {
			throw ProblemException.notFound("ERR-104", "No " + kind.name().toLowerCase(Locale.ROOT) + " " + id + ".");
		}
	}

	/** Every problem at once: unknown fields, missing ones, wrong types, empty strings, bad identifiers and emails. */
	ObjectNode validate(DirectoryKind kind, JsonNode body) {
		if (!(body instanceof ObjectNode document)) {
			throw ProblemException.badRequest("ERR-101", "The body must be a JSON object.");
		}
		List<FieldError> errors = new ArrayList<>();
		for (String field : kind.required) {
			if (!document.hasNonNull(field)) {
				errors.add(new FieldError("ERR-202", field, "Missing required field."));
			}
		}
		for (Map.Entry<String, JsonNode> entry : document.properties()) {
			String field = entry.getKey();
			JsonNode value = entry.getValue();
			String type = kind.fields.get(field);
			if (type == null) {
				errors.add(new FieldError("ERR-102", field, "Unknown field."));
			}
			else if (type.equals("coordinates")) {
				if (!value.isObject() || !value.path("latitude").isNumber() || !value.path("longitude").isNumber()) {
					errors.add(new FieldError("ERR-201", field, "Expected {\"latitude\": number, \"longitude\": number}."));
				}
			}
			else if (!value.isString()) {
				errors.add(new FieldError("ERR-201", field, "Expected a string."));
			}
			else if (value.stringValue().isBlank()) {
				errors.add(new FieldError("ERR-308", field, "Empty string."));
			}
			else if (type.equals("uuid") && !isUuid(value.stringValue())) {
				errors.add(new FieldError("ERR-201", field, "Expected a UUID."));
			}
			else if (type.equals("email") && !EMAIL.matcher(value.stringValue()).matches()) {
				errors.add(new FieldError("ERR-201", field, "Expected an email address."));
			}
		}
		if (!errors.isEmpty()) {
			throw new ProblemException(HttpStatus.BAD_REQUEST, errors.get(0).code(),
					errors.size() + " problem(s) in the " + kind.name().toLowerCase(Locale.ROOT) + ".", errors);
		}
		return document;
	}

	private Object[] values(DirectoryKind kind, ObjectNode document, UUID id) {
		List<Object> values = new ArrayList<>(List.of(id, document.get(kind.nameField).asString()));
		if (kind.emailField != null) {
			values.add(document.get(kind.emailField).asString());
		}
		values.add(json.writeValueAsString(document));
		return values.toArray();
	}

	private Object[] updateValues(DirectoryKind kind, ObjectNode document, UUID id) {
		List<Object> values = new ArrayList<>(List.of(document.get(kind.nameField).asString()));
		if (kind.emailField != null) {
			values.add(document.get(kind.emailField).asString());
		}
		values.add(json.writeValueAsString(document));
		values.add(id);
		return values.toArray();
	}

	private static boolean isUuid(String value) {
		try {
			return UUID.fromString(value).toString().equalsIgnoreCase(value);
		}
		catch (IllegalArgumentException e) {
			return false;
		}
	}
}
