package org.kerys.identity;

import java.util.Collection;
import java.util.UUID;

/**
 * The OAuth2 client credentials of producer nodes, for the module that registers nodes (federation): a client is
 * issued for a set of organisations and revoked with its node.
 */
public interface NodeCredentials {

	/** A new client: its id and its secret, which is shown this once (only its hash is kept). */
	record Issued(String clientId, String clientSecret) {
	}

	/**
	 * Issues a client-credentials client whose access tokens name these organisations ({@link AccessPolicy#ORGANIZATIONS_CLAIM}).
	 * The caller has checked the name and that the organisations exist.
	 */
	Issued issue(String name, Collection<UUID> organizationIds, String actor);

	/**
	 * A short-lived token (a JWT signed with the Kerys key, whose public half is at {@code /oauth2/jwks}) that Kerys
	 * sends with its calls to a node (integration reports), so that the node can check they come from its portal.
	 */
	String portalToken(String clientId);

	/** Revokes a client: it gets no new token and its tokens are refused from the next request on. Again is fine. */
	void revoke(String clientId, String actor);
}
