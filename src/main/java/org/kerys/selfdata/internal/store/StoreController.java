package org.kerys.selfdata.internal.store;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.apache.tomcat.util.http.fileupload.FileItemIterator;
import org.apache.tomcat.util.http.fileupload.FileItemStream;
import org.apache.tomcat.util.http.fileupload.FileUpload;
import org.apache.tomcat.util.http.fileupload.FileUploadException;
import org.apache.tomcat.util.http.fileupload.UploadContext;
import org.kerys.identity.AccessPolicy;
import org.kerys.platform.ProblemException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;

/**
 * A self-data dataset's built-in personal-data store, for its producer: upload (replace) and status. The multipart
 * body is read as it arrives (the file is never held whole in memory nor written as is to disk).
 */
@RestController
@Tag(name = "Self-data store", description = "The producer's personal records of a self-data dataset")
class StoreController {

	private final StoreUploads uploads;
	private final StoreRules rules;
	private final StoreGenerations generations;

	StoreController(StoreUploads uploads, StoreRules rules, StoreGenerations generations) {
		this.uploads = uploads;
		this.rules = rules;
		this.generations = generations;
	}

	@PutMapping("/api/selfdata/{datasetId}/store")
	@Operation(summary = "Replace the dataset's personal records", description = "multipart/form-data: the part "
			+ "'mapping' (JSON, first), then 'file' (CSV with a header line, or a JSON array of objects). All records "
			+ "or none: any bad record is reported (row, column, code) and nothing is replaced. See docs/selfdata-store.md.")
	Map<String, Object> upload(@PathVariable UUID datasetId, HttpServletRequest request) throws IOException {
		String type = request.getContentType();
		if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("multipart/form-data")) {
			rules.checkUpload(AccessPolicy.caller(), datasetId);
			throw new ProblemException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "KRS-415",
					"Send multipart/form-data with the parts 'mapping' and 'file'.");
		}
		FileItemIterator items;
		try {
			items = new FileUpload().getItemIterator(new ServletContext(request));
		}
		catch (FileUploadException e) {
			throw new ProblemException(HttpStatus.BAD_REQUEST, "KRS-400-STORE-PARTS", "The multipart body is malformed.");
		}
		StoreUploads.Parts parts = () -> {
			try {
				if (!items.hasNext()) {
					return null;
				}
				FileItemStream item = items.next();
				return new StoreUploads.Part(item.getFieldName(), item.getName(), item.getContentType(), item.openStream());
			}
			catch (FileUploadException e) {
				throw new ProblemException(HttpStatus.BAD_REQUEST, "KRS-400-STORE-PARTS",
						"The multipart body is malformed.");
			}
		};
		StoreUploads.Uploaded done = uploads.upload(AccessPolicy.caller(), datasetId, parts,
				request.getContentLengthLong());
		Map<String, Object> answer = new LinkedHashMap<>();
		answer.put("dataset_id", datasetId);
		answer.put("records", done.records());
		answer.put("subjects", done.subjects());
		answer.put("millis", done.millis());
		answer.put("records_per_second", done.millis() == 0 ? done.records() : done.records() * 1000 / done.millis());
		return answer;
	}

	@GetMapping("/api/selfdata/{datasetId}/store")
	@Operation(summary = "The state of the dataset's personal records", description = "Counts and who uploaded "
			+ "when; never a value. Members of the producer organisation only.")
	Map<String, Object> status(@PathVariable UUID datasetId) {
		rules.checkStatus(AccessPolicy.caller(), datasetId);
		Map<String, Object> answer = new LinkedHashMap<>();
		answer.put("dataset_id", datasetId);
		var status = generations.status(datasetId);
		answer.put("uploaded", status.isPresent());
		status.ifPresent(s -> {
			answer.put("records", s.records());
			answer.put("subjects", s.subjects());
			answer.put("uploaded_at", s.uploadedAt());
			answer.put("uploaded_by", s.uploadedBy());
			answer.put("switched_at", s.switchedAt());
		});
		return answer;
	}

	@ExceptionHandler(StoreUploads.Rejected.class)
	ResponseEntity<ProblemDetail> rejected(StoreUploads.Rejected e) {
		ProblemDetail body = ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_CONTENT, e.getMessage() + " "
				+ e.outcome.errorCount() + " problem(s)" + (e.outcome.errorCount() > e.outcome.errors().size()
						? ", the first " + e.outcome.errors().size() + " listed." : "."));
		body.setProperty("code", StoreUploads.ROWS);
		body.setProperty("error_count", e.outcome.errorCount());
		body.setProperty("errors", e.outcome.errors());
		return ResponseEntity.status(HttpStatus.UNPROCESSABLE_CONTENT).contentType(MediaType.APPLICATION_PROBLEM_JSON)
				.body(body);
	}

	/** The servlet request as the multipart parser reads it. */
	private record ServletContext(HttpServletRequest request) implements UploadContext {

		@Override
		public String getCharacterEncoding() {
			return request.getCharacterEncoding();
		}

		@Override
		public String getContentType() {
			return request.getContentType();
		}

		@Override
		public InputStream getInputStream() throws IOException {
			return request.getInputStream();
		}

		@Override
		public long contentLength() {
			return request.getContentLengthLong();
		}
	}
}
