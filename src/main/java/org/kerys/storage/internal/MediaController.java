package org.kerys.storage.internal;

import java.io.IOException;
import java.net.URI;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.kerys.platform.KerysProperties;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * {@code /api/v1/media/{media_id}}: a producer puts a media's file as the raw request body (any content type);
 * anyone gets the file of an open dataset's media. Writing needs an administrator (see the security configuration).
 */
@RestController
@RequestMapping("/api/v1/media")
@Tag(name = "Media files")
class MediaController {

	private final MediaUploads uploads;
	private final MediaDownloads downloads;
	private final String publicUrl;

	MediaController(MediaUploads uploads, MediaDownloads downloads, KerysProperties properties) {
		this.uploads = uploads;
		this.downloads = downloads;
		this.publicUrl = properties.publicUrl();
	}

	@PutMapping("/{media_id}")
	@Operation(summary = "Store a media's file", description = """
			The raw request body is the file (any content type; chunked or with Content-Length). It must match the \
			size and checksum (MD5, SHA-256 or SHA-512) the media declares, else 422 and nothing is kept. \
			201 for a first file, 200 for a replacement; 413 over KERYS_MEDIA_MAX_SIZE. A media declared '+crypt' takes \
			only a file encrypted for one of its keys (422 KRS-422-CRYPT-KEY) and whole (422 KRS-422-CRYPT-TAG).""",
			requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
					content = @Content(mediaType = "*/*", schema = @Schema(type = "string", format = "binary"))))
	ResponseEntity<StoredFile> upload(@PathVariable("media_id") String mediaId, HttpServletRequest request)
			throws IOException {
		UUID id = MediaIds.parse(mediaId);
		// The raw stream, not a converter: the body may be gigabytes and must never be held in memory.
		MediaUploads.Upload upload = uploads.store(id, request.getInputStream(), request.getContentLengthLong(),
				request.getContentType());
		MediaFile file = upload.file();
		URI url = url(MediaUploads.downloadPath(id));
		StoredFile body = new StoredFile(id, file.size(), file.sha256(), file.md5(), url.toString());
		return upload.created() ? ResponseEntity.created(url).body(body) : ResponseEntity.ok(body);
	}

	/** Also answers HEAD (Spring maps it onto GET), without the body. */
	@GetMapping("/{media_id}")
	@Operation(summary = "Get a media's file", description = """
			Streams the file with ETag (its SHA-256), Last-Modified and Content-Disposition; answers one byte \
			range (206, or 416), If-None-Match (304) and If-Range. Files of restricted datasets: administrators only. \
			A file uploaded encrypted (media declared '+crypt', docs/encryption.md) is served in clear, its integrity \
			checked before the first byte (500 KRS-500-CRYPT-INTEGRITY, nothing sent, when it was altered at rest).""",
			responses = @ApiResponse(responseCode = "200", content = @Content(mediaType = "*/*",
					schema = @Schema(type = "string", format = "binary"))))
	void download(@PathVariable("media_id") String mediaId, HttpServletRequest request, HttpServletResponse response)
			throws IOException {
		downloads.serve(MediaIds.parse(mediaId), request, response);
	}

	private URI url(String path) {
		if (publicUrl != null && !publicUrl.isBlank()) {
			return URI.create(publicUrl.replaceAll("/+$", "") + path);
		}
		return ServletUriComponentsBuilder.fromCurrentContextPath().path(path).build().toUri();
	}

	/** What an upload answers. */
	record StoredFile(@JsonProperty("media_id") UUID mediaId, long size, String sha256, String md5, String url) {
	}
}
