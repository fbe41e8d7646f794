package org.kerys.identity.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/** The firewall's header rule without a regex accepts and refuses exactly what Spring Security's pattern does. */
class FirewallHeaderRuleTests {

	private static final Pattern SPRING_DEFAULT = Pattern.compile("[\\p{IsAssigned}&&[^\\p{IsControl}]]*");

	@Test
	void shouldDecideAsTheDefaultPattern() {
		List<String> values = List.of("", "Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln", "fr-FR,fr;q=0.9",
				"Vélo à Rennes — “ok” 😀", "tab\there", "new\nline", "cr\rhere", "nul\u0000", "del\u007f", "c1\u0085",
				"unassigned\u0378", "lone surrogate \ud800", "private use \ue000", "ZWJ \u200d");
		for (String value : values) {
			assertThat(SecurityConfiguration.assignedAndNotControl(value)).as(value)
					.isEqualTo(SPRING_DEFAULT.matcher(value).matches());
		}
		for (int c = 0; c <= 0x3000; c++) {
			String value = new String(Character.toChars(c));
			assertThat(SecurityConfiguration.assignedAndNotControl(value)).as("U+%04X", c)
					.isEqualTo(SPRING_DEFAULT.matcher(value).matches());
		}
	}
}
