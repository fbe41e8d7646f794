package org.kerys.platform.internal;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.kerys.platform.ProblemException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.async.AsyncRequestNotUsableException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Turns every failure of a JSON endpoint into an RFC 9457 problem with a stable {@code code}; a client's
 * mistake is a 4xx, anything unexpected is logged and answered {@code ERR-500} without internals.
 */
@RestControllerAdvice
class ProblemHandler {

	private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

	@ExceptionHandler(ProblemException.class)
	ResponseEntity<ProblemDetail> problem(ProblemException e) {
		ProblemDetail body = ProblemDetail.forStatusAndDetail(e.status(), e.getMessage());
		body.setProperty("code", e.code());
		if (!e.errors().isEmpty()) {
			body.setProperty("errors", e.errors());
		}
		return respond(body);
	}

	@ExceptionHandler(HttpMessageNotReadableException.class)
	ResponseEntity<ProblemDetail> unreadable(HttpMessageNotReadableException e) {
		for (Throwable cause = e; cause != null; cause = cause.getCause()) {
			if (cause instanceof BodySizeLimitFilter.BodyTooLargeException) {
				return respond(problem(HttpStatus.CONTENT_TOO_LARGE, "KRS-413", cause.getMessage()));
			}
		}
		String field = mistypedField(e);
		if (field != null) {
			ProblemDetail body = problem(HttpStatus.BAD_REQUEST, "ERR-201", "A field of the body has the wrong type.");
			body.setProperty("errors", java.util.List.of(new ProblemException.FieldError("ERR-201", field,
					"Wrong type.")));
			return respond(body);
		}
		return respond(problem(HttpStatus.BAD_REQUEST, "ERR-101", "The request body is not well-formed JSON."));
	}

	/**
	 * The field whose value has the wrong type (a text where a number or a list is expected, an object where a text
	 * is), as a path ({@code media_ids[0]}); null when the body itself is unreadable or of the wrong shape at the top
	 * (not an object, or a list of something else than objects).
	 */
	static String mistypedField(Throwable e) {
		for (Throwable cause = e; cause != null; cause = cause.getCause()) {
			if (cause instanceof tools.jackson.databind.exc.MismatchedInputException mismatch
					&& !mismatch.getPath().isEmpty()) {
				StringBuilder path = new StringBuilder();
				for (tools.jackson.core.JacksonException.Reference reference : mismatch.getPath()) {
					if (reference.getPropertyName() != null) {
						path.append(path.isEmpty() ? "" : ".").append(reference.getPropertyName());
					}
					else if (reference.getIndex() >= 0) {
						path.append('[').append(reference.getIndex()).append(']');
					}
				}
				// an element of a top-level list ([1, 2] where objects are expected) is the body's shape: ERR-101
				boolean field = mismatch.getPath().stream().anyMatch(reference -> reference.getPropertyName() != null);
				return field ? path.toString() : null;
			}
		}
		return null;
	}

	@ExceptionHandler({ MissingServletRequestParameterException.class })
	ResponseEntity<ProblemDetail> missing(MissingServletRequestParameterException e) {
		return respond(problem(HttpStatus.BAD_REQUEST, "ERR-103",
				"Missing parameter '" + e.getParameterName() + "'."));
	}

	@ExceptionHandler(MethodArgumentTypeMismatchException.class)
	ResponseEntity<ProblemDetail> mismatch(MethodArgumentTypeMismatchException e) {
		return respond(problem(HttpStatus.BAD_REQUEST, "ERR-201",
				"Parameter '" + e.getName() + "' has the wrong type."));
	}

	/** A unique constraint caught what the checks before it could not see: a concurrent write of the same value. */
	@ExceptionHandler(DuplicateKeyException.class)
	ResponseEntity<ProblemDetail> duplicate(DuplicateKeyException e) {
		return respond(problem(HttpStatus.CONFLICT, "ERR-304", "A value of this request is already used."));
	}

	@ExceptionHandler(HttpRequestMethodNotSupportedException.class)
	ResponseEntity<ProblemDetail> method(HttpRequestMethodNotSupportedException e) {
		return respond(problem(HttpStatus.METHOD_NOT_ALLOWED, "KRS-405", "Method " + e.getMethod() + " is not allowed here."));
	}

	@ExceptionHandler(HttpMediaTypeNotSupportedException.class)
	ResponseEntity<ProblemDetail> mediaType(HttpMediaTypeNotSupportedException e) {
		return respond(problem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "KRS-415", "Unsupported content type."));
	}

	@ExceptionHandler(NoResourceFoundException.class)
	ResponseEntity<ProblemDetail> noResource(NoResourceFoundException e, HttpServletRequest request,
			HttpServletResponse response) throws IOException {
		if (!request.getRequestURI().startsWith("/api/")) {
			// outside the API a person may be asking: Boot's /error answers a page or a problem, as the client accepts
			response.sendError(HttpStatus.NOT_FOUND.value());
			return null;
		}
		return respond(problem(HttpStatus.NOT_FOUND, "KRS-404", "No such resource."));
	}

	@ExceptionHandler(AsyncRequestNotUsableException.class)
	void clientGone(AsyncRequestNotUsableException e) {
		// The client went away while we wrote the answer: nobody is left to answer.
	}

	@ExceptionHandler(Exception.class)
	ResponseEntity<ProblemDetail> unexpected(Exception e, HttpServletRequest request) {
		if (e instanceof ErrorResponse error) {
			return framework(error);
		}
		log.error("Unexpected failure on {} {}", request.getMethod(), request.getRequestURI(), e);
		return respond(problem(HttpStatus.INTERNAL_SERVER_ERROR, "ERR-500", "Internal error."));
	}

	private ResponseEntity<ProblemDetail> framework(ErrorResponse error) {
		HttpStatusCode status = error.getStatusCode();
		String code = status.is4xxClientError() ? "KRS-" + status.value() : "ERR-500";
		ProblemDetail body = problem(status, code, error.getBody().getDetail());
		return respond(body);
	}

	static ProblemDetail problem(HttpStatusCode status, String code, String detail) {
		ProblemDetail body = ProblemDetail.forStatusAndDetail(status, detail);
		body.setProperty("code", code);
		return body;
	}

	private static ResponseEntity<ProblemDetail> respond(ProblemDetail body) {
		return ResponseEntity.status(body.getStatus())
				.contentType(MediaType.APPLICATION_PROBLEM_JSON)
				.body(body);
	}
}
