package org.kerys.catalog.internal.vocabulary;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;

import org.junit.jupiter.api.Test;
import org.kerys.catalog.internal.vocabulary.Vocabulary.Term;

class VocabularyTests {

	private final Vocabulary vocabulary = new Vocabulary();

	@Test
	void shouldKnowTheFourteenThemesOfRudi() {
		assertThat(vocabulary.terms("theme")).extracting(Term::code).containsExactly("economy", "citizenship",
				"energyNetworks", "culture", "transportation", "children", "environment", "townPlanning", "location",
				"education", "publicSpace", "health", "housing", "society");
		assertThat(vocabulary.terms("theme").get(0))
				.isEqualTo(new Term("theme", "economy", "Economie", "Economy",
						"https://fr.wikipedia.org/wiki/Économie_(discipline)", null));
		assertThat(vocabulary.isTheme("economy")).isTrue();
		assertThat(vocabulary.isTheme("Economie")).isFalse();
		assertThat(vocabulary.isTheme(null)).isFalse();
	}

	@Test
	void shouldFindAThemeByItsFrenchOrEnglishLabelIgnoringCaseAndAccents() {
		assertThat(vocabulary.themeForLabel("Economie")).contains("economy");
		assertThat(vocabulary.themeForLabel("  RÉSEAUX,   énergie ")).contains("energyNetworks");
		assertThat(vocabulary.themeForLabel("referentiels geographiques")).contains("location");
		assertThat(vocabulary.themeForLabel("Culture, Sports, Leisure")).contains("culture");
		assertThat(vocabulary.themeForLabel("Sante, securite")).contains("health");
		assertThat(vocabulary.themeForLabel("economy")).contains("economy");
		assertThat(vocabulary.themeForLabel("Astronomie")).isEmpty();
		assertThat(vocabulary.themeForLabel(null)).isEmpty();
	}

	@Test
	void shouldKnowTheLicencesButNotTheirGroups() {
		assertThat(vocabulary.terms("licence")).extracting(Term::code).containsExactlyInAnyOrder("public-domain-cc0",
				"gpl-3.0", "mit", "apache-2.0", "odbl-1.0", "etalab-1.0", "etalab-2.0", "cc-by-nd-4.0");
		assertThat(vocabulary.isLicence("odbl-1.0")).isTrue();
		assertThat(vocabulary.isLicence("open-source-licence")).isFalse();
		assertThat(vocabulary.terms("licence-group")).extracting(Term::code)
				.containsExactly("free-software-licence", "open-source-licence");
		assertThat(vocabulary.terms("licence")).filteredOn(term -> term.code().equals("odbl-1.0")).singleElement()
				.extracting(Term::parent).isEqualTo("open-source-licence");
	}

	@Test
	void shouldHaveNoClosedListOfKeywords() {
		// skos-keywords.json holds only themes: keywords stay free text, as the spec's Keyword type says
		assertThat(vocabulary.terms("keyword")).isEmpty();
		assertThat(vocabulary.terms("unknown")).isEmpty();
	}

	@Test
	void shouldLabelATermInTheRequestedLanguageAndFallBackToTheCode() {
		assertThat(vocabulary.label("theme", "transportation", Locale.FRENCH)).isEqualTo("Mobilité, Transport");
		assertThat(vocabulary.label("theme", "transportation", Locale.ENGLISH)).isEqualTo("Mobility, Transportation");
		assertThat(vocabulary.label("theme", "transportation", Locale.GERMAN)).isEqualTo("Mobilité, Transport");
		assertThat(vocabulary.label("licence", "etalab-2.0", Locale.ENGLISH)).isEqualTo("Etalab Open License 2.0");
		assertThat(vocabulary.label("keyword", "vélo", Locale.FRENCH)).isEqualTo("vélo");
		assertThat(vocabulary.label("theme", "astronomy", Locale.ENGLISH)).isEqualTo("astronomy");
		assertThat(vocabulary.label("nope", "x", null)).isEqualTo("x");
	}

	@Test
	void shouldBeImmutable() {
		assertThat(vocabulary.terms("theme")).isUnmodifiable();
	}
}
