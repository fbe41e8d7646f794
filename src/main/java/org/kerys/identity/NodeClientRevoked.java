package org.kerys.identity;

/** A producer node's OAuth2 client was revoked: it gets no new access tokens. */
public record NodeClientRevoked(String actor, String clientId) {
}
