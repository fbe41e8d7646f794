package org.kerys.catalog.internal.validation;

import java.util.List;
import java.util.Locale;

import org.kerys.catalog.internal.vocabulary.Vocabulary;
import org.kerys.platform.ProblemException.FieldError;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** TEMPORARY stand-in until the validation branch lands. */
@Component
public class MetadataValidator {

	public MetadataValidator(Vocabulary vocabulary) {
	}

	public ValidationReport validate(JsonNode input, ValidationMode mode, Locale locale) {
		if (!(input instanceof ObjectNode object)) {
			return new ValidationReport(null, List.of(new FieldError("ERR-101", "", "not an object")), List.of());
		}
		return new ValidationReport(object.deepCopy(), List.of(), List.of());
	}
}
