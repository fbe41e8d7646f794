package org.kerys.search.internal;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.fr.FrenchAnalyzer;
import org.apache.lucene.analysis.fr.FrenchLightStemFilter;
import org.apache.lucene.analysis.miscellaneous.ASCIIFoldingFilter;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.analysis.util.ElisionFilter;

/**
 * One chain for French and English text: elision (l', d', qu'…), lower case, accent folding and, unless
 * {@code stem} is off (prefix suggestions), light French stemming, which also folds most English plurals: "velos"
 * and "vélo" both index as "velo".
 */
final class TextAnalyzer extends Analyzer {

	private final boolean stem;

	TextAnalyzer(boolean stem) {
		this.stem = stem;
	}

	@Override
	protected TokenStreamComponents createComponents(String fieldName) {
		Tokenizer source = new StandardTokenizer();
		TokenStream stream = new ElisionFilter(source, FrenchAnalyzer.DEFAULT_ARTICLES);
		stream = new LowerCaseFilter(stream);
		stream = new ASCIIFoldingFilter(stream);
		if (stem) {
			stream = new FrenchLightStemFilter(stream);
		}
		return new TokenStreamComponents(source, stream);
	}

	@Override
	protected TokenStream normalize(String fieldName, TokenStream in) {
		return new ASCIIFoldingFilter(new LowerCaseFilter(in));
	}
}
