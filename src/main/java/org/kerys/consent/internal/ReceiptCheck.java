package org.kerys.consent.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.kerys.consent.internal.Consents.Consent;
import org.kerys.consent.internal.Consents.Event;
import org.kerys.platform.ProblemException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Checks a consent receipt for anyone who holds one: signed by the platform key, and issued by Kerys (the very
 * receipt stored with its event); answers what it records and the consent's status now.
 */
@Component
class ReceiptCheck {

	private final Receipts receipts;
	private final Consents consents;
	ReceiptCheck(Receipts receipts, Consents consents) {
		this.receipts = receipts;
		this.consents = consents;
	}

	Map<String, Object> verify(String jws) {
		String compact = jws.strip();
		if (!compact.matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+")) {
			throw ProblemException.badRequest("KRS-400-RECEIPT", "A receipt is a compact JWS: header.payload.signature.");
		}
		JsonNode payload = receipts.verify(compact).orElseThrow(() -> new ProblemException(
				HttpStatus.UNPROCESSABLE_CONTENT, "KRS-422-RECEIPT-SIGNATURE",
				"The signature does not hold: the receipt was altered, forged, or signed by another key."));
		Event event = uuid(payload.path("jti").asString("")) == null ? null
				: consents.event(uuid(payload.path("jti").asString())).filter(e -> e.receipt().equals(compact))
						.orElse(null);
		if (event == null) {
			throw new ProblemException(HttpStatus.UNPROCESSABLE_CONTENT, "KRS-422-RECEIPT-UNKNOWN",
					"Kerys never issued this receipt.");
		}
		Consent consent = consents.find(event.consentId()).orElseThrow();
		Map<String, Object> out = new LinkedHashMap<>();
		out.put("valid", true);
		// the key that signed it (named in the receipt, and the one its signature was checked with): after a rotation of
		// the platform key, a retired one
		out.put("key_id", payload.at("/kantara_receipt/publicKey").asString(null));
		out.put("consent_id", consent.id());
		out.put("event_id", event.id());
		out.put("event_type", event.type());
		out.put("dpv_status", Consents.DPV.get(event.type()));
		out.put("issued_at", event.at());
		out.put("current_status", consent.statusAt(ConsentLifecycle.now()));
		return out;
	}

	private static UUID uuid(String value) {
		try {
			return UUID.fromString(value);
		}
		catch (IllegalArgumentException e) {
			return null;
		}
	}
}
