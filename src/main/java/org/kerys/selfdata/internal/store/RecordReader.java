package org.kerys.selfdata.internal.store;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * Reads an upload record by record (never the whole file in memory), giving the values of the columns the mapping
 * names, in the order asked.
 */
interface RecordReader extends Closeable {

	/** A fault in one record: the rest of the file can still be read. */
	final class BadRecord extends Exception {

		final String column;
		final String code;

		BadRecord(String column, String code, String message) {
			super(message, null, false, false);
			this.column = column;
			this.code = code;
		}
	}

	/** A fault after which nothing more of the file can be read (malformed CSV quoting, broken JSON). */
	final class Unreadable extends Exception {

		Unreadable(String message) {
			super(message, null, false, false);
		}
	}

	/**
	 * The next record's values of the asked columns (null where a record has no value), or null at the end.
	 *
	 * @throws BadRecord this record is malformed; the next call reads the next one
	 */
	String[] next() throws BadRecord, Unreadable, IOException;

	/** Which file format: CSV (comma, semicolon or tab, with a header line) or a JSON array of objects. */
	static RecordReader open(InputStream in, String filename, String contentType, List<String> columns)
			throws IOException, Unreadable {
		String name = filename == null ? "" : filename.toLowerCase(java.util.Locale.ROOT);
		String type = contentType == null ? "" : contentType.toLowerCase(java.util.Locale.ROOT);
		if (name.endsWith(".json") || type.contains("json")) {
			return new JsonRecords(in, columns);
		}
		return new CsvRecords(in, columns);
	}
}
