package org.kerys.storage.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.kerys.storage.RudiEncryption.encryptAsRudi;
import static org.kerys.storage.RudiEncryption.publicKey;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;


import org.junit.jupiter.api.Test;
import org.kerys.KerysHttpTest;
import org.kerys.RudiRecords;
import org.kerys.TestHttp;
import org.kerys.TestHttp.Answer;
import org.kerys.platform.KerysProperties;
import org.kerys.platform.ProblemException;
import org.kerys.storage.MediaFiles;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.node.ObjectNode;

/**
 * Encrypted media through the real stack: the public key at Kerys' and RUDI's addresses, an upload encrypted as
 * RUDI does (by the committed WebCrypto vectors, and by a producer that fetched the key), the download in clear,
 * and every way a ciphertext can be altered, at upload and at rest.
 */
@KerysHttpTest
class EncryptedMediaTests {

	@LocalServerPort
	int port;

	@Autowired
	KerysProperties properties;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	MediaKeys keys;

	@Autowired
	MediaFiles mediaFiles;

	@Autowired
	MediaKeysCommand command;

	@Autowired
	MasterKeys masters;

	@Test
	void shouldPublishOnePublicKeyPerMediaAtKerysAndRudiAddresses() throws Exception {
		UUID mediaId = dataset(new byte[10]).mediaId();
		HttpResponse<String> kerys = get("/api/v1/encryption-key?media-id=" + mediaId);
		HttpResponse<String> rudi = get("/apigateway/v1/encryption-key?media-id=" + mediaId);
		assertThat(kerys.statusCode()).isEqualTo(200);
		assertThat(rudi.statusCode()).isEqualTo(200);
		assertThat(kerys.body()).startsWith("-----BEGIN PUBLIC KEY-----\n").endsWith("-----END PUBLIC KEY-----\n")
				.isEqualTo(rudi.body());
		assertThat(rudi.headers().firstValue("Content-Type")).hasValue("application/octet-stream");
		assertThat(((RSAPublicKey) publicKey(kerys.body())).getModulus().bitLength()).isEqualTo(2048);
		// the same key on every call: made once
		assertThat(get("/api/v1/encryption-key?media-id=" + mediaId).body()).isEqualTo(kerys.body());
		assertThat(keys.publicKeys(mediaId)).hasSize(1);
		// the private key is kept wrapped only, under a master key generated owner-only into the data directory
		byte[] wrapped = jdbc.sql("select wrapped_private_key from media_keys where media_id = :id")
				.param("id", mediaId).query(byte[].class).single();
		assertThat(HexFormat.of().formatHex(wrapped)).doesNotContain("020100300d06092a864886f70d0101010500");
		Path master = properties.dataDir().resolve(MasterKeys.FILE);
		assertThat(master).isRegularFile();
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(master))).isEqualTo("rw-------");
	}

	@Test
	void shouldRefuseBadMediaIdsWithStableCodes() {
		TestHttp anonymous = TestHttp.anonymous(port);
		for (String base : List.of("/api/v1/encryption-key", "/apigateway/v1/encryption-key")) {
			assertProblem(anonymous.get(base), 400, "KRS-400-MEDIA-ID");
			assertProblem(anonymous.get(base + "?media-id="), 400, "KRS-400-MEDIA-ID");
			assertProblem(anonymous.get(base + "?media-id=not-a-uuid"), 400, "KRS-400-MEDIA-ID");
			assertProblem(anonymous.get(base + "?media-id=" + UUID.randomUUID()), 404, "ERR-104");
		}
		assertThat(keys.publicKeys(UUID.randomUUID())).isEmpty();
	}

	@Test
	void shouldServeInClearTheVectorsOfAnIndependentImplementation() throws Exception {
		for (String id : List.of("rsa2048-validations-csv", "rsa2048-binary-300k", "rsa2048-empty",
				"rsa3072-validations-csv")) {
			CryptVectorsTests.Vector vector = CryptVectorsTests.vector(id);
			Dataset dataset = dataset(vector.crypt());
			keys.adopt(dataset.mediaId(), vector.pair());
			Answer stored = upload(dataset.mediaId(), vector.crypt());
			assertThat(stored.status()).as(id + ": " + stored.body()).isEqualTo(201);
			assertThat(stored.json().get("size").asLong()).isEqualTo(vector.crypt().length);
			// ciphertext at rest, as uploaded
			assertThat(blob(sha256(vector.crypt()))).hasBinaryContent(vector.crypt());

			HttpResponse<byte[]> download = download(dataset.mediaId(), null);
			assertThat(download.statusCode()).as(id).isEqualTo(200);
			assertThat(download.body()).as(id).isEqualTo(vector.plain());
			assertThat(download.headers().firstValue("Content-Type")).hasValue("text/csv");
			assertThat(download.headers().firstValueAsLong("Content-Length")).hasValue(vector.plain().length);
		}
		CryptVectorsTests.Vector vector = CryptVectorsTests.vector("rsa2048-binary-300k");
		Dataset dataset = dataset(vector.crypt());
		keys.adopt(dataset.mediaId(), vector.pair());
		assertThat(upload(dataset.mediaId(), vector.crypt()).status()).isEqualTo(201);
		// byte ranges of the plaintext, across the readers' buffer and off the 16-byte blocks
		HttpResponse<byte[]> range = download(dataset.mediaId(), "bytes=262137-270000");
		assertThat(range.statusCode()).isEqualTo(206);
		assertThat(range.body()).isEqualTo(Arrays.copyOfRange(vector.plain(), 262_137, 270_001));
		assertThat(range.headers().firstValue("Content-Range")).hasValue("bytes 262137-270000/300000");
		assertThat(download(dataset.mediaId(), "bytes=-7").body())
				.isEqualTo(Arrays.copyOfRange(vector.plain(), 299_993, 300_000));
		assertThat(download(dataset.mediaId(), "bytes=300000-").statusCode()).isEqualTo(416);
	}

	@Test
	void shouldTakeAFileEncryptedForTheFetchedKeyAndRefuseAlteredOnes() throws Exception {
		byte[] plain = "date;ligne;validations\n2024-01-02;C1;541\n".repeat(500).getBytes(StandardCharsets.UTF_8);
		// what a RUDI node does: declare the media, fetch its key, encrypt, declare the ciphertext's size and
		// checksum, upload
		Dataset dataset = dataset(new byte[1]);
		byte[] crypt = encryptAsRudi(plain, publicKey(get("/apigateway/v1/encryption-key?media-id=" + dataset.mediaId()).body()));
		redeclare(dataset, crypt);
		assertThat(upload(dataset.mediaId(), crypt).status()).isEqualTo(201);
		assertThat(download(dataset.mediaId(), null).body()).isEqualTo(plain);

		// a file encrypted for another media's key does not open
		Dataset other = dataset(crypt);
		assertProblem(upload(other.mediaId(), crypt), 422, "KRS-422-CRYPT-KEY");
		assertThat(mediaFiles.stored(other.mediaId())).isFalse();

		// each altered copy is declared with its own size and checksum, so that only the encryption is at fault
		for (String what : List.of("wrapped key", "body", "tag", "truncated", "in clear")) {
			Dataset altered = dataset(new byte[1]);
			byte[] good = encryptAsRudi(plain, publicKey(get("/api/v1/encryption-key?media-id=" + altered.mediaId()).body()));
			byte[] content = switch (what) {
				case "wrapped key" -> CryptVectorsTests.flip(good, 20);
				case "body" -> CryptVectorsTests.flip(good, 256 + 1000);
				case "tag" -> CryptVectorsTests.flip(good, good.length - 1);
				case "truncated" -> Arrays.copyOf(good, good.length - 5);
				default -> plain;
			};
			redeclare(altered, content);
			assertProblem(upload(altered.mediaId(), content), 422,
					what.equals("wrapped key") || what.equals("in clear") ? "KRS-422-CRYPT-KEY" : "KRS-422-CRYPT-TAG");
			assertThat(mediaFiles.stored(altered.mediaId())).as(what).isFalse();
		}
	}

	@Test
	void shouldSendNoByteOfAFileAlteredAtRest() throws Exception {
		byte[] plain = new byte[200_000];
		new SecureRandom().nextBytes(plain);
		for (String what : List.of("wrapped key", "body", "tag", "truncated")) {
			UUID mediaId = storedEncrypted(plain);
			String sha256 = jdbc.sql("select sha256 from media_files where media_id = :id").param("id", mediaId)
					.query(String.class).single();
			Path blob = blob(sha256);
			byte[] stored = Files.readAllBytes(blob);
			byte[] altered = switch (what) {
				case "wrapped key" -> CryptVectorsTests.flip(stored, 3);
				case "body" -> CryptVectorsTests.flip(stored, 256 + 150_000);
				case "tag" -> CryptVectorsTests.flip(stored, stored.length - 8);
				default -> Arrays.copyOf(stored, stored.length - 16);
			};
			Files.write(blob, altered);

			HttpResponse<byte[]> download = download(mediaId, null);
			assertThat(download.statusCode()).as(what).isEqualTo(500);
			assertThat(download.headers().firstValue("Content-Type")).as(what).hasValue("application/problem+json");
			String body = new String(download.body(), StandardCharsets.UTF_8);
			assertThat(body).as(what).contains("KRS-500-CRYPT-INTEGRITY").hasSizeLessThan(1000);
			assertThat(download.headers().firstValue("ETag")).as(what).isEmpty();
			// a range asks for the same check
			assertThat(download(mediaId, "bytes=0-9").statusCode()).as(what).isEqualTo(500);
			// through the storage API: the error comes before any byte is written
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			MediaFiles.PlainFile file = mediaFiles.plain(mediaId).orElseThrow();
			assertThatThrownBy(() -> file.transfer(0, Math.min(file.size(), 10), out))
					.isInstanceOfSatisfying(ProblemException.class,
							e -> assertThat(e.code()).isEqualTo("KRS-500-CRYPT-INTEGRITY"));
			assertThat(out.size()).as(what).isZero();
		}
	}

	@Test
	void shouldKeepOpeningOldFilesAfterAKeyRotationAndAMasterKeyRotation() throws Exception {
		byte[] plain = "avant la rotation\n".repeat(1000).getBytes(StandardCharsets.UTF_8);
		UUID before = storedEncrypted(plain);
		String oldKey = get("/api/v1/encryption-key?media-id=" + before).body();

		TestHttp admin = TestHttp.admin(port);
		assertProblem(TestHttp.anonymous(port).post("/api/admin/media/" + before + "/encryption-keys", "{}"), 401,
				"KRS-401");
		Answer rotated = admin.post("/api/admin/media/" + before + "/encryption-keys", "{}");
		assertThat(rotated.status()).as(rotated.body()).isEqualTo(201);
		String newKey = get("/api/v1/encryption-key?media-id=" + before).body();
		assertThat(newKey).isNotEqualTo(oldKey).isEqualTo(rotated.json().get("public_key_pem").asString());
		assertThat(admin.get("/api/admin/media/" + before + "/encryption-keys").json()).hasSize(2);
		// the file encrypted for the old key still opens
		assertThat(download(before, null).body()).isEqualTo(plain);

		// a new master key: every private key is rewrapped, both files still open
		String masterBefore = masters.current().id();
		assertThat(command.run(List.of("rotate-master"))).isZero();
		String masterAfter = masters.current().id();
		assertThat(masterAfter).isNotEqualTo(masterBefore);
		assertThat(jdbc.sql("select count(*) from media_keys where master_key_id <> :id").param("id", masterAfter)
				.query(Long.class).single()).isZero();
		assertThat(download(before, null).body()).isEqualTo(plain);
		assertThat(storedEncrypted(plain)).isNotNull();
		assertThat(command.run(List.of("nonsense"))).isEqualTo(2);
	}

	@Test
	void shouldKeepTheAccessRulesOfDownloadsForEncryptedFilesOfRestrictedDatasets() throws Exception {
		byte[] plain = "restreint\n".repeat(100).getBytes(StandardCharsets.UTF_8);
		Dataset dataset = dataset(new byte[1]);
		((ObjectNode) dataset.record().at("/access_condition/confidentiality")).put("restricted_access", true);
		byte[] crypt = encryptAsRudi(plain, publicKey(get("/api/v1/encryption-key?media-id=" + dataset.mediaId()).body()));
		redeclare(dataset, crypt);
		assertThat(upload(dataset.mediaId(), crypt).status()).isEqualTo(201);
		// anyone else goes through the gateway, which decides; administrators (and the producer's members) here
		HttpResponse<byte[]> anonymous = download(dataset.mediaId(), null);
		assertThat(anonymous.statusCode()).isEqualTo(403);
		assertThat(new String(anonymous.body(), StandardCharsets.UTF_8)).doesNotContain("restreint");
		HttpResponse<byte[]> admin = HttpClient.newHttpClient().send(TestHttp.admin(port)
				.request("/api/v1/media/" + dataset.mediaId()).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
		assertThat(admin.statusCode()).isEqualTo(200);
		assertThat(admin.body()).isEqualTo(plain);
		assertThat(admin.headers().firstValue("Cache-Control")).hasValue("private, no-store");
	}

	// --- helpers

	/** A media declared {@code text/csv+crypt} with a file encrypted for its key, stored. */
	private UUID storedEncrypted(byte[] plain) throws Exception {
		Dataset dataset = dataset(new byte[1]);
		byte[] crypt = encryptAsRudi(plain, publicKey(get("/api/v1/encryption-key?media-id=" + dataset.mediaId()).body()));
		redeclare(dataset, crypt);
		Answer stored = upload(dataset.mediaId(), crypt);
		assertThat(stored.status()).as(stored.body()).isEqualTo(201);
		assertThat(download(dataset.mediaId(), null).body()).isEqualTo(plain);
		return dataset.mediaId();
	}

	record Dataset(UUID globalId, UUID mediaId, ObjectNode record) {
	}

	private Dataset dataset(byte[] declared) {
		ObjectNode record = RudiRecords.open("Chiffré " + UUID.randomUUID(), UUID.randomUUID(), "Producteur",
				md5(declared), declared.length);
		((ObjectNode) record.at("/available_formats/0")).put("file_type", "text/csv+crypt");
		Answer created = TestHttp.admin(port).post("/api/v1/resources", RudiRecords.write(record));
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		return new Dataset(UUID.fromString(record.get("global_id").asString()),
				UUID.fromString(record.at("/available_formats/0/media_id").asString()), record);
	}

	/** The media now declares the size and checksum of this content (the ciphertext). */
	private void redeclare(Dataset dataset, byte[] content) {
		ObjectNode media = (ObjectNode) dataset.record().at("/available_formats/0");
		media.put("file_size", content.length);
		((ObjectNode) media.get("checksum")).put("hash", md5(content));
		Answer updated = TestHttp.admin(port).put("/api/v1/resources/" + dataset.globalId(),
				RudiRecords.write(dataset.record()));
		assertThat(updated.status()).as(updated.body()).isEqualTo(200);
	}

	private Answer upload(UUID mediaId, byte[] content) {
		TestHttp admin = TestHttp.admin(port);
		return admin.send(admin.request("/api/v1/media/" + mediaId).header("Content-Type", "text/csv+crypt")
				.PUT(HttpRequest.BodyPublishers.ofByteArray(content)));
	}

	private HttpResponse<byte[]> download(UUID mediaId, String range) {
		HttpRequest.Builder request = TestHttp.anonymous(port).request("/api/v1/media/" + mediaId).GET();
		if (range != null) {
			request.header("Range", range);
		}
		try {
			return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(e);
		}
	}

	private HttpResponse<String> get(String path) {
		try {
			return HttpClient.newHttpClient().send(TestHttp.anonymous(port).request(path).GET().build(),
					HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(e);
		}
	}

	private Path blob(String sha256) {
		return properties.dataDir().resolve("blobs").resolve("sha256").resolve(sha256.substring(0, 2))
				.resolve(sha256.substring(2, 4)).resolve(sha256);
	}

	private static void assertProblem(Answer answer, int status, String code) {
		assertThat(answer.status()).as(answer.body()).isEqualTo(status);
		assertThat(answer.json().get("code").asString()).as(answer.body()).isEqualTo(code);
	}

	private static String md5(byte[] bytes) {
		return digest("MD5", bytes);
	}

	private static String sha256(byte[] bytes) {
		return digest("SHA-256", bytes);
	}

	private static String digest(String algorithm, byte[] bytes) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(bytes));
		}
		catch (Exception e) {
			throw new IllegalStateException(e);
		}
	}
}
