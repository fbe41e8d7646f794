package org.kerys.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.kerys.KerysProcess;
import org.kerys.KerysProcessTest;
import org.kerys.TestHttp;

/** {@code KERYS_DEMO=true} on an empty data directory: a real portal at once, loaded only once. */
class DemoModeTests extends KerysProcessTest {

	@Test
	void shouldLoadTheRennesCatalogueIntoAnEmptyDatabaseOnce() {
		kerys = KerysProcess.start(dataDir, "demo", "--kerys.demo=true");
		TestHttp http = TestHttp.anonymous(kerys.port());
		assertThat(http.get("/api/v1/resources?limit=1").json().get("total").asLong()).isEqualTo(387);
		assertThat(http.get("/api/v1/organizations").json().get("total").asLong()).isGreaterThanOrEqualTo(10);
		TestHttp.Answer home = http.get("/", "Accept", "text/html");
		assertThat(home.status()).isEqualTo(200);
		assertThat(home.body()).contains("387");
		kerys.stop();

		kerys = KerysProcess.start(dataDir, "demo-restart", "--kerys.demo=true");
		assertThat(TestHttp.anonymous(kerys.port()).get("/api/v1/resources?limit=1").json().get("total").asLong())
				.isEqualTo(387);
		assertThat(kerys.logTail(400)).contains("Demo mode: the catalogue already has datasets");
	}
}
