package org.kerys.catalog.internal;

import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.kerys.platform.ProblemException.FieldError;

/**
 * What became of one record of a write or an import: created, updated or rejected, with every error and
 * every warning (lenient mappings).
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
record RecordOutcome(int index, @JsonProperty("global_id") UUID globalId, Status status, List<FieldError> errors,
		List<FieldError> warnings) {

	enum Status {
		@JsonProperty("created") CREATED, @JsonProperty("updated") UPDATED, @JsonProperty("rejected") REJECTED
	}

	boolean rejected() {
		return status == Status.REJECTED;
	}
}
