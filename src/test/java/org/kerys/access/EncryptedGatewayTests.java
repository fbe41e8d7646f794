package org.kerys.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.kerys.storage.RudiEncryption.encryptAsRudi;
import static org.kerys.storage.RudiEncryption.publicKey;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.UUID;


import org.junit.jupiter.api.Test;
import org.kerys.KerysHttpTest;
import org.kerys.RudiRecords;
import org.kerys.TestHttp;
import org.kerys.TestHttp.Answer;
import org.kerys.access.Reusers.Person;
import org.kerys.platform.KerysProperties;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.node.ObjectNode;

/**
 * A restricted dataset whose media is uploaded encrypted ({@code +crypt}) as a RUDI producer does it: the project's
 * client gets the plaintext through the gateway, whole and by range; once the blob is altered at rest, the answer
 * is a problem and carries no byte of the file.
 */
@KerysHttpTest
class EncryptedGatewayTests {

	@LocalServerPort
	int port;

	@Autowired
	KerysProperties properties;

	@Test
	void shouldDecryptThroughTheGatewayAndSendNothingOfAnAlteredFile() throws Exception {
		Reusers make = new Reusers(port);
		UUID producer = make.organization("Producteur");
		Person editor = make.person("editeur");
		make.member(producer, editor, "editor");
		Person reuser = make.person("reutilisateur");
		String project = make.project(reuser, "");

		// the producer declares the media, fetches its public key, encrypts, declares the ciphertext, uploads
		ObjectNode record = RudiRecords.open(Reusers.unique("Consommations"), producer, "Producteur", md5(new byte[1]), 1);
		((ObjectNode) record.at("/access_condition/confidentiality")).put("restricted_access", true);
		((ObjectNode) record.at("/available_formats/0")).put("file_type", "text/csv+crypt");
		TestHttp admin = TestHttp.admin(port);
		assertThat(admin.post("/api/v1/resources", RudiRecords.write(record)).status()).isEqualTo(201);
		String datasetId = record.get("global_id").asString();
		String mediaId = record.at("/available_formats/0/media_id").asString();
		Answer pem = TestHttp.anonymous(port).get("/api/v1/encryption-key?media-id=" + mediaId);
		assertThat(pem.status()).as(pem.body()).isEqualTo(200);
		byte[] plain = "date;compteur;kwh\n2026-11-29;PDL-0042;17.3\n".repeat(2_000).getBytes(StandardCharsets.UTF_8);
		byte[] crypt = encryptAsRudi(plain, publicKey(pem.body()));
		ObjectNode media = (ObjectNode) record.at("/available_formats/0");
		media.put("file_size", crypt.length);
		((ObjectNode) media.get("checksum")).put("hash", md5(crypt));
		Answer redeclared = admin.put("/api/v1/resources/" + datasetId, RudiRecords.write(record));
		assertThat(redeclared.status()).as(redeclared.body()).isEqualTo(200);
		Answer upload = admin.send(admin.request("/api/v1/media/" + mediaId).header("Content-Type", "text/csv+crypt")
				.PUT(HttpRequest.BodyPublishers.ofByteArray(crypt)));
		assertThat(upload.status()).as(upload.body()).isEqualTo(201);

		String request = make.request(reuser, project, datasetId);
		Answer accepted = editor.api(port).post("/api/access-requests/" + request + "/accept", "{}");
		assertThat(accepted.status()).as(accepted.body()).isEqualTo(201);
		String agreement = accepted.json().get("agreement_id").asString();
		Answer created = reuser.api(port).post("/api/projects/" + project + "/clients", "{}");
		String token = make.clientToken(created.json().get("client_id").asString(),
				created.json().get("client_secret").asString());
		String gateway = "/gateway/datasets/" + datasetId + "/media/" + mediaId;

		HttpResponse<byte[]> whole = download(gateway, token, null);
		assertThat(whole.statusCode()).isEqualTo(200);
		assertThat(whole.body()).isEqualTo(plain);
		assertThat(whole.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/csv"));
		assertThat(whole.headers().firstValueAsLong("Content-Length")).hasValue(plain.length);
		// a range of the plaintext, off the 16-byte blocks
		HttpResponse<byte[]> range = download(gateway, token, "bytes=40001-50017");
		assertThat(range.statusCode()).isEqualTo(206);
		assertThat(range.body()).isEqualTo(Arrays.copyOfRange(plain, 40_001, 50_018));
		assertThat(range.headers().firstValue("Content-Range")).hasValue("bytes 40001-50017/" + plain.length);
		// usage is written off the request thread, a few milliseconds after each call (group commit)
		long bytes = 0;
		for (int i = 0; i < 100 && bytes != plain.length + 10_017L; i++) {
			Thread.sleep(i == 0 ? 0 : 50);
			bytes = reuser.api(port).get("/api/agreements/" + agreement + "/usage").json().get("bytes").asLong();
		}
		assertThat(bytes).isEqualTo(plain.length + 10_017L);

		// the blob altered at rest: one bit of the ciphertext's body
		Path blob = blob(sha256(crypt));
		byte[] stored = Files.readAllBytes(blob);
		assertThat(stored).isEqualTo(crypt);
		byte[] altered = stored.clone();
		altered[256 + 30_000] ^= 0x01;
		Files.write(blob, altered);
		for (String asked : new String[] { null, "bytes=0-99" }) {
			HttpResponse<byte[]> refused = download(gateway, token, asked);
			assertThat(refused.statusCode()).as(asked).isEqualTo(500);
			assertThat(refused.headers().firstValue("Content-Type")).as(asked).hasValue("application/problem+json");
			assertThat(refused.headers().firstValue("Content-Range")).as(asked).isEmpty();
			assertThat(refused.headers().firstValue("ETag")).as(asked).isEmpty();
			// the body is the problem and nothing else: JSON whole, no line of the file
			String body = new String(refused.body(), StandardCharsets.UTF_8);
			var problem = TestHttp.parse(body);
			assertThat(problem.get("code").asString()).isEqualTo("KRS-500-CRYPT-INTEGRITY");
			assertThat(body).doesNotContain("PDL-0042").doesNotContain("compteur").hasSizeLessThan(1000);
		}
	}

	private HttpResponse<byte[]> download(String path, String token, String range) throws Exception {
		HttpRequest.Builder request = TestHttp.anonymous(port).request(path).header("Authorization", "Bearer " + token)
				.GET();
		if (range != null) {
			request.header("Range", range);
		}
		return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
	}

	private Path blob(String sha256) {
		return properties.dataDir().resolve("blobs").resolve("sha256").resolve(sha256.substring(0, 2))
				.resolve(sha256.substring(2, 4)).resolve(sha256);
	}

	private static String md5(byte[] bytes) throws Exception {
		return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
	}

	private static String sha256(byte[] bytes) throws Exception {
		return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
	}
}
