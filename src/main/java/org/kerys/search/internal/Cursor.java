package org.kerys.search.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import org.apache.lucene.search.FieldDoc;
import org.apache.lucene.util.BytesRef;
import org.kerys.platform.ProblemException;

/**
 * The opaque position of a page: the sort values of its last hit, for Lucene's {@code searchAfter}, so that a deep
 * page costs what the first one does. Bound to the sort order it was made for.
 */
final class Cursor {

	private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
	private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

	private Cursor() {
	}

	static String encode(String sort, FieldDoc last) {
		StringBuilder out = new StringBuilder("v1|").append(sort);
		for (Object value : last.fields) {
			out.append('|');
			if (value == null) {
				out.append('n');
			}
			else if (value instanceof Float f) {
				out.append('f').append(Float.floatToIntBits(f));
			}
			else if (value instanceof Long l) {
				out.append('l').append(l);
			}
			else if (value instanceof BytesRef b) {
				out.append('b').append(ENCODER.encodeToString(BytesRef.deepCopyOf(b).bytes));
			}
			else {
				throw new IllegalStateException("Unexpected sort value " + value.getClass());
			}
		}
		return ENCODER.encodeToString(out.toString().getBytes(StandardCharsets.UTF_8));
	}

	static FieldDoc decode(String cursor, String sort, int fieldCount) {
		try {
			String[] parts = new String(DECODER.decode(cursor), StandardCharsets.UTF_8).split("\\|", -1);
			if (parts.length != fieldCount + 2 || !"v1".equals(parts[0]) || !sort.equals(parts[1])) {
				throw invalid();
			}
			List<Object> values = new ArrayList<>();
			for (int i = 2; i < parts.length; i++) {
				String part = parts[i];
				values.add(switch (part.isEmpty() ? ' ' : part.charAt(0)) {
					case 'n' -> null;
					case 'f' -> Float.intBitsToFloat(Integer.parseInt(part.substring(1)));
					case 'l' -> Long.parseLong(part.substring(1));
					case 'b' -> new BytesRef(DECODER.decode(part.substring(1)));
					default -> throw invalid();
				});
			}
			return new FieldDoc(0, Float.NaN, values.toArray());
		}
		catch (IllegalArgumentException e) {
			throw invalid();
		}
	}

	private static ProblemException invalid() {
		return ProblemException.badRequest("KRS-400-CURSOR",
				"The cursor is not one this search returned (or was made for another sort order).");
	}
}
