package org.kerys.platform;

import java.util.List;

import org.springframework.http.HttpStatus;

/**
 * A client-facing failure, answered as an RFC 9457 problem with a stable {@code code}.
 * Thrown by any module; {@code errors} carries field-level detail (e.g. every validation problem at once).
 */
public class ProblemException extends RuntimeException {

	private final HttpStatus status;
	private final String code;
	private final List<FieldError> errors;

	public ProblemException(HttpStatus status, String code, String message) {
		this(status, code, message, List.of());
	}

	public ProblemException(HttpStatus status, String code, String message, List<FieldError> errors) {
		super(message);
		this.status = status;
		this.code = code;
		this.errors = List.copyOf(errors);
	}

	public HttpStatus status() {
		return status;
	}

	public String code() {
		return code;
	}

	public List<FieldError> errors() {
		return errors;
	}

	public static ProblemException notFound(String code, String message) {
		return new ProblemException(HttpStatus.NOT_FOUND, code, message);
	}

	public static ProblemException badRequest(String code, String message) {
		return new ProblemException(HttpStatus.BAD_REQUEST, code, message);
	}

	/** One problem with one field: {@code code}, the JSON path of the field, a readable message. */
	public record FieldError(String code, String field, String message) {
	}
}
