package org.kerys.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.kerys.KerysHttpTest;
import org.kerys.RudiRecords;
import org.kerys.TestHttp;
import org.kerys.TestHttp.Answer;
import org.kerys.platform.KerysProperties;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

@KerysHttpTest
class MediaFilesApiTests {

	@LocalServerPort
	int port;

	@Autowired
	KerysProperties properties;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	MediaFiles mediaFiles;

	@Test
	void shouldServeLargeFilesAndLargeRangesWithoutCopyingThem() throws Exception {
		// above 64 KiB Tomcat sends the blob itself (sendfile): the bytes must still be exactly the file's
		byte[] content = bytes(300_000);
		Dataset dataset = dataset(content);
		assertThat(upload(dataset.mediaId(), content).status()).isEqualTo(201);
		HttpResponse<byte[]> whole = get(dataset.mediaId(), anonymous());
		assertThat(whole.body()).isEqualTo(content);
		HttpResponse<byte[]> range = HttpClient.newHttpClient().send(anonymous().request(path(dataset.mediaId()))
				.header("Range", "bytes=70000-269999").GET().build(), HttpResponse.BodyHandlers.ofByteArray());
		assertThat(range.statusCode()).isEqualTo(206);
		assertThat(range.body()).isEqualTo(java.util.Arrays.copyOfRange(content, 70_000, 270_000));
		assertThat(header(range, "Content-Range")).isEqualTo("bytes 70000-269999/300000");
	}

	@Test
	void shouldStoreAndServeAFile() throws Exception {
		byte[] content = bytes(100_000);
		Dataset dataset = dataset(content);

		Answer stored = upload(dataset.mediaId(), content);
		assertThat(stored.status()).isEqualTo(201);
		JsonNode body = stored.json();
		assertThat(body.get("media_id").asString()).isEqualTo(dataset.mediaId().toString());
		assertThat(body.get("size").asLong()).isEqualTo(content.length);
		assertThat(body.get("sha256").asString()).isEqualTo(sha256(content));
		assertThat(body.get("md5").asString()).isEqualTo(md5(content));
		assertThat(body.get("url").asString()).isEqualTo("http://localhost/api/v1/media/" + dataset.mediaId());
		assertThat(blob(sha256(content))).isRegularFile().hasBinaryContent(content);
		assertThat(temporaryFiles()).isEmpty();
		assertThat(mediaFiles.stored(dataset.mediaId())).isTrue();

		HttpResponse<byte[]> download = get(dataset.mediaId(), anonymous());
		assertThat(download.statusCode()).isEqualTo(200);
		assertThat(download.body()).isEqualTo(content);
		assertThat(header(download, "Content-Length")).isEqualTo(Integer.toString(content.length));
		assertThat(header(download, "ETag")).isEqualTo("\"" + sha256(content) + "\"");
		assertThat(header(download, "Content-Type")).isEqualTo("text/csv");
		assertThat(header(download, "Content-Disposition")).isEqualTo("attachment; filename=\"data.csv\"");
		assertThat(header(download, "Accept-Ranges")).isEqualTo("bytes");
		assertThat(header(download, "X-Content-Type-Options")).isEqualTo("nosniff");

		// The stored-file event reached the catalogue, which points the media's connector at Kerys.
		JsonNode record = anonymous().get("/api/v1/resources/" + dataset.globalId()).json();
		assertThat(record.at("/available_formats/0/connector/url").asString())
				.isEqualTo("http://localhost/api/v1/media/" + dataset.mediaId());
	}

	@Test
	void shouldStoreTheBodyWhateverItsContentType() {
		byte[] content = "name=value&other=1".getBytes(StandardCharsets.US_ASCII);
		for (String type : new String[] { "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
				"application/json" }) {
			Dataset dataset = dataset(content);
			TestHttp admin = TestHttp.admin(port);
			Answer answer = admin.send(admin.request(path(dataset.mediaId())).header("Content-Type", type)
					.PUT(HttpRequest.BodyPublishers.ofByteArray(content)));
			assertThat(answer.status()).as(type + ": " + answer.body()).isEqualTo(201);
			assertThat(get(dataset.mediaId(), anonymous()).body()).isEqualTo(content);
		}
		// Chunked, without Content-Length.
		Dataset dataset = dataset(content);
		TestHttp admin = TestHttp.admin(port);
		Answer chunked = admin.send(admin.request(path(dataset.mediaId()))
				.PUT(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(content))));
		assertThat(chunked.status()).isEqualTo(201);
	}

	@Test
	void shouldServeRangesValidatorsAndHead() {
		byte[] content = bytes(1000);
		Dataset dataset = dataset(content);
		assertThat(upload(dataset.mediaId(), content).status()).isEqualTo(201);
		String etag = "\"" + sha256(content) + "\"";

		HttpResponse<byte[]> range = get(dataset.mediaId(), anonymous().request(path(dataset.mediaId())).header("Range", "bytes=10-19"));
		assertThat(range.statusCode()).isEqualTo(206);
		assertThat(range.body()).isEqualTo(slice(content, 10, 20));
		assertThat(header(range, "Content-Range")).isEqualTo("bytes 10-19/1000");
		assertThat(header(range, "Content-Length")).isEqualTo("10");

		HttpResponse<byte[]> suffix = get(dataset.mediaId(), anonymous().request(path(dataset.mediaId())).header("Range", "bytes=-5"));
		assertThat(suffix.statusCode()).isEqualTo(206);
		assertThat(suffix.body()).isEqualTo(slice(content, 995, 1000));

		HttpResponse<byte[]> open = get(dataset.mediaId(), anonymous().request(path(dataset.mediaId())).header("Range", "bytes=990-"));
		assertThat(open.body()).isEqualTo(slice(content, 990, 1000));
		assertThat(header(open, "Content-Range")).isEqualTo("bytes 990-999/1000");

		HttpResponse<byte[]> unsatisfiable = get(dataset.mediaId(), anonymous().request(path(dataset.mediaId())).header("Range", "bytes=1000-"));
		assertThat(unsatisfiable.statusCode()).isEqualTo(416);
		assertThat(header(unsatisfiable, "Content-Range")).isEqualTo("bytes */1000");
		assertThat(new String(unsatisfiable.body(), StandardCharsets.UTF_8)).contains("KRS-416-RANGE");

		HttpResponse<byte[]> matching = get(dataset.mediaId(),
				anonymous().request(path(dataset.mediaId())).header("Range", "bytes=0-9").header("If-Range", etag));
		assertThat(matching.statusCode()).isEqualTo(206);
		HttpResponse<byte[]> stale = get(dataset.mediaId(),
				anonymous().request(path(dataset.mediaId())).header("Range", "bytes=0-9").header("If-Range", "\"" + sha256(bytes(3)) + "\""));
		assertThat(stale.statusCode()).isEqualTo(200);
		assertThat(stale.body()).isEqualTo(content);

		HttpResponse<byte[]> notModified = get(dataset.mediaId(), anonymous().request(path(dataset.mediaId())).header("If-None-Match", etag));
		assertThat(notModified.statusCode()).isEqualTo(304);
		assertThat(header(notModified, "ETag")).isEqualTo(etag);
		assertThat(notModified.body()).isEmpty();

		HttpResponse<byte[]> head = send(anonymous().request(path(dataset.mediaId()))
				.method("HEAD", HttpRequest.BodyPublishers.noBody()));
		assertThat(head.statusCode()).isEqualTo(200);
		assertThat(header(head, "Content-Length")).isEqualTo("1000");
		assertThat(header(head, "ETag")).isEqualTo(etag);
		assertThat(head.body()).isEmpty();
	}

	@Test
	void shouldRefuseAFileWhoseChecksumDiffersAndKeepNothing() {
		byte[] declared = bytes(5000);
		byte[] sent = bytes(5000);
		Dataset dataset = dataset(declared);

		Answer answer = upload(dataset.mediaId(), sent);
		assertThat(answer.status()).isEqualTo(422);
		assertThat(answer.json().get("code").asString()).isEqualTo("KRS-422-CHECKSUM");
		assertNothingKept(dataset.mediaId(), sent);
	}

	@Test
	void shouldVerifyASha256Checksum() {
		byte[] content = bytes(3000);
		ObjectNode record = RudiRecords.open("SHA-256 " + UUID.randomUUID(), UUID.randomUUID(), "Producteur", md5(content),
				content.length);
		ObjectNode checksum = (ObjectNode) record.at("/available_formats/0/checksum");
		checksum.put("algo", "SHA-256").put("hash", sha256(bytes(3000)).toUpperCase());
		Dataset dataset = create(record);
		assertThat(upload(dataset.mediaId(), content).json().get("code").asString()).isEqualTo("KRS-422-CHECKSUM");

		checksum.put("hash", sha256(content).toUpperCase());
		assertThat(TestHttp.admin(port).put("/api/v1/resources/" + dataset.globalId(), RudiRecords.write(record))
				.status()).isEqualTo(200);
		assertThat(upload(dataset.mediaId(), content).status()).isEqualTo(201);
	}

	@Test
	void shouldRefuseAFileWhoseSizeDiffersAndKeepNothing() {
		byte[] declared = bytes(2000);
		Dataset dataset = dataset(declared);

		byte[] shorter = slice(declared, 0, 1999);
		Answer answer = upload(dataset.mediaId(), shorter);
		assertThat(answer.status()).isEqualTo(422);
		assertThat(answer.json().get("code").asString()).isEqualTo("KRS-422-SIZE");
		assertNothingKept(dataset.mediaId(), shorter);

		// Chunked, so the size is only known by reading: reading stops past the declared size.
		byte[] longer = bytes(50_000);
		Answer chunked = TestHttp.admin(port).send(TestHttp.admin(port).request(path(dataset.mediaId()))
				.PUT(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(longer))));
		assertThat(chunked.status()).isEqualTo(422);
		assertThat(chunked.json().get("code").asString()).isEqualTo("KRS-422-SIZE");
		assertNothingKept(dataset.mediaId(), longer);
	}

	@Test
	void shouldRefuseABodyOverTheMaximumSizeBeforeReadingIt() {
		Dataset dataset = dataset(bytes(10));
		long tooLarge = properties.mediaMaxSize().toBytes() + 1;
		RawHttp.Response answer = RawHttp.exchange(port, "PUT " + path(dataset.mediaId()) + " HTTP/1.1\r\n"
				+ "Authorization: " + adminAuthorization() + "\r\nContent-Length: " + tooLarge + "\r\n", new byte[0]);
		assertThat(answer.status()).isEqualTo(413);
		assertThat(answer.body()).contains("KRS-413-TOO-LARGE");
		assertThat(temporaryFiles()).isEmpty();
	}

	@Test
	void shouldLeaveNothingWhenTheClientHangsUpMidUpload() throws Exception {
		byte[] content = bytes(1_000_000);
		Dataset dataset = dataset(content);
		try (Socket socket = RawHttp.startUpload(port, "PUT " + path(dataset.mediaId()) + " HTTP/1.1\r\nAuthorization: "
				+ adminAuthorization() + "\r\nContent-Length: " + content.length + "\r\n", slice(content, 0, 300_000))) {
			// The server is streaming the body to a temporary file when the client drops the connection.
			await(() -> !temporaryFiles().isEmpty());
		}
		await(() -> temporaryFiles().isEmpty());
		assertNothingKept(dataset.mediaId(), content);
	}

	@Test
	void shouldKeepNothingWhenTheMediaIsDeletedDuringTheUpload() throws Exception {
		byte[] content = bytes(400_000);
		Dataset dataset = dataset(content);
		RawHttp.Response answer;
		try (Socket socket = RawHttp.startUpload(port, "PUT " + path(dataset.mediaId()) + " HTTP/1.1\r\nAuthorization: "
				+ adminAuthorization() + "\r\nConnection: close\r\nContent-Length: " + content.length + "\r\n",
				slice(content, 0, 200_000))) {
			await(() -> !temporaryFiles().isEmpty());
			assertThat(TestHttp.admin(port).delete("/api/v1/resources/" + dataset.globalId()).status()).isEqualTo(204);
			socket.getOutputStream().write(slice(content, 200_000, content.length));
			answer = RawHttp.read(socket.getInputStream());
		}
		assertThat(answer.status()).isEqualTo(404);
		assertThat(answer.body()).contains("ERR-104");
		assertNothingKept(dataset.mediaId(), content);
	}

	@Test
	void shouldRefuseMediaIdsThatAreNotUuids() {
		for (String id : new String[] { "not-a-uuid", "1-2-3-4-5", "a%20b", "00000000-0000-0000-0000-00000000000g",
				"%E2%80%AE" }) {
			for (String method : new String[] { "PUT", "GET" }) {
				RawHttp.Response answer = rawUpload(method, id);
				assertThat(answer.status()).as(method + " " + id).isEqualTo(400);
				assertThat(answer.body()).as(method + " " + id).contains("\"code\":\"KRS-400-MEDIA-ID\"");
			}
		}
		// Encoded slashes and NUL never reach Kerys: Tomcat (or Spring Security's firewall) refuses them first.
		for (String id : new String[] { "..%2F..%2Fkerys.lock", "%2e%2e%2fkerys.lock", "%00", "..%252F..%252Fkerys.lock" }) {
			for (String method : new String[] { "PUT", "GET" }) {
				assertThat(rawUpload(method, id).status()).as(method + " " + id).isEqualTo(400);
			}
		}
		// Dot segments are resolved before routing: ".." is another path, which is not a media.
		for (String id : new String[] { "..", "%2e%2e", "../../kerys.lock" }) {
			assertThat(rawUpload("PUT", id).status()).as(id).isBetween(400, 499);
		}
		assertThat(temporaryFiles()).isEmpty();
	}

	private RawHttp.Response rawUpload(String method, String id) {
		return RawHttp.exchange(port, method + " /api/v1/media/" + id + " HTTP/1.1\r\nAuthorization: "
				+ adminAuthorization() + "\r\nContent-Length: 3\r\n", "abc".getBytes());
	}

	@Test
	void shouldAnswerNotFoundForUnknownMediaAndMediaWithoutFile() {
		UUID unknown = UUID.randomUUID();
		Answer put = upload(unknown, bytes(10));
		assertThat(put.status()).isEqualTo(404);
		assertThat(put.json().get("code").asString()).isEqualTo("ERR-104");
		assertThat(anonymous().get(path(unknown)).json().get("code").asString()).isEqualTo("ERR-104");

		Dataset dataset = dataset(bytes(10));
		Answer noFile = anonymous().get(path(dataset.mediaId()));
		assertThat(noFile.status()).isEqualTo(404);
		assertThat(noFile.json().get("code").asString()).isEqualTo("ERR-104");
		assertThat(mediaFiles.stored(dataset.mediaId())).isFalse();
	}

	@Test
	void shouldDescribeTheEndpointInOpenApi() {
		Answer docs = anonymous().get("/v3/api-docs");
		assertThat(docs.status()).isEqualTo(200);
		JsonNode media = docs.json().at("/paths/~1api~1v1~1media~1{media_id}");
		assertThat(media.has("put")).isTrue();
		assertThat(media.has("get")).isTrue();
	}

	@Test
	void shouldRefuseAnonymousUploads() {
		Dataset dataset = dataset(bytes(10));
		Answer answer = anonymous().send(anonymous().request(path(dataset.mediaId()))
				.PUT(HttpRequest.BodyPublishers.ofByteArray(bytes(10))));
		assertThat(answer.status()).isEqualTo(401);
		assertThat(answer.json().get("code").asString()).isEqualTo("KRS-401");
	}

	@Test
	void shouldRefuseFilesForServiceMedia() {
		ObjectNode record = RudiRecords.open("Service " + UUID.randomUUID());
		ObjectNode media = (ObjectNode) record.at("/available_formats/0");
		media.put("media_type", "SERVICE").put("api_documentation_url", "https://example.org/api");
		media.remove(List.of("file_type", "file_size", "checksum"));
		media.withObjectProperty("connector").put("interface_contract", "wfs");
		Dataset dataset = create(record);
		Answer answer = upload(dataset.mediaId(), bytes(10));
		assertThat(answer.status()).isEqualTo(409);
		assertThat(answer.json().get("code").asString()).isEqualTo("KRS-409-NOT-A-FILE");
	}

	@Test
	void shouldServeFilesOfRestrictedDatasetsOnlyToAdministrators() {
		byte[] content = bytes(100);
		ObjectNode record = RudiRecords.open("Restreint " + UUID.randomUUID(), UUID.randomUUID(), "Producteur",
				md5(content), content.length);
		((ObjectNode) record.at("/access_condition/confidentiality")).put("restricted_access", true);
		Dataset dataset = create(record);
		assertThat(upload(dataset.mediaId(), content).status()).isEqualTo(201);

		Answer anonymous = anonymous().get(path(dataset.mediaId()));
		assertThat(anonymous.status()).isEqualTo(403);
		assertThat(anonymous.json().get("code").asString()).isEqualTo("ERR-403");
		HttpResponse<byte[]> admin = get(dataset.mediaId(), TestHttp.admin(port).request(path(dataset.mediaId())));
		assertThat(admin.statusCode()).isEqualTo(200);
		assertThat(admin.body()).isEqualTo(content);
		assertThat(header(admin, "Cache-Control")).contains("no-store");
	}

	@Test
	void shouldRemoveTheOldBlobWhenAFileIsReplaced() {
		byte[] first = bytes(4000);
		byte[] second = bytes(6000);
		ObjectNode record = RudiRecords.open("Remplacement " + UUID.randomUUID(), UUID.randomUUID(), "Producteur",
				md5(first), first.length);
		Dataset dataset = create(record);
		assertThat(upload(dataset.mediaId(), first).status()).isEqualTo(201);
		assertThat(blob(sha256(first))).exists();

		ObjectNode media = (ObjectNode) record.at("/available_formats/0");
		media.put("file_size", second.length);
		((ObjectNode) media.get("checksum")).put("hash", md5(second));
		assertThat(TestHttp.admin(port).put("/api/v1/resources/" + dataset.globalId(), RudiRecords.write(record))
				.status()).isEqualTo(200);
		Answer replaced = upload(dataset.mediaId(), second);
		assertThat(replaced.status()).isEqualTo(200);
		assertThat(blob(sha256(first))).doesNotExist();
		assertThat(blob(sha256(second))).hasBinaryContent(second);
		assertThat(get(dataset.mediaId(), anonymous()).body()).isEqualTo(second);
	}

	@Test
	void shouldRemoveBlobsOfReleasedMediaOnceNoneUsesThem() {
		byte[] content = bytes(2500);
		Dataset one = dataset(content);
		Dataset two = dataset(content);
		assertThat(upload(one.mediaId(), content).status()).isEqualTo(201);
		assertThat(upload(two.mediaId(), content).status()).isEqualTo(201);

		// Deleting a dataset releases its media: the blob stays while the other media uses it.
		assertThat(TestHttp.admin(port).delete("/api/v1/resources/" + one.globalId()).status()).isEqualTo(204);
		assertThat(mediaFiles.stored(one.mediaId())).isFalse();
		assertThat(blob(sha256(content))).exists();

		assertThat(TestHttp.admin(port).delete("/api/v1/resources/" + two.globalId()).status()).isEqualTo(204);
		assertThat(mediaFiles.stored(two.mediaId())).isFalse();
		assertThat(blob(sha256(content))).doesNotExist();
		assertThat(rows(two.mediaId())).isZero();
	}

	// --- helpers

	record Dataset(UUID globalId, UUID mediaId) {
	}

	private Dataset dataset(byte[] declared) {
		return create(RudiRecords.open("Fichier " + UUID.randomUUID(), UUID.randomUUID(), "Producteur", md5(declared),
				declared.length));
	}

	private Dataset create(ObjectNode record) {
		Answer created = TestHttp.admin(port).post("/api/v1/resources", RudiRecords.write(record));
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		return new Dataset(UUID.fromString(record.get("global_id").asString()),
				UUID.fromString(record.at("/available_formats/0/media_id").asString()));
	}

	private Answer upload(UUID mediaId, byte[] content) {
		TestHttp admin = TestHttp.admin(port);
		return admin.send(admin.request(path(mediaId)).header("Content-Type", "text/csv")
				.PUT(HttpRequest.BodyPublishers.ofByteArray(content)));
	}

	private HttpResponse<byte[]> get(UUID mediaId, TestHttp http) {
		return get(mediaId, http.request(path(mediaId)));
	}

	private HttpResponse<byte[]> get(UUID mediaId, HttpRequest.Builder request) {
		return send(request.GET());
	}

	private static HttpResponse<byte[]> send(HttpRequest.Builder request) {
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

	private TestHttp anonymous() {
		return TestHttp.anonymous(port);
	}

	private static String path(UUID mediaId) {
		return "/api/v1/media/" + mediaId;
	}

	private static String header(HttpResponse<?> response, String name) {
		return response.headers().firstValue(name).orElse(null);
	}

	private void assertNothingKept(UUID mediaId, byte[] content) {
		assertThat(rows(mediaId)).isZero();
		assertThat(blob(sha256(content))).doesNotExist();
		assertThat(temporaryFiles()).isEmpty();
		assertThat(anonymous().get(path(mediaId)).status()).isEqualTo(404);
	}

	private static void await(BooleanSupplier condition) throws InterruptedException {
		long deadline = System.nanoTime() + 10_000_000_000L;
		while (!condition.getAsBoolean()) {
			assertThat(System.nanoTime()).as("waited 10 s").isLessThan(deadline);
			Thread.sleep(20);
		}
	}

	private long rows(UUID mediaId) {
		return jdbc.sql("select count(*) from media_files where media_id = ?").param(mediaId).query(Long.class).single();
	}

	private Path blob(String sha256) {
		return properties.dataDir().resolve("blobs/sha256").resolve(sha256.substring(0, 2))
				.resolve(sha256.substring(2, 4)).resolve(sha256);
	}

	private List<Path> temporaryFiles() {
		try (Stream<Path> files = Files.list(properties.dataDir().resolve("blobs/tmp"))) {
			return files.toList();
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	private static String adminAuthorization() {
		return "Bearer " + TestHttp.ADMIN_TOKEN;
	}

	private static final Random random = new Random();

	static byte[] bytes(int size) {
		byte[] bytes = new byte[size];
		random.nextBytes(bytes);
		return bytes;
	}

	static byte[] slice(byte[] bytes, int from, int to) {
		return Arrays.copyOfRange(bytes, from, to);
	}

	static String sha256(byte[] bytes) {
		return digest("SHA-256", bytes);
	}

	static String md5(byte[] bytes) {
		return digest("MD5", bytes);
	}

	private static String digest(String algorithm, byte[] bytes) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(bytes));
		}
		catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
	}
}
