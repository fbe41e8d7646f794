package org.kerys.storage.internal;

import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;

import org.kerys.platform.ProblemException;

/** Reads a media id from a path: only the canonical UUID form, so that nothing else ever reaches the disk. */
final class MediaIds {

	// UUID.fromString alone also accepts forms such as "1-2-3-4-5".
	private static final Pattern UUID_FORM = Pattern
			.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

	private MediaIds() {
	}

	static UUID parse(String raw) {
		if (raw == null || !UUID_FORM.matcher(raw).matches()) {
			throw ProblemException.badRequest("KRS-400-MEDIA-ID", "A media id is a UUID.");
		}
		return UUID.fromString(raw.toLowerCase(Locale.ROOT));
	}
}
