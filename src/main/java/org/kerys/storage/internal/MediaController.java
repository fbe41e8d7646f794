package org.kerys.storage.internal;

import java.io.IOException;
import java.net.URI;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonProperty;
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
class MediaController {

	private final MediaUploads uploads;
	private final MediaDownloads downloads;
	private final String publicUrl;

	MediaController(MediaUploads uploads, MediaDownloads downloads, KerysProperties properties) {
		this.uploads = uploads;
		this.downloads = downloads;
		this.publicUrl = properties.publicUrl();
	}

	@PutMapping("/{mediaId}")
	ResponseEntity<StoredFile> upload(@PathVariable String mediaId, HttpServletRequest request) throws IOException {
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
	@GetMapping("/{mediaId}")
	void download(@PathVariable String mediaId, HttpServletRequest request, HttpServletResponse response)
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
