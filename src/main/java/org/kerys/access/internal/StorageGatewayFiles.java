package org.kerys.access.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Optional;
import java.util.UUID;

import org.kerys.storage.MediaFiles;
import org.springframework.stereotype.Component;

/**
 * {@link GatewayFiles} over storage's public API: the file in clear ({@code MediaFiles.plain}), an encrypted one
 * decrypted on the way out after its tag was checked, in constant memory.
 */
@Component
class StorageGatewayFiles implements GatewayFiles {

	private final MediaFiles files;

	StorageGatewayFiles(MediaFiles files) {
		this.files = files;
	}

	@Override
	public Optional<GatewayFile> open(UUID mediaId) {
		return files.plain(mediaId).map(plain -> {
			// Before the gateway sets a header: a file altered at rest is a clean problem answer, not a response
			// that announced a Content-Length (no byte leaves before an encrypted file's tag is checked).
			plain.verify();
			return open(plain);
		});
	}

	private static GatewayFile open(MediaFiles.PlainFile plain) {
		return new GatewayFile() {
			@Override
			public long size() {
				return plain.size();
			}

			@Override
			public String contentType() {
				return plain.contentType();
			}

			@Override
			public String etag() {
				return plain.sha256();
			}

			@Override
			public void transfer(long first, long length, OutputStream out) throws IOException {
				plain.transfer(first, length, out);
			}
		};
	}
}
