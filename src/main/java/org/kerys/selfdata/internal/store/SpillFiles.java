package org.kerys.selfdata.internal.store;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import javax.crypto.Cipher;
import javax.crypto.CipherInputStream;
import javax.crypto.CipherOutputStream;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Spreads an upload's records over partition files by their matching values, so that a subject's records meet in
 * one partition and can be grouped in memory one partition at a time, whatever the file's order. The files are
 * encrypted (AES-CTR) under a key that lives only in this object's memory: a crash leaves nothing readable on disk,
 * and they are deleted when the load ends.
 */
final class SpillFiles implements AutoCloseable {

	private static final SecureRandom random = new SecureRandom();

	private final Path directory;
	private final byte[] key = new byte[32];
	private final DataOutputStream[] outputs;
	private final long[] counts;

	SpillFiles(Path directory, int partitions) {
		this.directory = directory;
		random.nextBytes(key);
		this.outputs = new DataOutputStream[partitions];
		this.counts = new long[partitions];
		try {
			Files.createDirectories(directory);
			for (int i = 0; i < partitions; i++) {
				OutputStream file = Files.newOutputStream(directory.resolve(i + ".part"));
				outputs[i] = new DataOutputStream(
						new BufferedOutputStream(new CipherOutputStream(file, cipher(Cipher.ENCRYPT_MODE, i)), 1 << 16));
			}
		}
		catch (IOException e) {
			close();
			throw new UncheckedIOException(e);
		}
	}

	int partitions() {
		return outputs.length;
	}

	/** Adds a record of the subject whose normalised matching values are {@code subject}. */
	void add(String subject, SubjectRecords.Row row) throws IOException {
		int partition = Math.floorMod(subject.hashCode() * 0x9E3779B9, outputs.length);
		DataOutputStream out = outputs[partition];
		SubjectRecords.writeText(out, subject);
		SubjectRecords.writeRow(out, row);
		counts[partition]++;
	}

	/** Ends writing; partitions may then be read. */
	void finish() throws IOException {
		for (DataOutputStream out : outputs) {
			out.close();
		}
	}

	/** The records of one partition, grouped by subject (in order of first appearance). */
	Map<String, List<SubjectRecords.Row>> read(int partition) throws IOException {
		Map<String, List<SubjectRecords.Row>> subjects = new LinkedHashMap<>((int) Math.min(counts[partition], 1 << 24));
		InputStream file = Files.newInputStream(directory.resolve(partition + ".part"));
		try (DataInputStream in = new DataInputStream(
				new BufferedInputStream(new CipherInputStream(file, cipher(Cipher.DECRYPT_MODE, partition)), 1 << 16))) {
			for (long i = 0; i < counts[partition]; i++) {
				String subject = SubjectRecords.readText(in);
				subjects.computeIfAbsent(subject, s -> new java.util.ArrayList<>(4)).add(SubjectRecords.readRow(in));
			}
		}
		catch (EOFException e) {
			throw new IOException("A partition file of the upload is shorter than written.", e);
		}
		return subjects;
	}

	private Cipher cipher(int mode, int partition) {
		try {
			Cipher cipher = Cipher.getInstance("AES/CTR/NoPadding");
			byte[] iv = new byte[16];
			iv[0] = (byte) (partition >>> 24);
			iv[1] = (byte) (partition >>> 16);
			iv[2] = (byte) (partition >>> 8);
			iv[3] = (byte) partition;
			cipher.init(mode, new SecretKeySpec(key, "AES"), new IvParameterSpec(iv));
			return cipher;
		}
		catch (GeneralSecurityException e) {
			throw new IllegalStateException(e);
		}
	}

	@Override
	public void close() {
		for (DataOutputStream out : outputs) {
			if (out != null) {
				try {
					out.close();
				}
				catch (IOException e) {
					// deleting below
				}
			}
		}
		java.util.Arrays.fill(key, (byte) 0);
		try (Stream<Path> files = Files.walk(directory)) {
			files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
		}
		catch (IOException e) {
			// nothing left to read in them without the key
		}
	}
}
