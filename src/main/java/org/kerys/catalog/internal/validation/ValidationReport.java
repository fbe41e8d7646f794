package org.kerys.catalog.internal.validation;

import java.util.List;

import org.kerys.platform.ProblemException.FieldError;

import tools.jackson.databind.node.ObjectNode;

/**
 * The outcome of validating one metadata record.
 *
 * @param metadata a normalised deep copy of the input (lenient mappings applied; unchanged otherwise)
 * @param errors what makes the record invalid, every problem at once
 * @param warnings what lenient mode mapped, each with the code strict mode would have given
 */
public record ValidationReport(ObjectNode metadata, List<FieldError> errors, List<FieldError> warnings) {

	public ValidationReport {
		errors = List.copyOf(errors);
		warnings = List.copyOf(warnings);
	}

	public boolean valid() {
		return errors.isEmpty();
	}
}
