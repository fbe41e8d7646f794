package org.kerys.selfdata.internal.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * RFC 4180 CSV, UTF-8 (a byte-order mark is skipped), with a header line; the separator (comma, semicolon or tab)
 * is the one the header uses most. Streams: one record in memory at a time.
 */
final class CsvRecords implements RecordReader {

	static final String COLUMNS = "KRS-STORE-COLUMNS";
	private static final int MAX_FIELD = 64 * 1024;

	private final Reader in;
	private final char[] buffer = new char[1 << 16];
	private int position;
	private int limit;
	private char separator;
	private final int[] wanted;
	private final int width;
	private final List<String> fields = new ArrayList<>();
	private final StringBuilder field = new StringBuilder();

	CsvRecords(InputStream stream, List<String> columns) throws IOException, Unreadable {
		this.in = new InputStreamReader(stream, StandardCharsets.UTF_8);
		fill();
		if (limit > 0 && buffer[0] == '\uFEFF') {
			position = 1;
		}
		this.separator = guessSeparator();
		if (!readRecord()) {
			throw new Unreadable("The file is empty: a CSV file starts with a header line.");
		}
		List<String> header = fields.stream().map(String::strip).toList();
		this.width = header.size();
		this.wanted = new int[columns.size()];
		List<String> missing = new ArrayList<>();
		for (int i = 0; i < columns.size(); i++) {
			wanted[i] = header.indexOf(columns.get(i));
			if (wanted[i] < 0) {
				missing.add(columns.get(i));
			}
		}
		if (!missing.isEmpty()) {
			throw new Unreadable("The header line has no column " + String.join(", ", missing) + ".");
		}
	}

	@Override
	public String[] next() throws BadRecord, Unreadable, IOException {
		if (!readRecord()) {
			return null;
		}
		if (fields.size() == 1 && fields.get(0).isEmpty() && width > 1) {
			return next(); // a blank line
		}
		if (fields.size() != width) {
			throw new BadRecord(null, COLUMNS, "This record has " + fields.size() + " fields, the header " + width + ".");
		}
		String[] values = new String[wanted.length];
		for (int i = 0; i < wanted.length; i++) {
			values[i] = fields.get(wanted[i]);
		}
		return values;
	}

	private char guessSeparator() {
		int commas = 0;
		int semicolons = 0;
		int tabs = 0;
		boolean quoted = false;
		for (int i = position; i < limit; i++) {
			char c = buffer[i];
			if (c == '"') {
				quoted = !quoted;
			}
			else if (!quoted && (c == '\n' || c == '\r')) {
				break;
			}
			else if (!quoted) {
				commas += c == ',' ? 1 : 0;
				semicolons += c == ';' ? 1 : 0;
				tabs += c == '\t' ? 1 : 0;
			}
		}
		return semicolons > commas && semicolons >= tabs ? ';' : tabs > commas ? '\t' : ',';
	}

	/** Reads one record into {@link #fields}; false at the end of the file. */
	private boolean readRecord() throws IOException, Unreadable {
		fields.clear();
		field.setLength(0);
		if (position >= limit && !fill()) {
			return false;
		}
		boolean quoted = false;
		boolean wasQuoted = false;
		while (true) {
			if (position >= limit && !fill()) {
				if (quoted) {
					throw new Unreadable("A quoted field is not closed before the end of the file.");
				}
				fields.add(field.toString());
				return true;
			}
			char c = buffer[position++];
			if (quoted) {
				if (c == '"') {
					if (position >= limit && !fill()) {
						quoted = false;
						continue;
					}
					if (buffer[position] == '"') {
						field.append('"');
						position++;
					}
					else {
						quoted = false;
					}
				}
				else {
					append(c);
				}
			}
			else if (c == separator) {
				fields.add(field.toString());
				field.setLength(0);
				wasQuoted = false;
			}
			else if (c == '\n' || c == '\r') {
				if (c == '\r' && (position < limit || fill()) && buffer[position] == '\n') {
					position++;
				}
				fields.add(field.toString());
				return true;
			}
			else if (c == '"' && field.length() == 0 && !wasQuoted) {
				quoted = true;
				wasQuoted = true;
			}
			else {
				append(c);
			}
		}
	}

	private void append(char c) throws Unreadable {
		if (field.length() >= MAX_FIELD) {
			throw new Unreadable("A field is longer than " + MAX_FIELD + " characters (an unclosed quote?).");
		}
		field.append(c);
	}

	private boolean fill() throws IOException {
		int n = in.read(buffer, 0, buffer.length);
		position = 0;
		limit = Math.max(n, 0);
		return n > 0;
	}

	@Override
	public void close() throws IOException {
		in.close();
	}
}
