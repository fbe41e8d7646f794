package org.kerys.selfdata.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.kerys.KerysHttpTest;
import org.kerys.selfdata.internal.crypto.PersonalKeys;
import org.kerys.selfdata.store.StoreFixtures;
import org.kerys.selfdata.store.StorePagesTestSupport;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Requests a crash left behind are matched again by the sweep: one SUBMITTED whose matching never started, one
 * IN_PROGRESS whose matching was cut off (Kerys stopped while the producer answered); a request in progress for less
 * long than any matching lasts is left alone.
 */
@KerysHttpTest
class MatchingResumeTests {

	@LocalServerPort
	int port;

	@Autowired
	Requests requests;

	@Autowired
	PersonalKeys keys;

	@Autowired
	Matching matching;

	@Autowired
	JdbcClient jdbc;

	@Test
	void shouldResumeTheMatchingsACrashLeftBehind() {
		UUID dataset = StorePagesTestSupport.storeDataset(port);
		StoreFixtures make = new StoreFixtures(port);
		StoreFixtures.Person first = make.person("repris");
		StoreFixtures.Person second = make.person("interrompu");
		StoreFixtures.Person third = make.person("en-cours");
		UUID submitted = left(first, dataset, Requests.SUBMITTED, "10 minutes");
		UUID interrupted = left(second, dataset, Requests.IN_PROGRESS, "10 minutes");
		UUID running = left(third, dataset, Requests.IN_PROGRESS, "10 seconds");

		OffsetDateTime now = OffsetDateTime.now();
		assertThat(matching.sweep(now.minusMinutes(1), now.minusMinutes(5))).isGreaterThanOrEqualTo(2);

		for (var resumed : List.of(new Object[] { first, submitted }, new Object[] { second, interrupted })) {
			JsonNode request = ((StoreFixtures.Person) resumed[0]).api(port)
					.get("/api/selfdata/requests/" + resumed[1]).json();
			assertThat(request.get("status").asString()).as(request.toString()).isEqualTo("COMPLETED");
			assertThat(request.get("data_found").asBoolean()).isTrue();
		}
		JsonNode history = second.api(port).get("/api/selfdata/requests/" + interrupted).json().get("history");
		assertThat(history.findValuesAsString("message")).anyMatch(m -> m.contains("interrupted"));
		assertThat(third.api(port).get("/api/selfdata/requests/" + running).json().get("status").asString())
				.isEqualTo("IN_PROGRESS");
		assertThat(second.api(port).get("/api/selfdata/" + dataset + "/gdata").status()).isEqualTo(200);
	}

	/** A request of this person, with Dupont's values, left in this state since {@code ago}. */
	private UUID left(StoreFixtures.Person person, UUID dataset, String status, String ago) {
		UUID account = jdbc.sql("select id from accounts where login = ?").param(person.login()).query(UUID.class)
				.single();
		UUID id = UUID.randomUUID();
		byte[] values = "{\"card_number\": \"12345\", \"last_name\": \"Dupont\", \"birth_date\": \"1980-03-05\"}"
				.getBytes(StandardCharsets.UTF_8);
		requests.insert(id, dataset, null, account, "STORE", status, keys.seal(values, Requests.ad(id, "matching")));
		jdbc.sql("update selfdata_requests set updated_at = now() - cast(? as interval) where id = ?").params(ago, id)
				.update();
		return id;
	}
}
