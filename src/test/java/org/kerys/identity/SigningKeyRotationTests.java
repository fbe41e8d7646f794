package org.kerys.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.kerys.KerysProcess;
import org.kerys.KerysProcess.CommandResult;
import org.kerys.KerysProcessTest;
import org.kerys.TestHttp;
import org.kerys.TestHttp.Answer;

import tools.jackson.databind.JsonNode;

/**
 * {@code java -jar kerys.jar signing-key rotate} beside a running Kerys: the node token signed before still works,
 * before and after a restart; after the restart new tokens carry the new key; the JWKS lists both keys.
 */
class SigningKeyRotationTests extends KerysProcessTest {

	@Test
	void shouldRotateTheSigningKeyWithoutBreakingTokens() throws Exception {
		kerys = KerysProcess.start(dataDir, "signing-key");
		String[] client = nodeClient(kerys.port());
		String before = token(kerys.port(), client);
		String firstKey = keyId(before);
		assertThat(keyIds(kerys.port())).containsExactly(firstKey);
		assertThat(accepted(kerys.port(), before)).isTrue();

		CommandResult rotated = KerysProcess.command(dataDir, "signing-key", "rotate");
		assertThat(rotated.status()).as(rotated.output()).isZero();
		assertThat(rotated.output()).contains("New signing key").contains(firstKey + " retired");
		assertThat(Files.readString(dataDir.resolve("keys/jwt-signing-retired/" + firstKey + ".json")))
				.doesNotContain("\"d\"");

		// the running instance: the old token still works, and the JWKS soon lists the new key after its own
		assertThat(accepted(kerys.port(), before)).isTrue();
		long deadline = System.nanoTime() + 20_000_000_000L;
		while (keyIds(kerys.port()).size() < 2) {
			assertThat(System.nanoTime()).as("the JWKS lists the new key").isLessThan(deadline);
			Thread.sleep(250);
		}
		String secondKey = keyIds(kerys.port()).get(1);
		assertThat(secondKey).isNotEqualTo(firstKey);
		assertThat(keyId(token(kerys.port(), client))).as("signs with its start-up key until restarted")
				.isEqualTo(firstKey);

		// restarted on the same address: the same public URL, so the same token issuer
		int port = kerys.port();
		kerys.stop();
		kerys = KerysProcess.start(port, dataDir, "signing-key-restarted", java.util.Map.of());
		String after = token(kerys.port(), client);
		assertThat(keyId(after)).isEqualTo(secondKey);
		assertThat(keyIds(kerys.port())).containsExactly(secondKey, firstKey);
		assertThat(accepted(kerys.port(), after)).isTrue();
		assertThat(accepted(kerys.port(), before)).as("a token of the retired key, until it expires").isTrue();

		CommandResult usage = KerysProcess.command(dataDir, "signing-key");
		assertThat(usage.status()).isEqualTo(2);
		assertThat(usage.output()).contains("signing-key rotate");
	}

	/** A registered node's client id and secret. */
	private static String[] nodeClient(int port) {
		String organization = UUID.randomUUID().toString();
		Answer org = TestHttp.admin(port).post("/api/v1/organizations", "{\"organization_id\": \"" + organization
				+ "\", \"organization_name\": \"Rotation\"}");
		assertThat(org.status()).as(org.body()).isEqualTo(201);
		Answer node = TestHttp.admin(port).post("/api/admin/nodes", "{\"name\": \"Nœud rotation\", \"url\": "
				+ "\"https://noeud.example.org/api/v1\", \"organization_ids\": [\"" + organization + "\"]}");
		assertThat(node.status()).as(node.body()).isEqualTo(201);
		return new String[] { node.json().get("client_id").asString(), node.json().get("client_secret").asString() };
	}

	private static String token(int port, String[] client) {
		TestHttp anonymous = TestHttp.anonymous(port);
		Answer token = anonymous.send(anonymous.request("/oauth/token")
				.header("Authorization", "Basic " + Base64.getEncoder()
						.encodeToString((client[0] + ":" + client[1]).getBytes(StandardCharsets.UTF_8)))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")));
		assertThat(token.status()).as(token.body()).isEqualTo(200);
		return token.json().get("access_token").asString();
	}

	/** Whether the node API takes the token (an unknown dataset: 404 when it does, 401 when it does not). */
	private static boolean accepted(int port, String token) {
		Answer answer = TestHttp.anonymous(port).withHeader("Authorization", "Bearer " + token)
				.get("/konsult/v1/datasets/" + UUID.randomUUID() + "/metadatas");
		assertThat(answer.status()).as(answer.body()).isIn(401, 404);
		return answer.status() == 404;
	}

	private static String keyId(String jwt) {
		JsonNode header = TestHttp.parse(new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[0]),
				StandardCharsets.UTF_8));
		return header.get("kid").asString();
	}

	private static List<String> keyIds(int port) {
		Answer jwks = TestHttp.anonymous(port).get("/.well-known/jwks.json");
		assertThat(jwks.status()).isEqualTo(200);
		return jwks.json().get("keys").findValuesAsString("kid");
	}
}
