package org.kerys.storage.internal;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one byte range a {@code Range} header asks for (RFC 9110 §14), or {@link #UNSATISFIABLE}. A header this
 * class does not serve (several ranges, another unit, bad syntax) is ignored, as the RFC allows: the whole file goes.
 */
record ByteRange(long first, long last) {

	static final ByteRange UNSATISFIABLE = new ByteRange(-1, -1);

	private static final Pattern SINGLE = Pattern.compile("bytes=\\s*(\\d*)\\s*-\\s*(\\d*)\\s*");

	/** @return the range to send, {@link #UNSATISFIABLE}, or null to send the whole file */
	static ByteRange of(String header, long length) {
		if (header == null) {
			return null;
		}
		Matcher m = SINGLE.matcher(header.toLowerCase(Locale.ROOT));
		if (!m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) {
			return null;
		}
		if (m.group(1).isEmpty()) {
			long suffix = number(m.group(2));
			return suffix == 0 || length == 0 ? UNSATISFIABLE : new ByteRange(Math.max(0, length - suffix), length - 1);
		}
		long first = number(m.group(1));
		long last = m.group(2).isEmpty() ? Long.MAX_VALUE : number(m.group(2));
		if (last < first) {
			return null;
		}
		return first >= length ? UNSATISFIABLE : new ByteRange(first, Math.min(last, length - 1));
	}

	long length() {
		return last - first + 1;
	}

	String contentRange(long total) {
		return "bytes " + first + "-" + last + "/" + total;
	}

	private static long number(String digits) {
		// More digits than a long holds is still a (huge) position, not a syntax error.
		return digits.length() > 18 ? Long.MAX_VALUE : Long.parseLong(digits);
	}
}
