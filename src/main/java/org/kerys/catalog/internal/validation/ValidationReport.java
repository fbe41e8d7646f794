package org.kerys.catalog.internal.validation;

import java.util.List;

import org.kerys.platform.ProblemException.FieldError;
import tools.jackson.databind.node.ObjectNode;

public record ValidationReport(ObjectNode metadata, List<FieldError> errors, List<FieldError> warnings) {

	public boolean valid() {
		return errors.isEmpty();
	}
}
