package org.kerys.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.kerys.KerysHttpTest;
import org.kerys.RudiRecords;
import org.kerys.TestHttp;
import org.kerys.TestHttp.Answer;
import org.kerys.access.Reusers.Person;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.node.ObjectNode;

/**
 * The whole path with a real file: project → request → the producer accepts → the project's client downloads
 * through the gateway (whole, and one range) → revocation → 403.
 */
@KerysHttpTest
class GatewayDownloadTests {

	@LocalServerPort
	int port;

	@Test
	void shouldStreamARestrictedFileToTheProjectUntilRevoked() throws Exception {
		Reusers make = new Reusers(port);
		UUID producer = make.organization("Producteur");
		Person editor = make.person("editeur");
		make.member(producer, editor, "editor");
		Person reuser = make.person("reutilisateur");
		String project = make.project(reuser, "");
		byte[] content = "horodatage;ligne;validations\n2026-11-29T08:00;C1;412\n".repeat(50)
				.getBytes(StandardCharsets.UTF_8);
		String md5 = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(content));
		ObjectNode record = RudiRecords.open(Reusers.unique("Validations"), producer, "Producteur", md5, content.length);
		((ObjectNode) record.at("/access_condition/confidentiality")).put("restricted_access", true);
		assertThat(TestHttp.admin(port).post("/api/v1/resources", RudiRecords.write(record)).status()).isEqualTo(201);
		String datasetId = record.get("global_id").asString();
		String mediaId = record.at("/available_formats/0/media_id").asString();
		TestHttp admin = TestHttp.admin(port);
		Answer upload = admin.send(admin.request("/api/v1/media/" + mediaId)
				.PUT(HttpRequest.BodyPublishers.ofByteArray(content)));
		assertThat(upload.status()).as(upload.body()).isEqualTo(201);

		String request = make.request(reuser, project, datasetId);
		String agreement = editor.api(port).post("/api/access-requests/" + request + "/accept", "{}").json()
				.get("agreement_id").asString();
		Answer created = reuser.api(port).post("/api/projects/" + project + "/clients", "{}");
		TestHttp client = make.bearer(make.clientToken(created.json().get("client_id").asString(),
				created.json().get("client_secret").asString()));
		String gateway = "/gateway/datasets/" + datasetId + "/media/" + mediaId;

		Answer whole = client.get(gateway);
		assertThat(whole.status()).as(whole.body()).isEqualTo(200);
		assertThat(whole.body()).isEqualTo(new String(content, StandardCharsets.UTF_8));
		assertThat(whole.header("Accept-Ranges")).isEqualTo("bytes");
		Answer range = client.get(gateway, "Range", "bytes=10-19");
		assertThat(range.status()).isEqualTo(206);
		assertThat(range.body()).isEqualTo(new String(content, 10, 10, StandardCharsets.UTF_8));
		assertThat(range.header("Content-Range")).isEqualTo("bytes 10-19/" + content.length);
		assertThat(client.get(gateway, "Range", "bytes=" + content.length + "-").status()).isEqualTo(416);
		var usage = reuser.api(port).get("/api/agreements/" + agreement + "/usage").json();
		assertThat(usage.get("bytes").asLong()).isEqualTo(content.length + 10);
		assertThat(usage.at("/statuses/200").asLong()).isEqualTo(1);
		assertThat(usage.at("/statuses/206").asLong()).isEqualTo(1);

		assertThat(editor.api(port).post("/api/agreements/" + agreement + "/revoke", "{}").status()).isEqualTo(200);
		Answer refused = client.get(gateway);
		assertThat(refused.status()).isEqualTo(403);
		assertThat(refused.json().get("code").asString()).isEqualTo("KRS-403-NO-AGREEMENT");
	}
}
