package org.kerys.identity.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

import org.junit.jupiter.api.Test;

/** Every text of the accounts pages and emails exists in both languages. */
class AccountMessagesTests {

	@Test
	void shouldHaveTheSameKeysInFrenchAndEnglish() throws IOException {
		Properties french = load("i18n/accounts.properties");
		Properties english = load("i18n/accounts_en.properties");
		assertThat(french).isNotEmpty();
		assertThat(english.stringPropertyNames()).containsExactlyInAnyOrderElementsOf(french.stringPropertyNames());
	}

	@Test
	void shouldWriteApostrophesAsTypographicOnes() throws IOException {
		// MessageFormat drops a plain apostrophe
		load("i18n/accounts.properties").forEach((key, value) -> assertThat((String) value).as((String) key)
				.doesNotContain("'"));
		load("i18n/accounts_en.properties").forEach((key, value) -> assertThat((String) value).as((String) key)
				.doesNotContain("'"));
	}

	private static Properties load(String name) throws IOException {
		Properties properties = new Properties();
		try (InputStream in = AccountMessagesTests.class.getResourceAsStream("/" + name)) {
			properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
		}
		return properties;
	}
}
