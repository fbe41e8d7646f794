package org.kerys.identity;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The OAuth2 client credentials of reuse projects, for the module that owns projects (access), which has checked
 * that the caller is a member of the project. A client's access tokens carry the project
 * ({@link AccessPolicy#PROJECT_CLAIM}); a revoked client's tokens are refused from the next request on.
 */
public interface ProjectCredentials {

	/** A client id and its secret, shown this once (only its hash is kept). */
	record Issued(String clientId, String clientSecret) {
	}

	/** A client as the project's members see it: never the secret. */
	record ProjectClient(@JsonProperty("client_id") String clientId, String name,
			@JsonProperty("created_at") OffsetDateTime createdAt, @JsonProperty("rotated_at") OffsetDateTime rotatedAt,
			@JsonProperty("revoked_at") OffsetDateTime revokedAt) {
	}

	/** A new client-credentials client for the project. */
	Issued issue(UUID projectId, String name, String actor);

	/** The project's clients, oldest first, revoked ones included. */
	List<ProjectClient> list(UUID projectId);

	/** A new secret for an active client of this project (the old one stops working); empty when there is none. */
	Optional<Issued> rotate(UUID projectId, String clientId, String actor);

	/** Revokes a client of this project (again is fine); false when the project has no such client. */
	boolean revoke(UUID projectId, String clientId, String actor);
}
