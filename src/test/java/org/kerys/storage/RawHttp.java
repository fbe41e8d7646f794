package org.kerys.storage;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, for what {@link java.net.http.HttpClient} will not send: raw paths, a
 * Content-Length the body does not honour, a client that hangs up mid-body.
 */
final class RawHttp {

	private RawHttp() {
	}

	/** A status line, headers (lower-case names) and body text. */
	record Response(int status, Map<String, String> headers, String body) {
	}

	/** Sends the request head (plus {@code Connection: close}) and {@code body}, then reads the whole answer. */
	static Response exchange(int port, String head, byte[] body) {
		try (Socket socket = new Socket("localhost", port)) {
			socket.setSoTimeout(20_000);
			OutputStream out = socket.getOutputStream();
			out.write((head + "Host: localhost\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
			try {
				out.write(body);
				out.flush();
			}
			catch (IOException e) {
				// The server may answer and close before taking the whole body: read what it said.
			}
			return read(socket.getInputStream());
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	/** Sends the head and part of the body that it announces, and leaves the connection open for the caller to drop. */
	static Socket startUpload(int port, String head, byte[] partialBody) {
		try {
			Socket socket = new Socket("localhost", port);
			OutputStream out = socket.getOutputStream();
			out.write((head + "Host: localhost\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
			out.write(partialBody);
			out.flush();
			return socket;
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	/** Reads one answer: up to its Content-Length, its last chunk, or the end of the connection. */
	static Response read(InputStream in) throws IOException {
		ByteArrayOutputStream all = new ByteArrayOutputStream();
		byte[] buffer = new byte[8192];
		try {
			int n;
			while (!complete(all.toString(StandardCharsets.ISO_8859_1)) && (n = in.read(buffer)) != -1) {
				all.write(buffer, 0, n);
			}
		}
		catch (IOException e) {
			// A reset after the answer was sent still leaves the answer readable.
		}
		String text = all.toString(StandardCharsets.ISO_8859_1);
		int end = text.indexOf("\r\n\r\n");
		if (end < 0) {
			throw new IOException("No HTTP answer: '" + text + "'");
		}
		Map<String, String> headers = headers(text.substring(0, end));
		String body = text.substring(end + 4);
		if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
			body = unchunk(body);
		}
		return new Response(Integer.parseInt(text.substring(0, end).split(" ")[1]), headers, body);
	}

	// The server may keep the connection open after answering (to swallow an unread body): do not wait for its end.
	private static boolean complete(String text) {
		int end = text.indexOf("\r\n\r\n");
		if (end < 0) {
			return false;
		}
		Map<String, String> headers = headers(text.substring(0, end));
		String body = text.substring(end + 4);
		if (headers.containsKey("content-length")) {
			return body.length() >= Integer.parseInt(headers.get("content-length"));
		}
		if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
			return body.endsWith("0\r\n\r\n");
		}
		return false;
	}

	private static Map<String, String> headers(String head) {
		String[] lines = head.split("\r\n");
		Map<String, String> headers = new LinkedHashMap<>();
		for (int i = 1; i < lines.length; i++) {
			int colon = lines[i].indexOf(':');
			headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
		}
		return headers;
	}

	private static String unchunk(String body) {
		StringBuilder out = new StringBuilder();
		int at = 0;
		while (true) {
			int lineEnd = body.indexOf("\r\n", at);
			if (lineEnd < 0) {
				return out.toString();
			}
			int size = Integer.parseInt(body.substring(at, lineEnd).split(";")[0].trim(), 16);
			if (size == 0) {
				return out.toString();
			}
			out.append(body, lineEnd + 2, lineEnd + 2 + size);
			at = lineEnd + 2 + size + 2;
		}
	}
}
