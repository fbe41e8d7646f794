package org.kerys.catalog.internal.validation;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The {@code Metadata} schema of the RUDI producer API 1.4.0 with its self-data extension 0.4.0, compiled from the
 * OpenAPI files under {@code classpath:rudi/} so that validation follows the spec rather than a hand-made copy.
 * <p>
 * Reading rules: an object schema that lists {@code properties} is closed unless {@code additionalProperties} says
 * otherwise; an object without {@code properties} is free-form; a {@code discriminator} picks the sub-schema named
 * by its mapping; references outside both files (GeoJSON) accept anything. Keywords the interpreter does not know
 * ({@code oneOf}, {@code anyOf}, {@code not}) fail the start-up rather than pass silently.
 * <p>
 * Where the files are wrong or silent, Kerys decides ({@link #errata}): {@code ext_metadata} (absent from the
 * producer API) is an open extension object whose {@code ext_selfdata.ext_selfdata_content} is the self-data
 * {@code SelfdataContent}; {@code access_condition.confidentiality} is required; the self-data {@code Period}
 * requires {@code unit}, not the misspelt {@code units}, and {@code SelfdataContent} requires
 * {@code selfdata_categories}, not the non-existent {@code category}. A required field that is no property fails the
 * start-up, so that the next such typo is found at once.
 */
final class RudiSpec {

	private static final String PRODUCER_API = "rudi-producer-api-1.4.0.yaml";
	private static final String SELFDATA = "selfdata-content-0.4.0.yaml";
	private static final Set<String> UNSUPPORTED = Set.of("oneOf", "anyOf", "not");

	private static volatile Schema metadata;

	private final Map<String, Map<String, Object>> documents = new LinkedHashMap<>();
	private final Map<Object, Schema> compiled = new IdentityHashMap<>();

	private RudiSpec() {
		documents.put(PRODUCER_API, load(PRODUCER_API));
		documents.put(SELFDATA, load(SELFDATA));
		errata();
	}

	/** The compiled {@code Metadata} schema, read once per class loader. */
	static Schema metadata() {
		Schema result = metadata;
		if (result == null) {
			synchronized (RudiSpec.class) {
				if (metadata == null) {
					RudiSpec spec = new RudiSpec();
					metadata = spec.compile(spec.component(PRODUCER_API, "Metadata"), PRODUCER_API, "Metadata");
				}
				result = metadata;
			}
		}
		return result;
	}

	@SuppressWarnings("unchecked")
	private void errata() {
		Map<String, Object> metadataProperties = map(component(PRODUCER_API, "Metadata").get("properties"));
		Map<String, Object> selfdata = new LinkedHashMap<>();
		selfdata.put("type", "object");
		selfdata.put("properties", new LinkedHashMap<>(Map.of("ext_selfdata_content",
				Map.of("$ref", SELFDATA + "#/components/schemas/SelfdataContent"))));
		Map<String, Object> extensions = new LinkedHashMap<>();
		extensions.put("type", "object");
		extensions.put("additionalProperties", true);
		extensions.put("properties", new LinkedHashMap<>(Map.of("ext_selfdata", selfdata)));
		metadataProperties.put("ext_metadata", extensions);

		Map<String, Object> accessCondition = map(metadataProperties.get("access_condition"));
		List<Object> required = new ArrayList<>((List<Object>) accessCondition.get("required"));
		required.add("confidentiality");
		accessCondition.put("required", required);

		renameRequired(component(SELFDATA, "Period"), "units", "unit");
		renameRequired(component(SELFDATA, "SelfdataContent"), "category", "selfdata_categories");
	}

	@SuppressWarnings("unchecked")
	private static void renameRequired(Map<String, Object> schema, String listed, String property) {
		List<Object> required = new ArrayList<>((List<Object>) schema.get("required"));
		required.replaceAll(name -> listed.equals(name) ? property : name);
		schema.put("required", required);
	}

	private Schema compile(Object raw, String document, String name) {
		Map<String, Object> node = map(raw);
		Schema known = compiled.get(node);
		if (known != null) {
			return known;
		}
		for (String keyword : UNSUPPORTED) {
			if (node.containsKey(keyword)) {
				throw new IllegalStateException("Unsupported keyword " + keyword + " in " + document + " " + name);
			}
		}
		if (node.containsKey("$ref")) {
			Schema target = resolve((String) node.get("$ref"), document);
			compiled.put(node, target);
			return target;
		}
		Schema schema = new Schema(name);
		compiled.put(node, schema);
		if (node.get("allOf") instanceof List<?> parts) {
			for (Object part : parts) {
				merge(schema, compile(part, document, name));
			}
		}
		fill(schema, node, document);
		if (schema.closed && !schema.properties.keySet().containsAll(schema.required)) {
			// A required field that cannot be sent: a typo in the spec, to be fixed in errata().
			throw new IllegalStateException("Required but unknown in " + document + " " + name + ": " + schema.required);
		}
		return schema;
	}

	private void fill(Schema schema, Map<String, Object> node, String document) {
		if (node.get("type") instanceof String type) {
			schema.types.add(type);
		}
		if (node.get("properties") instanceof Map<?, ?> properties) {
			schema.types.add("object");
			schema.closed = !Boolean.TRUE.equals(node.get("additionalProperties"));
			properties.forEach((key, value) -> schema.properties.put(String.valueOf(key),
					compile(value, document, String.valueOf(key))));
		}
		if (node.get("required") instanceof List<?> required) {
			required.forEach(name -> schema.required.add(String.valueOf(name)));
		}
		if (node.containsKey("items")) {
			schema.types.add("array");
			schema.items = compile(node.get("items"), document, schema.name + "[]");
		}
		if (node.get("enum") instanceof List<?> values) {
			schema.enumeration = values.stream().map(String::valueOf).toList();
			if (schema.types.isEmpty()) {
				schema.types.add("string");
			}
		}
		schema.minLength = integer(node.get("minLength"), schema.minLength);
		schema.maxLength = integer(node.get("maxLength"), schema.maxLength);
		schema.minItems = integer(node.get("minItems"), schema.minItems);
		schema.maxItems = integer(node.get("maxItems"), schema.maxItems);
		schema.minimum = decimal(node.get("minimum"), schema.minimum);
		schema.maximum = decimal(node.get("maximum"), schema.maximum);
		if (node.get("format") instanceof String format) {
			schema.format = format;
		}
		if (node.get("pattern") instanceof String pattern) {
			schema.pattern = Pattern.compile(pattern);
		}
		// Last: the subtypes it maps to merge this very schema (allOf), which must by then have its fields.
		if (node.get("discriminator") instanceof Map<?, ?> discriminator) {
			schema.discriminator = String.valueOf(discriminator.get("propertyName"));
			map(discriminator.get("mapping")).forEach((value, ref) -> schema.mapping.put(value,
					resolve(String.valueOf(ref), document)));
		}
	}

	/** allOf: the union of the parts' fields and requirements; a part's discriminator stays with the part. */
	private static void merge(Schema into, Schema part) {
		into.types.addAll(part.types);
		into.properties.putAll(part.properties);
		into.required.addAll(part.required);
		into.closed |= part.closed;
		into.items = part.items != null ? part.items : into.items;
		into.enumeration = part.enumeration != null ? part.enumeration : into.enumeration;
		into.minLength = part.minLength != null ? part.minLength : into.minLength;
		into.maxLength = part.maxLength != null ? part.maxLength : into.maxLength;
		into.minItems = part.minItems != null ? part.minItems : into.minItems;
		into.maxItems = part.maxItems != null ? part.maxItems : into.maxItems;
		into.minimum = part.minimum != null ? part.minimum : into.minimum;
		into.maximum = part.maximum != null ? part.maximum : into.maximum;
		into.format = part.format != null ? part.format : into.format;
		into.pattern = part.pattern != null ? part.pattern : into.pattern;
	}

	private Schema resolve(String ref, String document) {
		int hash = ref.indexOf('#');
		String location = hash < 0 ? ref : ref.substring(0, hash);
		String target;
		if (location.isEmpty()) {
			target = document;
		}
		else if (documents.containsKey(location)) {
			target = location;
		}
		else if (location.contains("RUDI-PRODUCER")) {
			// The self-data file points at the producer API on SwaggerHub: the same schemas we hold locally.
			target = PRODUCER_API;
		}
		else {
			return Schema.ANY;
		}
		String prefix = "/components/schemas/";
		String pointer = ref.substring(hash + 1);
		if (!pointer.startsWith(prefix)) {
			throw new IllegalStateException("Unsupported $ref " + ref);
		}
		String name = pointer.substring(prefix.length());
		return compile(component(target, name), target, name);
	}

	private Map<String, Object> component(String document, String name) {
		Map<String, Object> schemas = map(map(documents.get(document).get("components")).get("schemas"));
		if (!schemas.containsKey(name)) {
			throw new IllegalStateException("No schema " + name + " in " + document);
		}
		return map(schemas.get(name));
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> map(Object value) {
		if (!(value instanceof Map<?, ?>)) {
			throw new IllegalStateException("Expected a mapping in the spec, found " + value);
		}
		return (Map<String, Object>) value;
	}

	private static Integer integer(Object value, Integer otherwise) {
		return value instanceof Number number ? Integer.valueOf(number.intValue()) : otherwise;
	}

	private static BigDecimal decimal(Object value, BigDecimal otherwise) {
		return value instanceof Number number ? new BigDecimal(number.toString()) : otherwise;
	}

	private static Map<String, Object> load(String file) {
		try (InputStream in = RudiSpec.class.getClassLoader().getResourceAsStream("rudi/" + file)) {
			if (in == null) {
				throw new IllegalStateException("Missing spec resource rudi/" + file);
			}
			return map(new Yaml(new SafeConstructor(new LoaderOptions())).load(in));
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}
}
