package org.kerys.storage.internal;

import java.util.Locale;

import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;

/** RUDI's encrypted media types: the plain type suffixed {@code +crypt} ({@code text/csv+crypt}). */
final class CryptTypes {

	static final String SUFFIX = "+crypt";

	private CryptTypes() {
	}

	/** True for a declared {@code file_type} that says the file is encrypted (parameters aside). */
	static boolean encrypted(String fileType) {
		if (fileType == null) {
			return false;
		}
		String type = fileType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
		return type.endsWith(SUFFIX);
	}

	/** The type readers get: without {@code +crypt}; {@code application/octet-stream} when none is usable. */
	static String readerType(String fileType) {
		if (fileType != null && !fileType.isBlank()) {
			String type = fileType.strip();
			String lower = type.toLowerCase(Locale.ROOT);
			int suffix = lower.indexOf(SUFFIX);
			if (suffix >= 0) {
				type = type.substring(0, suffix) + type.substring(suffix + SUFFIX.length());
			}
			try {
				MediaType parsed = MediaType.parseMediaType(type);
				if (parsed.isConcrete()) {
					return parsed.toString();
				}
			}
			catch (InvalidMediaTypeException e) {
				// Declared but not a media type: say nothing rather than something wrong.
			}
		}
		return MediaType.APPLICATION_OCTET_STREAM_VALUE;
	}
}
