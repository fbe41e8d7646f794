package org.kerys.audit.internal;

import java.util.LinkedHashMap;
import java.util.Map;

import org.kerys.audit.AuditLedger;
import org.kerys.federation.NodeRegistered;
import org.kerys.federation.NodeRevoked;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Records the registration and revocation of producer nodes (who may push, and where Kerys calls): synchronous, in
 * the transaction of the change, like {@link CatalogAuditing}.
 */
@Component
class FederationAuditing {

	private final AuditLedger ledger;

	FederationAuditing(AuditLedger ledger) {
		this.ledger = ledger;
	}

	@EventListener
	void on(NodeRegistered registered) {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("name", registered.name());
		details.put("url", registered.url());
		details.put("organization_ids", registered.organizationIds().stream().map(Object::toString).toList());
		details.put("allow_private_network", registered.allowPrivateNetwork());
		details.put("client_id", registered.clientId());
		ledger.record(registered.actor(), "node.registered", "node", registered.nodeId().toString(),
				AuditLedger.SUCCESS, details);
	}

	@EventListener
	void on(NodeRevoked revoked) {
		ledger.record(revoked.actor(), "node.revoked", "node", revoked.nodeId().toString(), AuditLedger.SUCCESS,
				Map.of("client_id", revoked.clientId()));
	}
}
