package org.kerys.storage.internal;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.kerys.platform.ProblemException;
import org.kerys.storage.MediaDescriptors;
import org.kerys.storage.MediaDescriptors.DeclaredMedia;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The public key producers encrypt a media's file for, at Kerys' address and at RUDI's
 * ({@code /apigateway/v1/encryption-key}, which RUDI nodes call); and, for administrators, a media's keys and their
 * rotation. Reading a public key needs no account, as in RUDI: it is public by nature, and a media gets a key pair
 * once, so anonymous calls cannot make more than the catalogue has media.
 */
@RestController
@Tag(name = "Media encryption")
class EncryptionKeyController {

	/** What RUDI's API gateway answers: the PEM file as a download. */
	private static final MediaType PEM = MediaType.parseMediaType("application/x-pem-file");

	private final MediaKeys keys;
	private final MediaDescriptors descriptors;

	EncryptionKeyController(MediaKeys keys, MediaDescriptors descriptors) {
		this.keys = keys;
		this.descriptors = descriptors;
	}

	@GetMapping("/api/v1/encryption-key")
	@Operation(summary = "Get the public key to encrypt a media's file for", description = """
			The media's current RSA public key (2048 bits), PEM-encoded SubjectPublicKeyInfo, made on the first \
			request. Encrypt as RUDI does: RSA-OAEP (SHA-256, MGF1-SHA-256) over the AES-256 key and the 12-byte IV, \
			then the AES-256-GCM ciphertext with its 128-bit tag; declare the media's file_type with '+crypt'. \
			400 KRS-400-MEDIA-ID for a missing or malformed id, 404 ERR-104 for an unknown media, 409 \
			KRS-409-NOT-A-FILE for a media that has no file.""",
			responses = @ApiResponse(responseCode = "200", content = @Content(mediaType = "application/x-pem-file",
					schema = @Schema(type = "string"))))
	ResponseEntity<String> publicKey(
			@Parameter(description = "the media's id (a UUID)") @RequestParam(name = "media-id", required = false) String mediaId) {
		return pem(current(mediaId), PEM);
	}

	@GetMapping("/apigateway/v1/encryption-key")
	@Operation(summary = "Get the public key to encrypt a media's file for (RUDI's address)", description = """
			As GET /api/v1/encryption-key, at the address and with the answer of RUDI's API gateway \
			(application/octet-stream, a PEM file), for RUDI producer nodes.""",
			responses = @ApiResponse(responseCode = "200", content = @Content(mediaType = "application/octet-stream",
					schema = @Schema(type = "string", format = "binary"))))
	ResponseEntity<String> rudiPublicKey(@RequestParam(name = "media-id", required = false) String mediaId) {
		return pem(current(mediaId), MediaType.APPLICATION_OCTET_STREAM);
	}

	@GetMapping("/api/admin/media/{media_id}/encryption-keys")
	@Operation(summary = "List a media's key pairs (administrators)", description = """
			Newest first: the first is the published one; older ones still open the files encrypted for them.""")
	List<KeyView> list(@PathVariable("media_id") String mediaId) {
		UUID id = fileMedia(mediaId).mediaId();
		return keys.publicKeys(id).stream().map(KeyView::of).toList();
	}

	@PostMapping("/api/admin/media/{media_id}/encryption-keys")
	@Operation(summary = "Rotate a media's key pair (administrators)", description = """
			Makes a new pair, which becomes the published one. Files already stored keep opening with the key they \
			were encrypted for; producers encrypt the next uploads for the new one.""")
	ResponseEntity<KeyView> rotate(@PathVariable("media_id") String mediaId) {
		UUID id = fileMedia(mediaId).mediaId();
		return ResponseEntity.status(HttpStatus.CREATED).body(KeyView.of(keys.rotate(id)));
	}

	private MediaKeys.PublicKey current(String mediaId) {
		if (mediaId == null || mediaId.isBlank()) {
			throw ProblemException.badRequest("KRS-400-MEDIA-ID", "Say which media: ?media-id=<uuid>.");
		}
		return keys.current(fileMedia(mediaId).mediaId());
	}

	private DeclaredMedia fileMedia(String raw) {
		UUID id = MediaIds.parse(raw);
		DeclaredMedia media = descriptors.declared(id)
				.orElseThrow(() -> ProblemException.notFound("ERR-104", "No media " + id + "."));
		if (!"FILE".equalsIgnoreCase(media.mediaType())) {
			throw new ProblemException(HttpStatus.CONFLICT, "KRS-409-NOT-A-FILE", "Media " + id + " is a "
					+ media.mediaType() + " media: only FILE media have a file to encrypt.");
		}
		return media;
	}

	private static ResponseEntity<String> pem(MediaKeys.PublicKey key, MediaType type) {
		return ResponseEntity.ok()
				.contentType(type)
				.header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + key.mediaId() + ".pem\"")
				.header("X-Kerys-Key-Id", key.keyId().toString())
				.header(HttpHeaders.CACHE_CONTROL, "no-cache")
				.body(key.pem());
	}

	/** A media's public key, as administrators see it. */
	record KeyView(@JsonProperty("key_id") UUID keyId, @JsonProperty("media_id") UUID mediaId,
			@JsonProperty("created_at") Instant createdAt, @JsonProperty("public_key_pem") String publicKeyPem) {

		static KeyView of(MediaKeys.PublicKey key) {
			return new KeyView(key.keyId(), key.mediaId(), key.createdAt(), key.pem());
		}
	}
}
