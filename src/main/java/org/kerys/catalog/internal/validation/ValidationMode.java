package org.kerys.catalog.internal.validation;

/**
 * How strictly {@link MetadataValidator} reads a record: {@code STRICT} is the RUDI spec (the producer API);
 * {@code LENIENT} first maps legacy values to the spec and reports each mapping as a warning (bulk import, demo).
 */
public enum ValidationMode {
	STRICT, LENIENT
}
