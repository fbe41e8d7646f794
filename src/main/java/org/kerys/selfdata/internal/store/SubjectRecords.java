package org.kerys.selfdata.internal.store;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The records of one data subject, in the compact binary form that is sealed: per record its date (epoch day, or
 * none), its data values (canonical text) and its series values (NaN where empty).
 */
final class SubjectRecords {

	static final int NO_DATE = Integer.MIN_VALUE;

	/** One record. */
	record Row(int day, String[] data, double[] series) {

		LocalDate date() {
			return day == NO_DATE ? null : LocalDate.ofEpochDay(day);
		}
	}

	private SubjectRecords() {
	}

	static byte[] write(List<Row> rows) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + rows.size() * 48);
		try (DataOutputStream out = new DataOutputStream(bytes)) {
			out.writeByte(1);
			out.writeInt(rows.size());
			for (Row row : rows) {
				writeRow(out, row);
			}
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		return bytes.toByteArray();
	}

	static List<Row> read(byte[] sealedPlain) {
		try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(sealedPlain))) {
			if (in.readByte() != 1) {
				throw new IllegalStateException("Unknown format of sealed subject records.");
			}
			int count = in.readInt();
			List<Row> rows = new ArrayList<>(count);
			for (int i = 0; i < count; i++) {
				rows.add(readRow(in));
			}
			return rows;
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	static void writeRow(DataOutput out, Row row) throws IOException {
		out.writeInt(row.day());
		out.writeShort(row.data().length);
		for (String value : row.data()) {
			writeText(out, value);
		}
		out.writeShort(row.series().length);
		for (double value : row.series()) {
			out.writeDouble(value);
		}
	}

	static Row readRow(DataInput in) throws IOException {
		int day = in.readInt();
		String[] data = new String[in.readShort()];
		for (int i = 0; i < data.length; i++) {
			data[i] = readText(in);
		}
		double[] series = new double[in.readShort()];
		for (int i = 0; i < series.length; i++) {
			series[i] = in.readDouble();
		}
		return new Row(day, data, series);
	}

	static void writeText(DataOutput out, String value) throws IOException {
		if (value == null) {
			out.writeInt(-1);
			return;
		}
		byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
		out.writeInt(bytes.length);
		out.write(bytes);
	}

	static String readText(DataInput in) throws IOException {
		int length = in.readInt();
		if (length < 0) {
			return null;
		}
		byte[] bytes = new byte[length];
		in.readFully(bytes);
		return new String(bytes, StandardCharsets.UTF_8);
	}
}
