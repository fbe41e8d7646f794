package org.kerys.federation.internal.ckan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Reading CKAN's q, fq and sort into Kerys' search, without a server. */
class CkanQueryTests {

	@Test
	void shouldMapEachFqFieldOntoASearchFilter() {
		CkanQuery query = CkanQuery.of("*:*", "organization:abc +tags:\"vélo libre\" AND groups:economy "
				+ "res_format:CSV license_id:etalab-2.0 tags:budget", null);
		assertThat(query.q()).isNull();
		assertThat(query.filters()).isEqualTo(Map.of("producer", List.of("abc"), "keyword",
				List.of("vélo libre", "budget"), "theme", List.of("economy"), "format", List.of("text/csv"),
				"licence", List.of("etalab-2.0")));
		assertThat(query.sort()).isEqualTo("relevance");
		assertThat(CkanQuery.of(null, "res_format:GEOJSON", null).filters().get("format"))
				.containsExactly("application/geo+json", "application/vnd.geo+json");
		assertThat(CkanQuery.of(null, "res_format:application/pdf", null).filters().get("format"))
				.containsExactly("application/pdf");
	}

	@Test
	void shouldMapTheSortOrders() {
		assertThat(CkanQuery.of("vélo", null, "metadata_modified desc").sort()).isEqualTo("updated");
		assertThat(CkanQuery.of("vélo", null, " Title_String   asc ").sort()).isEqualTo("title");
		assertThat(CkanQuery.of("vélo", null, "score desc,metadata_modified desc").sort()).isEqualTo("relevance");
		assertThat(CkanQuery.of("vélo", null, null).parameters(20, "c")).containsEntry("q", List.of("vélo"))
				.containsEntry("size", List.of("20")).containsEntry("cursor", List.of("c"));
	}

	@Test
	void shouldRefuseWhatItCannotMap() {
		assertThatThrownBy(() -> CkanQuery.of(null, "author:x", null)).isInstanceOf(CkanException.class)
				.hasMessageContaining("author");
		assertThatThrownBy(() -> CkanQuery.of(null, "tags:\"unclosed", null)).isInstanceOf(CkanException.class);
		assertThatThrownBy(() -> CkanQuery.of(null, "just words", null)).isInstanceOf(CkanException.class);
		assertThatThrownBy(() -> CkanQuery.of(null, null, "name asc")).isInstanceOf(CkanException.class);
	}
}
