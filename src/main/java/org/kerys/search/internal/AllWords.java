package org.kerys.search.internal;

import java.io.IOException;
import java.util.Arrays;
import java.util.Set;

import org.apache.lucene.analysis.TokenFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;

/**
 * The words of the field of all the words ({@link DatasetDocuments#ALL_TEXT}) without analysing the text twice: while
 * a document is indexed, the analysis of each text field it gathers also records its words (for the indexing thread),
 * and the field of all the words, the document's last, replays them. Indexing analyses about a third less text.
 *
 * <p>Lucene inverts a document's fields in their order, on the thread that adds it; {@link #begin()} starts each
 * document (before it is added), so a document that failed half-way leaves nothing to the next.
 */
final class AllWords {

	/** The text fields whose words the field of all the words gathers. */
	static final Set<String> GATHERED = Set.of(DatasetDocuments.TITLE, DatasetDocuments.SYNOPSIS,
			DatasetDocuments.SUMMARY, DatasetDocuments.KEYWORDS, DatasetDocuments.THEME_TEXT,
			DatasetDocuments.PRODUCER_NAME, DatasetDocuments.MEDIA);

	private static final ThreadLocal<Recorded> RECORDED = ThreadLocal.withInitial(Recorded::new);

	private AllWords() {
	}

	/** A new document is about to be added on this thread. */
	static void begin() {
		RECORDED.get().clear();
	}

	/** Records the words that {@code stream} emits, for the field of all the words. */
	static TokenStream recording(TokenStream stream) {
		return new Recording(stream);
	}

	/** The words recorded on this thread since {@link #begin()}, as the value of the field of all the words. */
	static TokenStream replay() {
		return new Replay();
	}

	/** The recorded words, one after another in a char array. */
	private static final class Recorded {
		char[] chars = new char[4096];
		int[] ends = new int[512];
		int size;

		void clear() {
			size = 0;
		}

		void add(char[] buffer, int length) {
			int start = size == 0 ? 0 : ends[size - 1];
			if (start + length > chars.length) {
				chars = Arrays.copyOf(chars, Math.max(chars.length * 2, start + length));
			}
			if (size == ends.length) {
				ends = Arrays.copyOf(ends, size * 2);
			}
			System.arraycopy(buffer, 0, chars, start, length);
			ends[size++] = start + length;
		}
	}

	private static final class Recording extends TokenFilter {
		private final CharTermAttribute term = addAttribute(CharTermAttribute.class);

		Recording(TokenStream input) {
			super(input);
		}

		@Override
		public boolean incrementToken() throws IOException {
			if (!input.incrementToken()) {
				return false;
			}
			RECORDED.get().add(term.buffer(), term.length());
			return true;
		}
	}

	private static final class Replay extends TokenStream {
		private final CharTermAttribute term = addAttribute(CharTermAttribute.class);
		private Recorded recorded;
		private int next;

		@Override
		public void reset() throws IOException {
			super.reset();
			recorded = RECORDED.get();
			next = 0;
		}

		@Override
		public boolean incrementToken() {
			if (recorded == null || next >= recorded.size) {
				return false;
			}
			clearAttributes();
			int start = next == 0 ? 0 : recorded.ends[next - 1];
			term.copyBuffer(recorded.chars, start, recorded.ends[next] - start);
			next++;
			return true;
		}

		@Override
		public void close() throws IOException {
			super.close();
			if (recorded != null) {
				recorded.clear();
				recorded = null;
			}
		}
	}
}
