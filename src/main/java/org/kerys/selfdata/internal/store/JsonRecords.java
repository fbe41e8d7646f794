package org.kerys.selfdata.internal.store;

import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.json.JsonMapper;

/** A JSON array of flat objects (one per record), read token by token. */
final class JsonRecords implements RecordReader {

	static final String NOT_FLAT = "KRS-STORE-NOT-FLAT";
	private static final JsonMapper json = JsonMapper.builder().build();

	private final JsonParser parser;
	private final Map<String, int[]> wanted = new HashMap<>();
	private final int count;

	JsonRecords(InputStream in, List<String> columns) throws Unreadable {
		this.count = columns.size();
		for (int i = 0; i < columns.size(); i++) {
			int[] before = wanted.getOrDefault(columns.get(i), new int[0]);
			int[] indexes = java.util.Arrays.copyOf(before, before.length + 1);
			indexes[before.length] = i;
			wanted.put(columns.get(i), indexes);
		}
		try {
			this.parser = json.createParser(in);
			if (parser.nextToken() != JsonToken.START_ARRAY) {
				throw new Unreadable("The file must be a JSON array of objects.");
			}
		}
		catch (JacksonException e) {
			throw new Unreadable("The file is not well-formed JSON.");
		}
	}

	@Override
	public String[] next() throws BadRecord, Unreadable {
		try {
			JsonToken token = parser.nextToken();
			if (token == JsonToken.END_ARRAY) {
				return null;
			}
			if (token != JsonToken.START_OBJECT) {
				if (token != null && token.isStructStart()) {
					parser.skipChildren();
				}
				if (token == null) {
					throw new Unreadable("The JSON array is not closed.");
				}
				throw new BadRecord(null, NOT_FLAT, "Each item of the array must be an object.");
			}
			String[] values = new String[count];
			String nested = null;
			while ((token = parser.nextToken()) == JsonToken.PROPERTY_NAME) {
				String name = parser.currentName();
				token = parser.nextToken();
				int[] indexes = wanted.get(name);
				if (token.isStructStart()) {
					parser.skipChildren();
					if (indexes != null) {
						nested = name;
					}
				}
				else if (indexes != null && token != JsonToken.VALUE_NULL) {
					String value = parser.getString();
					for (int index : indexes) {
						values[index] = value;
					}
				}
			}
			if (token != JsonToken.END_OBJECT) {
				throw new Unreadable("The file is not well-formed JSON.");
			}
			if (nested != null) {
				throw new BadRecord(nested, NOT_FLAT, "A value must be a string, a number or a boolean.");
			}
			return values;
		}
		catch (JacksonException e) {
			throw new Unreadable("The file is not well-formed JSON (" + e.getOriginalMessage() + ").");
		}
	}

	@Override
	public void close() throws IOException {
		parser.close();
	}
}
