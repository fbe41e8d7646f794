package org.kerys.access.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.kerys.platform.ProblemException;
import org.kerys.platform.ProblemException.FieldError;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.HttpStatus;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.RequestBodyAdviceAdapter;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Refuses a field the module's request bodies do not have (400 ERR-102, each one named), before the body is bound:
 * the application's JSON reader ignores unknown fields, so a misspelt condition ("rate_limit" for
 * "rate_limit_per_minute") would otherwise be accepted silently and the agreement made without it. A body that is
 * not one well-formed JSON value is ERR-101, as the platform answers it; one that is not an object passes, for the
 * reader to refuse.
 */
@ControllerAdvice(assignableTypes = { ProjectsController.class, AccessRequestsController.class,
		AgreementsController.class, ProjectClientsController.class })
class KnownFields extends RequestBodyAdviceAdapter {

	private static final JsonMapper json = JsonMapper.builder().build();

	@Override
	public boolean supports(MethodParameter parameter, Type targetType,
			Class<? extends HttpMessageConverter<?>> converterType) {
		return targetType instanceof Class<?> type && type.isRecord()
				&& type.getPackageName().equals(KnownFields.class.getPackageName());
	}

	@Override
	public HttpInputMessage beforeBodyRead(HttpInputMessage input, MethodParameter parameter, Type targetType,
			Class<? extends HttpMessageConverter<?>> converterType) throws IOException {
		byte[] body = input.getBody().readAllBytes(); // under the platform's JSON size limit
		JsonNode tree;
		try {
			// trailing content too ({"message": "x"} {}): not one JSON value
			tree = json.readerFor(JsonNode.class).with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).readValue(body);
		}
		catch (JacksonException e) {
			throw ProblemException.badRequest("ERR-101", "The request body is not well-formed JSON.");
		}
		if (tree != null && tree.isObject()) {
			Set<String> known = names((Class<?>) targetType);
			List<FieldError> errors = new ArrayList<>();
			for (String field : tree.propertyNames()) {
				if (!known.contains(field)) {
					errors.add(new FieldError("ERR-102", field, "Unknown field."));
				}
			}
			if (!errors.isEmpty()) {
				throw new ProblemException(HttpStatus.BAD_REQUEST, "ERR-102", "The body has unknown fields.", errors);
			}
		}
		HttpHeaders headers = input.getHeaders();
		return new HttpInputMessage() {
			@Override
			public InputStream getBody() {
				return new ByteArrayInputStream(body);
			}

			@Override
			public HttpHeaders getHeaders() {
				return headers;
			}
		};
	}

	private static Set<String> names(Class<?> record) {
		Set<String> names = new HashSet<>();
		for (RecordComponent component : record.getRecordComponents()) {
			JsonProperty property = component.getAnnotation(JsonProperty.class);
			if (property == null && component.getAccessor().getAnnotation(JsonProperty.class) != null) {
				property = component.getAccessor().getAnnotation(JsonProperty.class);
			}
			names.add(property != null && !property.value().isEmpty() ? property.value() : component.getName());
		}
		return names;
	}
}
