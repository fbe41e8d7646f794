package org.kerys.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;

import org.junit.jupiter.api.Test;
import org.kerys.TestHttp;
import org.springframework.context.support.ResourceBundleMessageSource;

/** The small pieces that turn messy RUDI metadata into page values, without a server. */
class ViewModelTests {

	@Test
	void shouldPickTheTextInThePageLanguageElseFrenchElseTheFirst() {
		var entries = TestHttp.parse("""
				[{"lang": "de", "text": "Deutsch"}, {"lang": "fr-FR", "text": "Français"}, {"lang": "en", "text": "English"}]""");
		assertThat(LocalizedText.pick(entries, Locale.ENGLISH)).isEqualTo(new LocalizedText("English", "en"));
		assertThat(LocalizedText.pick(entries, Locale.FRENCH)).isEqualTo(new LocalizedText("Français", "fr"));
		assertThat(LocalizedText.pick(TestHttp.parse("[{\"lang\": \"de\", \"text\": \"Deutsch\"}]"), Locale.ENGLISH))
				.isEqualTo(new LocalizedText("Deutsch", "de"));
		assertThat(LocalizedText.pick(TestHttp.parse("[{\"text\": \"  \"}]"), Locale.FRENCH)).isNull();
		assertThat(LocalizedText.pick(TestHttp.parse("{}"), Locale.FRENCH)).isNull();
	}

	@Test
	void shouldTidyTextsPastedFromWordProcessors() {
		var entries = TestHttp.parse("[{\"lang\": \"fr\", \"text\": \"Un   deux\\u00a0 trois\\n\\n\\n\\nQuatre \"}]");
		assertThat(LocalizedText.pick(entries, Locale.FRENCH).text()).isEqualTo("Un deux trois\n\nQuatre");
	}

	@Test
	void shouldOfferOnlyWebAndKerysLinks() {
		assertThat(Json.safeUrl("https://example.org/a.csv")).isEqualTo("https://example.org/a.csv");
		assertThat(Json.safeUrl("/api/v1/media/42")).isEqualTo("/api/v1/media/42");
		assertThat(Json.safeUrl("javascript:alert(1)")).isNull();
		assertThat(Json.safeUrl("JavaScript:alert(1)")).isNull();
		assertThat(Json.safeUrl("data:text/html,<script>")).isNull();
		assertThat(Json.safeUrl("//evil.example/x")).isNull();
		assertThat(Json.safeUrl("not a url")).isNull();
	}

	@Test
	void shouldReadSizesWrittenAsNumbersOrStrings() {
		assertThat(Json.number(TestHttp.parse("343687"))).isEqualTo(343687L);
		assertThat(Json.number(TestHttp.parse("\"343687\""))).isEqualTo(343687L);
		assertThat(Json.number(TestHttp.parse("\"beaucoup\""))).isNull();
		assertThat(Json.number(TestHttp.parse("null"))).isNull();
	}

	@Test
	void shouldWriteSizesForPeople() {
		Formats formats = new Formats(messages());
		assertThat(formats.size(0L, Locale.FRENCH)).isEqualTo("0 octets");
		assertThat(formats.size(999L, Locale.ENGLISH)).isEqualTo("999 bytes");
		assertThat(formats.size(343_687L, Locale.FRENCH)).isEqualTo("343,7 ko");
		assertThat(formats.size(1_234_567L, Locale.ENGLISH)).isEqualTo("1.2 MB");
		assertThat(formats.size(5_000_000_000L, Locale.FRENCH)).isEqualTo("5 Go");
		assertThat(formats.size(null, Locale.FRENCH)).isNull();
	}

	@Test
	void shouldReadRudiDatesAndKeepOthersAsWritten() {
		assertThat(When.of("2021-07-20T00:00:00.000Z", Locale.FRENCH)).isEqualTo(new When("2021-07-20", "20 juillet 2021"));
		assertThat(When.of("2018-02-19T08:18:43+00:00", Locale.ENGLISH)).isEqualTo(new When("2018-02-19", "February 19, 2018"));
		assertThat(When.of("2018-02-19", Locale.FRENCH).iso()).isEqualTo("2018-02-19");
		assertThat(When.of("2018-02-19T08:18:43", Locale.FRENCH).iso()).isEqualTo("2018-02-19");
		assertThat(When.of("printemps 2019", Locale.FRENCH)).isEqualTo(new When(null, "printemps 2019"));
		assertThat(When.of((String) null, Locale.FRENCH)).isNull();
	}

	@Test
	void shouldChooseTheLanguageFromAcceptLanguageElseFrench() {
		assertThat(PortalLocaleResolver.fromAcceptLanguage("en-US,en;q=0.9")).isEqualTo(Locale.ENGLISH);
		assertThat(PortalLocaleResolver.fromAcceptLanguage("de, en;q=0.3")).isEqualTo(Locale.ENGLISH);
		assertThat(PortalLocaleResolver.fromAcceptLanguage("fr-BE")).isEqualTo(Locale.FRENCH);
		assertThat(PortalLocaleResolver.fromAcceptLanguage("de")).isEqualTo(Locale.FRENCH);
		assertThat(PortalLocaleResolver.fromAcceptLanguage(null)).isEqualTo(Locale.FRENCH);
		assertThat(PortalLocaleResolver.fromAcceptLanguage(";;;q=x")).isEqualTo(Locale.FRENCH);
	}

	private static ResourceBundleMessageSource messages() {
		ResourceBundleMessageSource messages = new ResourceBundleMessageSource();
		messages.setBasename("messages");
		messages.setDefaultEncoding("UTF-8");
		messages.setFallbackToSystemLocale(false);
		return messages;
	}
}
