package org.kerys.identity.internal;

import java.util.Map;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The public part of the token signing key at {@code /.well-known/jwks.json}, where JWT libraries look for it
 * (the authorisation server publishes the same set at {@code /oauth2/jwks}).
 */
@RestController
@ConditionalOnWebApplication
@Tag(name = "OAuth2")
class JwksController {

	private final Map<String, Object> publicKeys;

	JwksController(RSAKey signingKey) {
		this.publicKeys = new JWKSet(signingKey).toPublicJWKSet().toJSONObject();
	}

	@GetMapping(path = "/.well-known/jwks.json", produces = "application/json")
	@Operation(summary = "The public keys that verify Kerys access tokens")
	Map<String, Object> keys() {
		return publicKeys;
	}
}
