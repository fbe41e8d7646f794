package org.kerys.catalog.internal.vocabulary;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.kerys.KerysHttpTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

@KerysHttpTest
class VocabularySeederTests {

	@Autowired
	JdbcClient jdbc;

	@Autowired
	Vocabulary vocabulary;

	@Autowired
	VocabularySeeder seeder;

	@Test
	void shouldHaveSeededEveryTermAtStartUp() {
		assertThat(countsBySchemes()).containsExactlyInAnyOrderEntriesOf(
				Map.of("theme", 14L, "licence", 8L, "licence-group", 2L));
		assertThat(jdbc.sql("SELECT label_fr, label_en, uri, parent FROM vocabulary_terms WHERE scheme = 'licence' AND code = 'odbl-1.0'")
				.query((rs, row) -> rs.getString(1) + "|" + rs.getString(2) + "|" + rs.getString(3) + "|" + rs.getString(4))
				.single())
				.isEqualTo("Licence ODbL 1.0|Open Data Commons Open Database License 1.0|"
						+ "https://opendatacommons.org/licenses/odbl/1-0|open-source-licence");
	}

	@Test
	void shouldSeedAgainWithoutDuplicatesAndRepairChangedRows() {
		jdbc.sql("UPDATE vocabulary_terms SET label_en = 'stale' WHERE scheme = 'theme' AND code = 'economy'").update();

		seeder.seed();
		seeder.seed();

		assertThat(countsBySchemes().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(24L);
		assertThat(jdbc.sql("SELECT label_en FROM vocabulary_terms WHERE scheme = 'theme' AND code = 'economy'")
				.query(String.class).single()).isEqualTo("Economy");
	}

	private Map<String, Long> countsBySchemes() {
		Map<String, Long> counts = new TreeMap<>();
		jdbc.sql("SELECT scheme, count(*) FROM vocabulary_terms GROUP BY scheme")
				.query((rs, row) -> Map.entry(rs.getString(1), rs.getLong(2)))
				.list()
				.forEach(entry -> counts.put(entry.getKey(), entry.getValue()));
		return counts;
	}
}
