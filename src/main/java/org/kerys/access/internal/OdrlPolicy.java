package org.kerys.access.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.kerys.access.internal.Agreements.Agreement;

/**
 * An agreement's conditions as an ODRL 2.2 policy in JSON-LD (the W3C context): an {@code Agreement} whose assigner
 * is the producer organisation and assignee the project, with one permission to {@code use} the agreed media,
 * constrained by the end date ({@code dateTime}), the purpose and, when set, the rate of calls per minute and the
 * bytes per day ({@code count} with a unit). Identifiers are Kerys' own addresses and {@code urn:uuid:} for media.
 */
final class OdrlPolicy {

	static final String CONTEXT = "http://www.w3.org/ns/odrl.jsonld";
	/** Units of the rate constraints (no ODRL left operand says "per minute"; ODRL allows a unit on a constraint). */
	static final String PER_MINUTE = "http://qudt.org/vocab/unit/NUM-PER-MIN";
	static final String BYTES_PER_DAY = "http://qudt.org/vocab/unit/BYTE-PER-DAY";

	private OdrlPolicy() {
	}

	static Map<String, Object> of(Agreement agreement, String baseUrl) {
		Map<String, Object> policy = new LinkedHashMap<>();
		policy.put("@context", List.of(CONTEXT, Map.of("xsd", "http://www.w3.org/2001/XMLSchema#")));
		policy.put("@type", "Agreement");
		policy.put("uid", baseUrl + "/api/agreements/" + agreement.id() + "/policy");
		policy.put("assigner", Map.of("@id", baseUrl + "/api/v1/organizations/" + agreement.producerId(),
				"@type", "Party"));
		policy.put("assignee", Map.of("@id", baseUrl + "/api/projects/" + agreement.projectId(), "@type", "Party"));
		List<Object> targets = agreement.mediaIds().stream().map(id -> (Object) ("urn:uuid:" + id)).toList();
		policy.put("target", targets);
		List<Map<String, Object>> constraints = new ArrayList<>();
		constraints.add(constraint("dateTime", "gteq", typed(agreement.startDate().toString(), "xsd:dateTime"), null));
		constraints.add(constraint("dateTime", "lt", typed(agreement.endDate().toString(), "xsd:dateTime"), null));
		constraints.add(constraint("purpose", "eq", agreement.purpose(), null));
		if (agreement.rateLimitPerMinute() != null) {
			constraints.add(constraint("count", "lteq", typed("" + agreement.rateLimitPerMinute(), "xsd:integer"),
					PER_MINUTE));
		}
		if (agreement.bytesPerDay() != null) {
			constraints.add(constraint("fileSize", "lteq", typed("" + agreement.bytesPerDay(), "xsd:integer"),
					BYTES_PER_DAY));
		}
		Map<String, Object> permission = new LinkedHashMap<>();
		permission.put("target", targets);
		permission.put("assigner", policy.get("assigner"));
		permission.put("assignee", policy.get("assignee"));
		permission.put("action", "use");
		permission.put("constraint", constraints);
		policy.put("permission", List.of(permission));
		return policy;
	}

	private static Map<String, Object> constraint(String leftOperand, String operator, Object rightOperand, String unit) {
		Map<String, Object> constraint = new LinkedHashMap<>();
		constraint.put("leftOperand", leftOperand);
		constraint.put("operator", operator);
		constraint.put("rightOperand", rightOperand);
		if (unit != null) {
			constraint.put("unit", unit);
		}
		return constraint;
	}

	private static Map<String, Object> typed(String value, String type) {
		return Map.of("@value", value, "@type", type);
	}
}
