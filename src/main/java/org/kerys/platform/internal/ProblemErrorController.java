package org.kerys.platform.internal;

import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.web.WebProperties;
import org.springframework.boot.webmvc.autoconfigure.error.BasicErrorController;
import org.springframework.boot.webmvc.autoconfigure.error.ErrorViewResolver;
import org.springframework.boot.webmvc.error.ErrorAttributes;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;

/**
 * Errors that happen outside any controller (a malformed URL, a filter) reach Boot's {@code /error}; machine
 * clients get the same RFC 9457 problem with a {@code code} as everywhere else, people get the error page.
 */
@Controller
@ConditionalOnWebApplication
@RequestMapping("${server.error.path:${error.path:/error}}")
class ProblemErrorController extends BasicErrorController {

	ProblemErrorController(ErrorAttributes errorAttributes, WebProperties web,
			List<ErrorViewResolver> resolvers) {
		super(errorAttributes, web.getError(), resolvers);
	}

	@Override
	@RequestMapping
	public ResponseEntity<Map<String, Object>> error(HttpServletRequest request) {
		if (org.springframework.web.context.request.RequestContextHolder.getRequestAttributes()
				instanceof org.springframework.web.context.request.ServletRequestAttributes attributes
				&& attributes.getResponse() != null && attributes.getResponse().isCommitted()) {
			// an answer that failed after it started (a download or a proxied service cut): nothing may follow the
			// bytes already sent, the connection is closed as it is
			return null;
		}
		HttpStatus status = getStatus(request);
		if (status == HttpStatus.NO_CONTENT) {
			return ResponseEntity.noContent().build();
		}
		String code = status.is4xxClientError() ? "KRS-" + status.value() : "ERR-500";
		String detail = status.is4xxClientError() ? status.getReasonPhrase() + "." : "Internal error.";
		return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON)
				.body(Map.of("type", "about:blank", "title", status.getReasonPhrase(), "status", status.value(),
						"detail", detail, "code", code));
	}
}
