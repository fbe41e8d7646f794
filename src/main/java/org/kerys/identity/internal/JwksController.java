package org.kerys.identity.internal;

import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The platform's public keys at {@code /.well-known/jwks.json}, where JWT libraries look for them: the signing key,
 * and the retired ones that still verify ({@link PlatformKeySet}). The authorisation server's {@code /oauth2/jwks}
 * lists only the key that signs tokens now.
 */
@RestController
@ConditionalOnWebApplication
@Tag(name = "OAuth2")
class JwksController {

	private final PlatformKeySet keys;

	JwksController(PlatformKeySet keys) {
		this.keys = keys;
	}

	@GetMapping(path = "/.well-known/jwks.json", produces = "application/json")
	@Operation(summary = "The public keys that verify Kerys access tokens and signed documents", description = """
			The key Kerys signs with now first, then the keys retired by `java -jar kerys.jar signing-key rotate`: \
			tokens they signed verify until they expire, consent receipts for ever.""")
	Map<String, Object> keys() {
		return keys.published().toPublicJWKSet().toJSONObject();
	}
}
