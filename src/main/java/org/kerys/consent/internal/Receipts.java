package org.kerys.consent.internal;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

import org.kerys.consent.internal.Consents.Consent;
import org.kerys.consent.internal.Treatments.Version;
import org.kerys.identity.PlatformSignatures;
import org.kerys.platform.CanonicalJson;
import org.kerys.platform.KerysProperties;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Consent receipts: for each event of a consent, a record aligned with ISO/IEC TS 27560 ({@code consent_record}) and
 * its Kantara Consent Receipt 1.1 view ({@code kantara_receipt}), in one JSON payload with the JWT claims {@code iss},
 * {@code iat}, {@code jti} (the event id) and {@code sub} (the pseudonymous subject reference), signed as a compact
 * JWS ({@code typ: kerys-consent-receipt+jwt}) by the platform key published at {@code /.well-known/jwks.json}.
 */
@Component
class Receipts {

	static final String TYPE = "kerys-consent-receipt+jwt";
	static final String SCHEMA = "ISO/IEC TS 27560:2023";
	private static final JsonNodeFactory nodes = JsonNodeFactory.instance;

	private final PlatformSignatures signatures;
	private final String baseUrl;

	Receipts(PlatformSignatures signatures, KerysProperties properties) {
		this.signatures = signatures;
		this.baseUrl = properties.baseUrl();
	}

	/** Who and what a receipt names, beyond the consent itself. */
	record Parties(String subjectRef, UUID organizationId, String organizationName, String projectTitle,
			String projectOwner, String datasetTitle) {
	}

	/** The signed receipt of one event. */
	String sign(UUID eventId, String type, OffsetDateTime at, Consent consent, Version version, Parties parties) {
		return signatures.sign(TYPE, CanonicalJson.write(payload(eventId, type, at, consent, version, parties)));
	}

	/** The payload of a receipt signed by the platform key; empty when the signature or the type does not hold. */
	Optional<JsonNode> verify(String jws) {
		return signatures.verify(TYPE, jws).map(CanonicalJson::read);
	}

	/** The payload of a receipt Kerys stored (its signature was made here: read without checking it again). */
	static JsonNode payloadOf(String jws) {
		return CanonicalJson.read(new String(java.util.Base64.getUrlDecoder().decode(jws.split("\\.")[1]),
				java.nio.charset.StandardCharsets.UTF_8));
	}

	ObjectNode payload(UUID eventId, String type, OffsetDateTime at, Consent consent, Version version,
			Parties parties) {
		JsonNode content = version.content();
		ObjectNode claims = nodes.objectNode();
		claims.put("iss", baseUrl);
		claims.put("iat", at.toEpochSecond());
		claims.put("jti", eventId.toString());
		claims.put("sub", parties.subjectRef());
		claims.set("consent_record", record(eventId, type, at, consent, version, parties, content));
		claims.set("kantara_receipt", kantara(eventId, at, consent, version, parties, content));
		return claims;
	}

	private ObjectNode record(UUID eventId, String type, OffsetDateTime at, Consent consent, Version version,
			Parties parties, JsonNode content) {
		ObjectNode record = nodes.objectNode();
		record.put("schema_version", SCHEMA);
		record.put("record_id", consent.id().toString());
		record.put("event_id", eventId.toString());
		ObjectNode subject = record.putObject("data_subject");
		subject.put("id", parties.subjectRef());
		subject.put("id_type", "pseudonymous reference, one per reuse project");
		ArrayNode controllers = record.putArray("controllers");
		ObjectNode controller = controllers.addObject();
		controller.put("organization_id", parties.organizationId().toString());
		controller.put("name", content.path("controller").path("name").asString(parties.organizationName()));
		copy(content.path("controller"), controller, "address", "email");
		record.set("dpo", content.path("dpo").deepCopy());
		ObjectNode notice = record.putObject("notice");
		notice.put("treatment_id", version.treatmentId().toString());
		notice.put("version", version.version());
		notice.put("sha256", version.sha256());
		notice.put("url", baseUrl + "/api/treatments/" + version.treatmentId() + "/versions/" + version.version());
		record.set("purposes", content.path("purposes").deepCopy());
		record.put("legal_basis", content.path("legal_basis").asString());
		ObjectNode data = record.putObject("personal_data");
		data.put("dataset_id", consent.datasetId().toString());
		data.put("dataset_title", parties.datasetTitle());
		data.set("categories", content.path("data_categories").deepCopy());
		ArrayNode recipients = record.putArray("recipients");
		ObjectNode project = recipients.addObject();
		project.put("project_id", consent.projectId().toString());
		project.put("name", parties.projectTitle());
		if (parties.projectOwner() != null) {
			project.put("organization", parties.projectOwner());
		}
		content.path("recipients").values().forEach(r -> recipients.addObject().set("name", r.deepCopy()));
		ObjectNode retention = record.putObject("retention");
		retention.put("duration", content.path("retention").path("duration").asString());
		retention.put("until", instant(consent.expiresAt()));
		record.set("transfers_outside_eu", content.path("transfers_outside_eu").deepCopy());
		record.put("jurisdiction", "FR");
		ObjectNode withdrawal = record.putObject("withdrawal");
		withdrawal.put("method", "At any time, effective for the next access: the page My consents, or the API.");
		withdrawal.put("page", baseUrl + "/consents");
		withdrawal.put("api", "POST " + baseUrl + "/api/consents/" + consent.id() + "/withdraw");
		ObjectNode event = record.putObject("event");
		event.put("time", instant(at));
		event.put("type", type);
		event.put("state", Consents.DPV.get(type));
		event.put("consent_given_at", instant(consent.givenAt()));
		if (consent.renews() != null) {
			event.put("renews_record", consent.renews().toString());
		}
		return record;
	}

	private ObjectNode kantara(UUID eventId, OffsetDateTime at, Consent consent, Version version, Parties parties,
			JsonNode content) {
		ObjectNode receipt = nodes.objectNode();
		receipt.put("version", "KI-CR-v1.1.0");
		receipt.put("jurisdiction", "FR");
		receipt.put("consentTimestamp", consent.givenAt().toEpochSecond());
		receipt.put("collectionMethod", "Kerys portal, consent request screen of a reuse project");
		receipt.put("consentReceiptID", eventId.toString());
		receipt.put("publicKey", signatures.keyId());
		receipt.put("language", "fr");
		receipt.put("piiPrincipalId", parties.subjectRef());
		ObjectNode controller = receipt.putArray("piiControllers").addObject();
		controller.put("piiController", content.path("controller").path("name").asString(parties.organizationName()));
		controller.put("onBehalf", false);
		controller.put("contact", content.path("dpo").path("name").asString("DPO"));
		controller.put("address", content.path("controller").path("address").asString(""));
		controller.put("email", content.path("dpo").path("email").asString(""));
		controller.put("phone", "");
		receipt.put("policyUrl", baseUrl + "/api/treatments/" + version.treatmentId() + "/versions/" + version.version());
		ObjectNode service = receipt.putArray("services").addObject();
		service.put("service", parties.projectTitle());
		ArrayNode purposes = service.putArray("purposes");
		String termination = "Until " + instant(consent.expiresAt()) + " ("
				+ content.path("retention").path("duration").asString() + "), or withdrawal";
		int i = 0;
		for (JsonNode purpose : content.path("purposes").values()) {
			ObjectNode p = purposes.addObject();
			p.put("purpose", TreatmentContent.in(purpose, Locale.FRENCH));
			p.putArray("purposeCategory").add(content.path("legal_basis").asString());
			p.put("consentType", "EXPLICIT");
			ArrayNode categories = p.putArray("piiCategory");
			TreatmentContent.all(content.path("data_categories"), Locale.FRENCH).forEach(categories::add);
			p.put("primaryPurpose", i++ == 0);
			p.put("termination", termination);
			p.put("thirdPartyDisclosure", true);
			p.put("thirdPartyName", parties.projectOwner() == null ? parties.projectTitle() : parties.projectOwner());
		}
		receipt.put("sensitive", true);
		receipt.putArray("spiCat");
		return receipt;
	}

	private static void copy(JsonNode from, ObjectNode to, String... keys) {
		for (String key : keys) {
			if (from.path(key).isString()) {
				to.put(key, from.path(key).asString());
			}
		}
	}

	static String instant(OffsetDateTime at) {
		return DateTimeFormatter.ISO_INSTANT.format(at.withOffsetSameInstant(ZoneOffset.UTC).toInstant());
	}
}
