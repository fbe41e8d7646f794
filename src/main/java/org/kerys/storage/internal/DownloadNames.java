package org.kerys.storage.internal;

import java.nio.charset.StandardCharsets;

/**
 * The {@code Content-Disposition} of a download: the media's name reduced to something no browser or shell
 * can misread (no path, no control character, no quote), with the exact UTF-8 name alongside (RFC 6266).
 */
final class DownloadNames {

	private static final int MAX_LENGTH = 200;
	private static final String HEX = "0123456789ABCDEF";

	private DownloadNames() {
	}

	static String attachment(String mediaName, String fallback) {
		String name = clean(mediaName);
		if (name.isEmpty()) {
			name = fallback;
		}
		String ascii = ascii(name);
		String header = "attachment; filename=\"" + ascii + "\"";
		return ascii.equals(name) ? header : header + "; filename*=UTF-8''" + encode(name);
	}

	private static String clean(String name) {
		if (name == null) {
			return "";
		}
		// Only the last segment of anything that looks like a path.
		String base = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
		StringBuilder out = new StringBuilder();
		base.codePoints()
				.filter(c -> !Character.isISOControl(c) && Character.getType(c) != Character.FORMAT)
				.forEach(out::appendCodePoint);
		String cleaned = out.toString().strip();
		while (cleaned.startsWith(".")) {
			cleaned = cleaned.substring(1);
		}
		return cleaned.length() > MAX_LENGTH ? cleaned.substring(0, MAX_LENGTH) : cleaned;
	}

	private static String ascii(String name) {
		StringBuilder out = new StringBuilder();
		name.chars().forEach(c -> out.append(c >= 0x20 && c < 0x7f && c != '"' && c != '\\' && c != '%' ? (char) c : '_'));
		return out.toString();
	}

	/** RFC 8187 encoding: attr-chars as they are, every other UTF-8 byte as %XX. */
	private static String encode(String name) {
		StringBuilder out = new StringBuilder();
		for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
			int c = b & 0xff;
			if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
					|| "!#$&+-.^_`|~".indexOf(c) >= 0) {
				out.append((char) c);
			}
			else {
				out.append('%').append(HEX.charAt(c >> 4)).append(HEX.charAt(c & 0xf));
			}
		}
		return out.toString();
	}
}
