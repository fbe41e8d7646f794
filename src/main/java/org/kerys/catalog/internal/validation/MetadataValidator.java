package org.kerys.catalog.internal.validation;

import java.util.Locale;

import org.kerys.catalog.internal.vocabulary.Vocabulary;
import org.springframework.stereotype.Component;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Validates a RUDI {@code Metadata} record (producer API 1.4.0 with the self-data extension 0.4.0) and returns
 * every problem at once with its RUDI error code, its JSON path and a message in French or English.
 * <p>
 * What it does not check, because it needs the database or the caller: uniqueness of {@code global_id},
 * {@code local_id} and {@code doi} (ERR-304), the metadata provider being the caller (ERR-303), the dataset's
 * existence (ERR-104).
 */
@Component
public class MetadataValidator {

	private final Vocabulary vocabulary;
	private final Schema metadata;

	public MetadataValidator(Vocabulary vocabulary) {
		this.vocabulary = vocabulary;
		this.metadata = RudiSpec.metadata();
	}

	/** Validates {@code input} (left untouched); {@code locale} picks the messages' language, French by default. */
	public ValidationReport validate(JsonNode input, ValidationMode mode, Locale locale) {
		Findings findings = new Findings(locale);
		if (input == null || !input.isObject()) {
			findings.error(Message.NOT_AN_OBJECT, "");
			return new ValidationReport(JsonNodeFactory.instance.objectNode(), findings.errors(), findings.warnings());
		}
		ObjectNode copy = (ObjectNode) input.deepCopy();
		if (mode == ValidationMode.LENIENT) {
			new LegacyShapes(findings).apply(copy);
		}
		new SchemaWalker(mode, findings, firstLanguage(copy)).walk(copy, metadata, "");
		new DatasetRules(vocabulary, mode, findings).check(copy);
		return new ValidationReport(copy, findings.errors(), findings.warnings());
	}

	/** The language a text without one is taken to be in: the dataset's first language, else French. */
	private static String firstLanguage(ObjectNode metadata) {
		String first = metadata.path("resource_languages").path(0).asString("");
		return first.matches("[a-z]{2}(-[A-Z]{2})?") ? first : "fr";
	}
}
