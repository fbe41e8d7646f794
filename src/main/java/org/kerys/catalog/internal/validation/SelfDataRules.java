package org.kerys.catalog.internal.validation;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The self-data rules: personal data must be restricted (ERR-306), a self-data dataset describes its
 * {@code ext_selfdata_content} (ERR-107) and, when served by API, has exactly one GDATA and one TPBC media (ERR-305);
 * a matching-data REGEXP validator compiles.
 * <p>
 * A self-data media is recognised as RUDI does: {@code media_type = SERVICE} and {@code connector.interface_contract}
 * {@code generic-data} (GDATA) or {@code temporal-bar-chart} (TPBC); the short names {@code gdata} and {@code tpbc}
 * are accepted too.
 */
final class SelfDataRules {

	private final Findings findings;

	SelfDataRules(Findings findings) {
		this.findings = findings;
	}

	void check(ObjectNode metadata) {
		String contentPath = "ext_metadata.ext_selfdata.ext_selfdata_content";
		JsonNode content = metadata.path("ext_metadata").path("ext_selfdata").path("ext_selfdata_content");
		matchingValidators(content.path("matching_data"), contentPath + ".matching_data");
		JsonNode confidentiality = metadata.path("access_condition").path("confidentiality");
		boolean restricted = isTrue(confidentiality.path("restricted_access"));
		boolean gdpr = isTrue(confidentiality.path("gdpr_sensitive"));
		if (gdpr && !restricted) {
			findings.error(Message.GDPR_NOT_RESTRICTED, "access_condition.confidentiality.gdpr_sensitive");
			return;
		}
		if (!(gdpr && restricted)) {
			return;
		}
		if (content.isMissingNode() || content.isNull()) {
			findings.error(Message.SELFDATA_CONTENT_MISSING, contentPath);
			return;
		}
		if ("API".equals(content.path("selfdata_access").asString(""))) {
			int gdata = 0;
			int tpbc = 0;
			for (JsonNode medium : metadata.path("available_formats")) {
				if (!"SERVICE".equals(medium.path("media_type").asString(""))) {
					continue;
				}
				String contract = medium.path("connector").path("interface_contract").asString("");
				gdata += "generic-data".equals(contract) || "gdata".equals(contract) ? 1 : 0;
				tpbc += "temporal-bar-chart".equals(contract) || "tpbc".equals(contract) ? 1 : 0;
			}
			if (gdata != 1 || tpbc != 1) {
				findings.error(Message.SELFDATA_MEDIA, "available_formats", gdata, tpbc);
			}
		}
	}

	/** A REGEXP validator checks what citizens type to prove who they are: it must exist and compile. */
	private void matchingValidators(JsonNode matchingData, String path) {
		for (int i = 0; i < matchingData.size(); i++) {
			JsonNode validators = matchingData.path(i).path("validators");
			for (int j = 0; j < validators.size(); j++) {
				JsonNode validator = validators.path(j);
				if (!"REGEXP".equals(validator.path("type").asString(""))) {
					continue;
				}
				String attributePath = Findings.item(Findings.item(path, i) + ".validators", j) + ".attribute";
				JsonNode attribute = validator.path("attribute");
				if (attribute.isMissingNode() || attribute.isNull()) {
					findings.error(Message.MISSING, attributePath);
				}
				else if (attribute.isString() && !attribute.asString().isBlank()) {
					try {
						Pattern.compile(attribute.asString());
					}
					catch (PatternSyntaxException e) {
						findings.error(Message.BAD_REGEXP, attributePath, e.getDescription());
					}
				}
			}
		}
	}

	private static boolean isTrue(JsonNode node) {
		return node.isBoolean() && node.booleanValue();
	}
}
