package org.kerys.platform;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Kerys' own settings ({@code kerys.*}, or {@code KERYS_*} environment variables).
 *
 * @param dataDir where everything Kerys writes lives: embedded database, blobs, index, keys
 * @param db an external PostgreSQL; when its URL is empty Kerys runs an embedded one
 * @param adminPassword the password of the bootstrap {@code admin} account (random and logged once when empty)
 * @param demo load the Rennes demonstration catalogue into an empty database
 * @param mediaMaxSize the largest media file accepted by an upload
 * @param jsonMaxSize the largest JSON request body (bulk imports excepted: they are spooled to disk)
 * @param publicUrl the address users reach Kerys at, used in links written into metadata and emails
 * @param mailFrom the sender of the platform's emails
 */
@ConfigurationProperties("kerys")
public record KerysProperties(
		@DefaultValue("./kerys-data") Path dataDir,
		@DefaultValue Db db,
		String adminPassword,
		@DefaultValue("false") boolean demo,
		@DefaultValue("10GB") DataSize mediaMaxSize,
		@DefaultValue("16MB") DataSize jsonMaxSize,
		String publicUrl,
		@DefaultValue("Kerys <no-reply@localhost>") String mailFrom) {

	/** Connection to an external PostgreSQL (≥ 15). */
	public record Db(String url, String user, String password) {

		public boolean external() {
			return url != null && !url.isBlank();
		}
	}

	/** {@link #publicUrl} without a trailing slash, for building links. */
	public String baseUrl() {
		String url = publicUrl == null ? "" : publicUrl.strip();
		return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
	}

	public Path dataDir() {
		return dataDir.toAbsolutePath().normalize();
	}
}
