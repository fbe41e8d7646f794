package org.kerys.selfdata.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import org.apache.tomcat.util.http.fileupload.FileItemIterator;
import org.apache.tomcat.util.http.fileupload.FileItemStream;
import org.apache.tomcat.util.http.fileupload.FileUpload;
import org.apache.tomcat.util.http.fileupload.FileUploadException;
import org.apache.tomcat.util.http.fileupload.UploadContext;
import org.kerys.platform.ProblemException;

/**
 * What the self-data pages share: reading a request form (URL-encoded, or multipart when it carries files: Kerys
 * parses no multipart body for the whole application, so this form's is read here, part by part, each file up to
 * the size allowed plus one byte). The pages' words for the services' problems are a
 * {@link org.kerys.platform.PageWords} ({@code i18n/selfdata-pages*}).
 */
final class PageForms {

	/** A form as posted: {@code matching.<code>} values, {@code attachments.<code>} files, other fields. */
	record Posted(Map<String, String> matching, List<Attachments.Attachment> files, Map<String, String> fields) {
	}

	private static final int MAX_FIELD = 16 * 1024;

	private PageForms() {
	}

	static Posted read(HttpServletRequest request, long maxFile) throws IOException {
		Map<String, String> matching = new LinkedHashMap<>();
		Map<String, String> fields = new LinkedHashMap<>();
		List<Attachments.Attachment> files = new ArrayList<>();
		String type = request.getContentType();
		if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
			request.getParameterMap().forEach((name, values) -> put(name, values.length == 0 ? "" : values[0], matching,
					fields));
			return new Posted(matching, files, fields);
		}
		try {
			FileItemIterator items = new FileUpload().getItemIterator(new Context(request));
			while (items.hasNext()) {
				FileItemStream item = items.next();
				try (InputStream in = item.openStream()) {
					if (item.isFormField()) {
						put(item.getFieldName(), new String(limited(in, MAX_FIELD), StandardCharsets.UTF_8), matching,
								fields);
					}
					else if (item.getFieldName() != null && item.getFieldName().startsWith("attachments.")) {
						byte[] content = limited(in, maxFile + 1);
						String name = item.getName() == null ? "" : item.getName().replaceAll(".*[/\\\\]", "");
						if (!name.isEmpty() || content.length > 0) {
							files.add(new Attachments.Attachment(item.getFieldName().substring("attachments.".length()),
									name.isEmpty() ? "file" : name,
									item.getContentType() == null ? "application/octet-stream" : item.getContentType(),
									content));
						}
					}
				}
			}
		}
		catch (FileUploadException e) {
			throw ProblemException.badRequest("KRS-400-FORM", "The form's multipart body is malformed.");
		}
		return new Posted(matching, files, fields);
	}

	private static void put(String name, String value, Map<String, String> matching, Map<String, String> fields) {
		if (name.startsWith("matching.")) {
			matching.put(name.substring("matching.".length()), value);
		}
		else if (!"_csrf".equals(name)) {
			fields.put(name, value);
		}
	}

	/** At most {@code limit} bytes (a larger file is then refused by the size check, never held whole). */
	private static byte[] limited(InputStream in, long limit) throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		byte[] buffer = new byte[8192];
		long left = limit;
		int read;
		while (left > 0 && (read = in.read(buffer, 0, (int) Math.min(buffer.length, left))) > 0) {
			out.write(buffer, 0, read);
			left -= read;
		}
		return out.toByteArray();
	}

	private record Context(HttpServletRequest request) implements UploadContext {

		@Override
		public long contentLength() {
			return request.getContentLengthLong();
		}

		@Override
		public String getCharacterEncoding() {
			return request.getCharacterEncoding() == null ? "UTF-8" : request.getCharacterEncoding();
		}

		@Override
		public String getContentType() {
			return request.getContentType();
		}

		@Override
		public InputStream getInputStream() throws IOException {
			return request.getInputStream();
		}
	}
}
