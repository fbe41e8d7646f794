package org.kerys.access.internal;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.UUID;

import org.kerys.platform.ProblemException;
import org.kerys.platform.ProblemException.FieldError;
import org.springframework.http.HttpStatus;

/** Reading the fields of the module's request bodies, each problem added to {@code errors} in the Kerys format. */
final class Fields {

	private Fields() {
	}

	/** Stripped text; null when absent. Required: ERR-202 when absent, ERR-308 when blank; ERR-203 beyond {@code max}. */
	static String text(String value, String field, boolean required, int max, List<FieldError> errors) {
		if (value == null) {
			if (required) {
				errors.add(new FieldError("ERR-202", field, "Required."));
			}
			return null;
		}
		String stripped = value.strip();
		if (stripped.isEmpty() && required) {
			errors.add(new FieldError("ERR-308", field, "Must not be empty."));
		}
		else if (stripped.length() > max) {
			errors.add(new FieldError("ERR-203", field, "At most " + max + " characters."));
		}
		return stripped;
	}

	static UUID uuid(String value, String field, boolean required, List<FieldError> errors) {
		if (value == null || value.isBlank()) {
			if (required) {
				errors.add(new FieldError("ERR-202", field, "Required: an id (UUID)."));
			}
			return null;
		}
		try {
			return UUID.fromString(value.strip());
		}
		catch (IllegalArgumentException e) {
			errors.add(new FieldError("ERR-201", field, "An id (UUID)."));
			return null;
		}
	}

	static List<UUID> uuids(List<String> values, String field, List<FieldError> errors) {
		if (values == null) {
			return List.of();
		}
		java.util.ArrayList<UUID> ids = new java.util.ArrayList<>();
		for (int i = 0; i < values.size(); i++) {
			UUID id = uuid(values.get(i), field + "[" + i + "]", true, errors);
			if (id != null && !ids.contains(id)) {
				ids.add(id);
			}
		}
		return ids;
	}

	static LocalDate date(String value, String field, List<FieldError> errors) {
		if (value == null || value.isBlank()) {
			return null;
		}
		try {
			return LocalDate.parse(value.strip());
		}
		catch (DateTimeParseException e) {
			errors.add(new FieldError("ERR-201", field, "A date: YYYY-MM-DD."));
			return null;
		}
	}

	/**
	 * An instant: a date-time with its offset, or a date, which means until the end of that day (UTC), so that an
	 * agreement "until 2027-06-30" covers all of the 30th.
	 */
	static OffsetDateTime until(String value, String field, List<FieldError> errors) {
		if (value == null || value.isBlank()) {
			return null;
		}
		try {
			return OffsetDateTime.parse(value.strip());
		}
		catch (DateTimeParseException e) {
			try {
				return LocalDate.parse(value.strip()).plusDays(1).atStartOfDay().atOffset(ZoneOffset.UTC);
			}
			catch (DateTimeParseException again) {
				errors.add(new FieldError("ERR-201", field, "A date (YYYY-MM-DD) or a date-time with its offset."));
				return null;
			}
		}
	}

	static Long positive(Long value, String field, List<FieldError> errors) {
		if (value != null && value <= 0) {
			errors.add(new FieldError("ERR-303", field, "A positive number, or nothing for no limit."));
			return null;
		}
		return value;
	}

	/** Throws 400 with every problem, the first one's code as the problem's. */
	static void check(List<FieldError> errors, String what) {
		if (!errors.isEmpty()) {
			throw new ProblemException(HttpStatus.BAD_REQUEST, errors.get(0).code(), what + " is invalid.", errors);
		}
	}

	/** A path id that is not a UUID finds nothing. */
	static UUID pathId(String value, String code, String message) {
		try {
			return UUID.fromString(value);
		}
		catch (IllegalArgumentException e) {
			throw ProblemException.notFound(code, message);
		}
	}
}
