package org.kerys.catalog.internal.validation;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One schema of the spec, with {@code $ref} resolved and {@code allOf} merged: what {@link SchemaWalker} checks a
 * JSON value against. Filled once by {@link RudiSpec} (a mutable class only so that recursive schemas can point at
 * themselves), then only read.
 */
final class Schema {

	/** Accepts anything: a reference the spec leaves outside itself (e.g. GeoJSON). */
	static final Schema ANY = new Schema("any");

	final String name;
	final Set<String> types = new LinkedHashSet<>();
	final Map<String, Schema> properties = new LinkedHashMap<>();
	final Set<String> required = new LinkedHashSet<>();
	boolean closed;
	Schema items;
	List<String> enumeration;
	Integer minLength;
	Integer maxLength;
	Integer minItems;
	Integer maxItems;
	BigDecimal minimum;
	BigDecimal maximum;
	String format;
	Pattern pattern;
	String discriminator;
	final Map<String, Schema> mapping = new LinkedHashMap<>();

	Schema(String name) {
		this.name = name;
	}

	boolean isAny() {
		return this == ANY;
	}

	@Override
	public String toString() {
		return "Schema[" + name + "]";
	}
}
