package org.kerys.selfdata.internal;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;

import org.kerys.platform.ProblemException;
import org.kerys.platform.ProblemException.FieldError;
import org.kerys.selfdata.internal.Attachments.Attachment;
import org.springframework.http.HttpStatus;

/**
 * Checks what a citizen typed against the dataset's matching data: every problem at once, per field (the field is
 * {@code matching.<code>} or {@code attachments.<code>}), with RUDI codes (ERR-102 unknown field, ERR-201 wrong
 * type, ERR-202 missing, ERR-203 too long, ERR-303 does not match a REGEXP validator). Never echoes the value.
 */
final class MatchingValues {

	static final String CODE = "KRS-400-SELFDATA-VALUES";
	static final int MAX_LENGTH = 1000;

	private MatchingValues() {
	}

	/** The values, trimmed, in the order of the dataset's fields; throws 400 {@link #CODE} with every error. */
	static Map<String, String> check(SelfdataDataset dataset, Map<String, String> matching,
			List<Attachment> attachments, SelfdataSettings settings) {
		List<FieldError> errors = new ArrayList<>();
		Map<String, SelfdataDataset.MatchingField> fields = dataset.matching().stream()
				.collect(Collectors.toMap(SelfdataDataset.MatchingField::code, f -> f, (a, b) -> a, LinkedHashMap::new));
		for (String code : matching.keySet()) {
			SelfdataDataset.MatchingField field = fields.get(code);
			if (field == null || field.attachment()) {
				errors.add(new FieldError("ERR-102", "matching." + code, field == null
						? "This dataset has no matching field with this code."
						: "This field is a file: send it in attachments."));
			}
		}
		Set<String> attachmentCodes = attachments.stream().map(Attachment::code).collect(Collectors.toSet());
		for (Attachment attachment : attachments) {
			SelfdataDataset.MatchingField field = fields.get(attachment.code());
			if (field == null || !field.attachment()) {
				errors.add(new FieldError("ERR-102", "attachments." + attachment.code(),
						"This dataset asks for no file with this code."));
			}
			else if (attachment.content().length > settings.maxAttachmentSize().toBytes()) {
				errors.add(new FieldError("ERR-203", "attachments." + attachment.code(),
						"The file is larger than " + settings.maxAttachmentSize().toKilobytes() + " KB."));
			}
			else if (attachment.content().length == 0) {
				errors.add(new FieldError("ERR-308", "attachments." + attachment.code(), "The file is empty."));
			}
		}
		if (attachments.size() > settings.maxAttachments()) {
			errors.add(new FieldError("ERR-203", "attachments", "At most " + settings.maxAttachments() + " files."));
		}
		Map<String, String> values = new LinkedHashMap<>();
		for (SelfdataDataset.MatchingField field : fields.values()) {
			if (field.attachment()) {
				if (field.required() && !attachmentCodes.contains(field.code())) {
					errors.add(new FieldError("ERR-202", "attachments." + field.code(), "This file is required."));
				}
				continue;
			}
			String value = matching.get(field.code());
			value = value == null ? "" : value.strip();
			String path = "matching." + field.code();
			if (value.isEmpty()) {
				if (field.required()) {
					errors.add(new FieldError("ERR-202", path, "This field is required."));
				}
				continue;
			}
			if (value.length() > MAX_LENGTH) {
				errors.add(new FieldError("ERR-203", path, "At most " + MAX_LENGTH + " characters."));
				continue;
			}
			String typeError = typeError(field.type(), value);
			if (typeError != null) {
				errors.add(new FieldError("ERR-201", path, typeError));
				continue;
			}
			for (String pattern : field.patterns()) {
				if (!matches(pattern, value)) {
					errors.add(new FieldError("ERR-303", path, "The value does not have the expected form."));
					break;
				}
			}
			values.put(field.code(), value);
		}
		if (!errors.isEmpty()) {
			throw new ProblemException(HttpStatus.BAD_REQUEST, CODE,
					"Some values do not fit the dataset's matching data: see errors.", errors);
		}
		return values;
	}

	private static String typeError(String type, String value) {
		try {
			switch (type) {
				case "BOOLEAN" -> {
					if (!value.equals("true") && !value.equals("false")) {
						return "Expected true or false.";
					}
				}
				case "DATE" -> LocalDate.parse(value);
				case "LONG" -> Long.parseLong(value);
				case "DOUBLE" -> new BigDecimal(value);
				default -> {
					// STRING, TEXT, ADDRESS: any text
				}
			}
			return null;
		}
		catch (DateTimeParseException e) {
			return "Expected a date YYYY-MM-DD.";
		}
		catch (NumberFormatException e) {
			return "LONG".equals(type) ? "Expected a whole number." : "Expected a number.";
		}
	}

	/** A REGEXP validator must match the whole value (the catalogue checked that it compiles). */
	private static boolean matches(String pattern, String value) {
		try {
			return Pattern.compile(pattern).matcher(value).matches();
		}
		catch (PatternSyntaxException e) {
			return true; // unreachable for validated metadata; a broken validator must not lock citizens out
		}
	}
}
