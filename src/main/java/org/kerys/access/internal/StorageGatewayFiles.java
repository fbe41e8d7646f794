package org.kerys.access.internal;

import java.util.Optional;
import java.util.UUID;

import org.kerys.platform.ProblemException;
import org.kerys.storage.MediaFiles;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * {@link GatewayFiles} over storage's public API. Storage does not yet let another module read a stored file (its
 * {@code MediaFiles} only says whether one is stored): until it does ({@code MediaFiles.plain(mediaId)}, from the
 * encrypted-media work), a file the gateway would serve is answered {@code 503 KRS-503-GATEWAY-FILES}, after the
 * decision, the rate limits, the metering and the audit entry.
 */
@Component
class StorageGatewayFiles implements GatewayFiles {

	private final MediaFiles files;

	StorageGatewayFiles(MediaFiles files) {
		this.files = files;
	}

	@Override
	public Optional<GatewayFile> open(UUID mediaId) {
		if (!files.stored(mediaId)) {
			return Optional.empty();
		}
		throw new ProblemException(HttpStatus.SERVICE_UNAVAILABLE, "KRS-503-GATEWAY-FILES",
				"The gateway cannot read stored files yet.");
	}
}
