package org.kerys.access.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Optional;
import java.util.UUID;

/**
 * Where the gateway reads a media's file once it has decided the caller may have it: storage's stored files, in
 * clear (decrypted on the way out when uploaded encrypted). The gateway decides, meters and audits; this only reads.
 */
interface GatewayFiles {

	/** The media's stored file; empty when none was uploaded. */
	Optional<GatewayFile> open(UUID mediaId);

	interface GatewayFile {

		/** Bytes of the file as served. */
		long size();

		String contentType();

		/** A strong validator of the stored bytes. */
		String etag();

		/** Writes {@code length} bytes from {@code first}, in constant memory. */
		void transfer(long first, long length, OutputStream out) throws IOException;
	}
}
