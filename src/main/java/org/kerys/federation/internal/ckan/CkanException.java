package org.kerys.federation.internal.ckan;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;

/**
 * A failure of the CKAN-compatible API, answered in CKAN's error envelope:
 * {@code {"help":…,"success":false,"error":{"__type":…,"message":…}}}, with a stable Kerys {@code code} beside.
 */
class CkanException extends RuntimeException {

	private final HttpStatus status;
	private final String type;
	private final String code;
	private final String field;

	CkanException(HttpStatus status, String type, String code, String field, String message) {
		super(message);
		this.status = status;
		this.type = type;
		this.code = code;
		this.field = field;
	}

	/** A bad parameter: CKAN's "Validation Error", with the field's messages as CKAN lists them. */
	static CkanException validation(String field, String code, String message) {
		return new CkanException(HttpStatus.BAD_REQUEST, "Validation Error", code, field, message);
	}

	static CkanException notFound(String code, String message) {
		return new CkanException(HttpStatus.NOT_FOUND, "Not Found Error", code, null, message);
	}

	HttpStatus status() {
		return status;
	}

	/** The {@code error} member of the envelope. */
	Map<String, Object> error() {
		Map<String, Object> error = new LinkedHashMap<>();
		error.put("__type", type);
		error.put("message", getMessage());
		error.put("code", code);
		if (field != null) {
			error.put(field, List.of(getMessage()));
		}
		return error;
	}
}
