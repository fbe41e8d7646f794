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
	private final boolean recording;

	TextAnalyzer(boolean stem) {
		this(stem, false);
	}

	/**
	 * {@code recording}: the analyser of indexing, whose text fields also record their words for the field of all
	 * the words ({@link AllWords}); components are then kept per field, as only some fields record.
	 */
	TextAnalyzer(boolean stem, boolean recording) {
		super(recording ? PER_FIELD_REUSE_STRATEGY : GLOBAL_REUSE_STRATEGY);
		this.stem = stem;
		this.recording = recording;
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
		if (recording && AllWords.GATHERED.contains(fieldName)) {
			stream = AllWords.recording(stream);
		}
		return new TokenStreamComponents(source, stream);
	}

	@Override
	protected TokenStream normalize(String fieldName, TokenStream in) {
		return new ASCIIFoldingFilter(new LowerCaseFilter(in));
	}
}
