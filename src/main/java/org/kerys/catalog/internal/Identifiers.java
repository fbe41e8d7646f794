package org.kerys.catalog.internal;

import java.util.UUID;

import org.kerys.platform.ProblemException;

/** Catalogue identifiers are UUIDs: anything else in a URL names nothing (404 {@code ERR-104}). */
final class Identifiers {

	private Identifiers() {
	}

	static UUID uuid(String value, String what) {
		try {
			return UUID.fromString(value);
		}
		catch (IllegalArgumentException e) {
			throw ProblemException.notFound("ERR-104", "No " + what + " '" + value + "': identifiers are UUIDs.");
		}
	}
}
