package org.kerys.catalog.internal.validation;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Lenient mode, before the schema walk: the legacy shapes that need knowledge of where a value belongs, not just
 * of its type. A checksum's {@code file_encoding} (RUDI 1.2 nodes put it there) moves to the media file, where the
 * spec defines it; a missing {@code access_condition.confidentiality} becomes open data
 * ({@code restricted_access} and {@code gdpr_sensitive} false), what RUDI assumed before the field existed.
 */
final class LegacyShapes {

	private final Findings findings;

	LegacyShapes(Findings findings) {
		this.findings = findings;
	}

	void apply(ObjectNode metadata) {
		moveFileEncodings(metadata);
		defaultConfidentiality(metadata);
	}

	private void moveFileEncodings(ObjectNode metadata) {
		JsonNode media = metadata.path("available_formats");
		for (int i = 0; i < media.size(); i++) {
			JsonNode medium = media.get(i);
			JsonNode checksum = medium == null ? null : medium.get("checksum");
			if (checksum instanceof ObjectNode sum && sum.has("file_encoding") && !medium.has("file_encoding")) {
				String mediumPath = Findings.item("available_formats", i);
				((ObjectNode) medium).set("file_encoding", sum.remove("file_encoding"));
				findings.warning(Message.FILE_ENCODING_MOVED, mediumPath + ".checksum.file_encoding",
						mediumPath + ".file_encoding");
			}
		}
	}

	private void defaultConfidentiality(ObjectNode metadata) {
		if (metadata.get("access_condition") instanceof ObjectNode access
				&& (!access.has("confidentiality") || access.get("confidentiality").isNull())) {
			access.putObject("confidentiality").put("restricted_access", false).put("gdpr_sensitive", false);
			findings.warning(Message.DEFAULTED, "access_condition.confidentiality",
					"{\"restricted_access\": false, \"gdpr_sensitive\": false}");
		}
	}
}
