package org.kerys.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

import org.junit.jupiter.api.Test;
import org.kerys.KerysProcess;
import org.kerys.KerysProcessTest;
import org.kerys.KerysProcess.CommandResult;
import org.kerys.RudiRecords;
import org.kerys.TestHttp;

/** {@code java -jar kerys.jar audit verify} on a data directory whose ledger is intact, then tampered with. */
class AuditCommandTests extends KerysProcessTest {

	@Test
	void shouldExitZeroWhenIntactAndOneWhenTampered() throws SQLException {
		kerys = KerysProcess.start(dataDir, "audit-command");
		TestHttp admin = TestHttp.admin(kerys.port());
		assertThat(admin.post("/api/v1/resources", RudiRecords.write(RudiRecords.open("Audité"))).status())
				.isEqualTo(201);
		assertThat(admin.post("/api/v1/resources", RudiRecords.write(RudiRecords.open("Audité 2"))).status())
				.isEqualTo(201);

		CommandResult intact = KerysProcess.command(dataDir, "audit", "verify");
		assertThat(intact.status()).as(intact.output()).isZero();
		assertThat(intact.output()).contains("Audit ledger intact:").contains("entries");

		long edited;
		try (Connection db = DriverManager.getConnection(
				"jdbc:postgresql://127.0.0.1:" + kerys.postgresPort() + "/postgres", "postgres", "");
				Statement sql = db.createStatement()) {
			db.setAutoCommit(false);
			var first = sql.executeQuery("select min(sequence) from audit_entries where action = 'dataset.created'");
			first.next();
			edited = first.getLong(1);
			sql.execute("alter table audit_entries disable trigger user");
			sql.executeUpdate("update audit_entries set actor = 'someone-else' where sequence = " + edited);
			sql.execute("alter table audit_entries enable trigger user");
			db.commit();
		}
		CommandResult beside = KerysProcess.command(dataDir, "audit", "verify");
		assertThat(beside.status()).as(beside.output()).isEqualTo(1);
		assertThat(beside.output()).contains("Audit ledger BROKEN at entry " + edited)
				.contains("entry " + edited + " was changed");

		kerys.stop();
		CommandResult alone = KerysProcess.command(dataDir, "audit", "verify");
		assertThat(alone.status()).as(alone.output()).isEqualTo(1);
		assertThat(alone.output()).contains("Audit ledger BROKEN at entry " + edited);

		CommandResult usage = KerysProcess.command(dataDir, "audit");
		assertThat(usage.status()).isEqualTo(2);
		assertThat(usage.output()).contains("Usage: java -jar kerys.jar audit verify");
	}
}
