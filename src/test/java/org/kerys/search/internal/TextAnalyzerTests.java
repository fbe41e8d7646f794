package org.kerys.search.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.junit.jupiter.api.Test;

class TextAnalyzerTests {

	static List<String> terms(Analyzer analyzer, String text) throws IOException {
		List<String> out = new ArrayList<>();
		try (TokenStream stream = analyzer.tokenStream("f", text)) {
			CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
			stream.reset();
			while (stream.incrementToken()) {
				out.add(term.toString());
			}
			stream.end();
		}
		return out;
	}

	@Test
	void shouldFoldAccentsPluralsElisionsAndCase() throws IOException {
		Analyzer stemmed = new TextAnalyzer(true);
		assertThat(terms(stemmed, "Vélos")).isEqualTo(terms(stemmed, "velo"));
		assertThat(terms(stemmed, "Bibliothèques")).isEqualTo(terms(stemmed, "bibliotheque"));
		assertThat(terms(stemmed, "l'eau d’Ille")).isEqualTo(terms(stemmed, "eau ille"));
		assertThat(terms(stemmed, "Bus")).containsExactly("bus");
		assertThat(terms(stemmed, "Parkings")).isEqualTo(terms(stemmed, "parking"));
	}

	@Test
	void shouldKeepWholeWordsForSuggestions() throws IOException {
		assertThat(terms(new TextAnalyzer(false), "Qualité de l'Air")).containsExactly("qualite", "de", "air");
	}
}
