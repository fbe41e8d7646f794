package org.kerys;

import java.nio.file.Path;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;

/**
 * Base of the tests that run Kerys as a separate process ({@link KerysProcess}) on a data directory of their own
 * under {@code target/test-data}; whatever they started — Kerys, and the PostgreSQL a killed Kerys leaves — is
 * stopped after each test.
 */
@Tag("process")
public abstract class KerysProcessTest {

	protected final Path dataDir = Path.of("target", "test-data", getClass().getSimpleName() + "-" + UUID.randomUUID())
			.toAbsolutePath();

	protected KerysProcess kerys;

	@AfterEach
	void stopEverything() {
		if (kerys != null) {
			kerys.close();
			kerys.stopLeftoverPostgres();
		}
	}
}
