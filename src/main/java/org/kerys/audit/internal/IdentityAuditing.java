package org.kerys.audit.internal;

import java.util.LinkedHashMap;
import java.util.Map;

import org.kerys.audit.AuditLedger;
import org.kerys.identity.AccountChanged;
import org.kerys.identity.AccountCreated;
import org.kerys.identity.ApiTokenCreated;
import org.kerys.identity.InvitationRevoked;
import org.kerys.identity.InvitationSent;
import org.kerys.identity.MembershipChanged;
import org.kerys.identity.NodeClientRevoked;
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
		if (created.organizationIds().size() > 1) {
			details.put("organization_ids", created.organizationIds().stream().map(Object::toString).toList());
		}
		ledger.record(created.actor(), "node_client.created", "node_client", created.clientId(), AuditLedger.SUCCESS,
				details);
	}

	@EventListener
	void on(AccountCreated created) {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("how", created.how());
		details.put("platform_roles", created.platformRoles());
		ledger.record(created.actor(), "account.created", AuditLedger.ACCOUNT, created.accountId().toString(),
				AuditLedger.SUCCESS, details);
	}

	@EventListener
	void on(AccountChanged changed) {
		ledger.record(changed.actor(), "account." + changed.change(), AuditLedger.ACCOUNT,
				changed.accountId().toString(), AuditLedger.SUCCESS, changed.details() == null ? Map.of() : changed.details());
	}

	@EventListener
	void on(MembershipChanged changed) {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("organization_id", changed.organizationId().toString());
		details.put("role", changed.role() == null ? null : changed.role().code());
		details.put("via", changed.via());
		ledger.record(changed.actor(), changed.role() == null ? "membership.removed" : "membership.set",
				AuditLedger.ACCOUNT, changed.accountId().toString(), AuditLedger.SUCCESS, details);
	}

	@EventListener
	void on(NodeClientRevoked revoked) {
		ledger.record(revoked.actor(), "node_client.revoked", "node_client", revoked.clientId(), AuditLedger.SUCCESS,
				Map.of());
	}

	@EventListener
	void on(InvitationSent sent) {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("organization_id", sent.organizationId().toString());
		details.put("role", sent.role().code());
		details.put("expires_at", sent.expiresAt().toString());
		ledger.record(sent.actor(), "invitation.sent", "invitation", sent.invitationId().toString(),
				AuditLedger.SUCCESS, details);
	}

	@EventListener
	void on(InvitationRevoked revoked) {
		ledger.record(revoked.actor(), "invitation.revoked", "invitation", revoked.invitationId().toString(),
				AuditLedger.SUCCESS, Map.of("organization_id", revoked.organizationId().toString()));
	}
}
