package org.kerys.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The links of the search page: each changes one thing and keeps the rest, encoded. */
class SearchLinksTests {

	static SearchLinks links(String... pairs) {
		Map<String, String[]> parameters = new LinkedHashMap<>();
		for (int i = 0; i < pairs.length; i += 2) {
			String[] before = parameters.getOrDefault(pairs[i], new String[0]);
			String[] after = java.util.Arrays.copyOf(before, before.length + 1);
			after[before.length] = pairs[i + 1];
			parameters.put(pairs[i], after);
		}
		return SearchLinks.of("/search", parameters);
	}

	@Test
	void shouldToggleAFacetValueAndRestartPaging() {
		SearchLinks page = links("q", "vélo & co", "theme", "mobility", "cursor", "abc", "lang", "en");
		assertThat(page.href()).isEqualTo("/search?q=v%C3%A9lo+%26+co&theme=mobility&cursor=abc");
		assertThat(page.toggle("theme", "culture").href())
				.isEqualTo("/search?q=v%C3%A9lo+%26+co&theme=mobility&theme=culture");
		assertThat(page.toggle("theme", "mobility").href()).isEqualTo("/search?q=v%C3%A9lo+%26+co");
	}

	@Test
	void shouldKeepEverythingButTheCursorWhenSorting() {
		SearchLinks page = links("q", "budget", "cursor", "abc", "sort", "title");
		assertThat(page.with("sort", "updated").href()).isEqualTo("/search?q=budget&sort=updated");
		assertThat(page.with("sort", null).href()).isEqualTo("/search?q=budget");
		assertThat(page.with("cursor", "next").href()).isEqualTo("/search?q=budget&cursor=next&sort=title");
	}

	@Test
	void shouldClearFiltersButKeepTheWords() {
		SearchLinks page = links("q", "budget", "theme", "economy", "bbox", "1,2,3,4", "producer", "p");
		assertThat(page.without(List.of("theme", "producer", "bbox")).href()).isEqualTo("/search?q=budget");
		assertThat(links().href()).isEqualTo("/search");
	}

	@Test
	void shouldIgnoreBlankAndRepeatedValues() {
		SearchLinks page = links("q", " ", "theme", "a", "theme", "a", "theme", "");
		assertThat(page.href()).isEqualTo("/search?theme=a");
		assertThat(page.first("q")).isNull();
	}
}
