package org.kerys.audit.internal;

import java.util.List;

import org.kerys.audit.AuditLedger;
import org.kerys.audit.AuditLedger.Verification;
import org.kerys.platform.Commands.KerysCommand;
import org.springframework.stereotype.Component;

/**
 * {@code java -jar kerys.jar audit verify}: verifies the ledger's hash chain and prints one line. Exit status 0 when
 * it holds, 1 when it is broken, 2 for a usage mistake.
 */
@Component
class AuditCommand implements KerysCommand {

	private final AuditLedger ledger;

	AuditCommand(AuditLedger ledger) {
		this.ledger = ledger;
	}

	@Override
	public String name() {
		return "audit";
	}

	@Override
	public String usage() {
		return "audit verify — check that no entry of the audit ledger was changed, removed or moved";
	}

	@Override
	public int run(List<String> args) {
		if (!args.equals(List.of("verify"))) {
			System.err.println("Usage: java -jar kerys.jar " + usage());
			return 2;
		}
		Verification result = ledger.verify();
		if (result.intact()) {
			System.out.printf("Audit ledger intact: %d entries, every hash and link verified.%n", result.entries());
			return 0;
		}
		System.out.printf("Audit ledger BROKEN at entry %d (of %d entries): %s.%n", result.firstBrokenSequence(),
				result.entries(), result.reason());
		return 1;
	}
}
