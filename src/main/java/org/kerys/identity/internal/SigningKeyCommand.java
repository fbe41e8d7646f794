package org.kerys.identity.internal;

import java.util.List;

import org.kerys.platform.Commands.KerysCommand;
import org.kerys.platform.KerysProperties;
import org.springframework.stereotype.Component;

/**
 * {@code java -jar kerys.jar signing-key rotate}: a new platform signing key (access tokens, consent receipts) in
 * {@code keys/jwt-signing.json}; the old one's public half goes to {@code keys/jwt-signing-retired/}, published in the
 * JWKS and accepted for what it signed. Safe beside running instances: they verify with the new key at once and sign
 * with their start-up key until they restart.
 */
@Component
class SigningKeyCommand implements KerysCommand {

	private final KerysProperties properties;

	SigningKeyCommand(KerysProperties properties) {
		this.properties = properties;
	}

	@Override
	public String name() {
		return "signing-key";
	}

	@Override
	public String usage() {
		return "signing-key rotate — a new key for access tokens and consent receipts; the old one keeps verifying";
	}

	@Override
	public int run(List<String> args) {
		if (args.size() != 1 || !"rotate".equals(args.get(0))) {
			System.err.println("Usage: " + usage());
			return 2;
		}
		SigningKey.Rotation rotation = SigningKey.rotate(properties.dataDir());
		System.out.println("New signing key " + rotation.current().getKeyID() + " in " + SigningKey.FILE
				+ (rotation.retiredKeyId() == null ? "" : "; key " + rotation.retiredKeyId() + " retired to "
						+ SigningKey.RETIRED + " (its public half: what it signed still verifies)"));
		System.out.println("Restart each running Kerys to sign with the new key; until then they still sign with the "
				+ "old one, which every instance accepts.");
		return 0;
	}
}
