package org.kerys.identity;

import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtException;

/**
 * Checks the tokens of the upstream portal this Kerys pushes its datasets to (node mode), which signs the
 * integration reports it sends back. Implemented by federation, which knows the upstream; identity makes a caller
 * whose token passes an {@link AccessPolicy#isUpstreamPortal upstream portal}.
 */
public interface UpstreamPortalTokens {

	/**
	 * The token's claims when the upstream signed it (a key of its JWKS) and it is valid for this Kerys.
	 *
	 * @throws JwtException otherwise, or when no upstream is configured
	 */
	Jwt decode(String token) throws JwtException;
}
