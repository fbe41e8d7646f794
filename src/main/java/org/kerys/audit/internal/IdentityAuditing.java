package org.kerys.audit.internal;

import java.util.LinkedHashMap;
import java.util.Map;

import org.kerys.audit.AuditLedger;
import org.kerys.identity.ApiTokenCreated;
import org.kerys.identity.ApiTokenRevoked;
import org.kerys.identity.NodeClientCreated;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Records the creation and revocation of personal API tokens and the creation of node clients, synchronously as
 * {@link CatalogAuditing} does.
 */
@Component
class IdentityAuditing {

	private final AuditLedger ledger;

	IdentityAuditing(AuditLedger ledger) {
		this.ledger = ledger;
	}

	@EventListener
	void on(ApiTokenCreated created) {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("name", created.name());
		details.put("scopes", created.scopes());
		ledger.record(created.login(), "token.created", "token", created.tokenId().toString(), AuditLedger.SUCCESS,
				details);
	}

	@EventListener
	void on(ApiTokenRevoked revoked) {
		ledger.record(revoked.login(), "token.revoked", "token", revoked.tokenId().toString(), AuditLedger.SUCCESS,
				Map.of());
	}

	@EventListener
	void on(NodeClientCreated created) {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("name", created.name());
		details.put("organization_id", created.organizationId().toString());
		ledger.record(created.actor(), "node_client.created", "node_client", created.clientId(), AuditLedger.SUCCESS,
				details);
	}
}
