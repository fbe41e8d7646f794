package org.kerys;

import org.flywaydb.core.Flyway;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Test-only wiring. Against an external test database the schema is wiped before migrating, so each run
 * starts from nothing (the embedded database of a test JVM is new anyway).
 */
@TestConfiguration(proxyBeanMethods = false)
public class TestSupport {

	@Bean
	FlywayMigrationStrategy cleanExternalDatabase(@Value("${kerys.test.external-db:false}") boolean external) {
		return flyway -> {
			if (external) {
				Flyway.configure().configuration(flyway.getConfiguration()).cleanDisabled(false).load().clean();
			}
			flyway.migrate();
		};
	}
}
