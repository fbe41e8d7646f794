package org.kerys.catalog.internal.validation;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.kerys.catalog.internal.vocabulary.Vocabulary;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The rules that need the vocabularies or span several fields, run after the schema walk on values whose type is
 * already right (a wrong type was reported by the walk, and is not reported twice): the API version, the theme, a
 * standard licence, and the self-data rules of {@link SelfDataRules}.
 */
final class DatasetRules {

	private static final Pattern VERSION = Pattern.compile("^(\\d{1,2})\\.(\\d{1,2})\\.(\\d{1,2})[a-z]*$");
	private static final Pattern SOME_VERSION = Pattern.compile("(\\d{1,2}\\.){2}\\d{1,2}");
	private static final int OLDEST = version(1, 2, 0);
	private static final int NEWEST = version(1, 4, 0);

	/**
	 * Lenient: legacy theme values that are no label of any theme. "ville" (one record of Rennes, the cemeteries'
	 * footprint) is read as town planning, the theme of the city's layout.
	 */
	private static final Map<String, String> LEGACY_THEMES = Map.of("ville", "townPlanning");

	private final Vocabulary vocabulary;
	private final boolean lenient;
	private final Findings findings;

	DatasetRules(Vocabulary vocabulary, ValidationMode mode, Findings findings) {
		this.vocabulary = vocabulary;
		this.lenient = mode == ValidationMode.LENIENT;
		this.findings = findings;
	}

	void check(ObjectNode metadata) {
		apiVersion(metadata.path("metadata_info").path("api_version"));
		theme(metadata);
		licence(metadata.path("access_condition").path("licence"));
		new SelfDataRules(findings).check(metadata);
	}

	private void apiVersion(JsonNode node) {
		if (!node.isString()) {
			return;
		}
		Matcher matcher = VERSION.matcher(node.asString());
		if (!matcher.matches()) {
			if (SOME_VERSION.matcher(node.asString()).find()) {
				// The spec's pattern is not anchored: "1.4.0-SNAPSHOT" passes it but is no version we know.
				findings.error(Message.UNSUPPORTED_VERSION, "metadata_info.api_version", node.asString());
			}
			return;
		}
		int version = version(Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2)),
				Integer.parseInt(matcher.group(3)));
		if (version < OLDEST || version > NEWEST) {
			findings.error(Message.UNSUPPORTED_VERSION, "metadata_info.api_version", node.asString());
		}
	}

	private void theme(ObjectNode metadata) {
		JsonNode node = metadata.path("theme");
		if (!node.isString() || node.asString().isBlank() || vocabulary.isTheme(node.asString())) {
			return;
		}
		String value = node.asString();
		Optional<String> labelled = vocabulary.themeForLabel(value);
		Optional<String> code = labelled
				.or(() -> Optional.ofNullable(LEGACY_THEMES.get(value.trim().toLowerCase(Locale.ROOT))));
		if (lenient && code.isPresent()) {
			metadata.put("theme", code.get());
			findings.warning(Message.THEME_MAPPED, "theme", value, code.get());
		}
		else if (labelled.isPresent()) {
			findings.error(Message.THEME_LABEL, "theme", value, labelled.get());
		}
		else {
			findings.error(Message.UNKNOWN_THEME, "theme", value);
		}
	}

	private void licence(JsonNode licence) {
		JsonNode label = licence.path("licence_label");
		if ("STANDARD".equals(licence.path("licence_type").asString("")) && label.isString()
				&& !label.asString().isBlank() && !vocabulary.isLicence(label.asString())) {
			findings.error(Message.UNKNOWN_LICENCE, "access_condition.licence.licence_label", label.asString());
		}
	}

	private static int version(int major, int minor, int patch) {
		return major * 10_000 + minor * 100 + patch;
	}
}
