package org.kerys.consent.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.kerys.consent.ConsentFixtures.consent;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.jsonwebtoken.Claims;
import io.jsonwebtoken.JwtException;
import io.jsonwebtoken.Jwts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.kerys.KerysHttpTest;
import org.kerys.TestHttp;
import org.kerys.TestHttp.Answer;
import org.kerys.consent.ConsentFixtures;
import org.kerys.consent.ConsentFixtures.World;
import org.kerys.selfdata.store.StoreFixtures.Person;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * The whole path of consent through the API: a treatment published, a citizen consents, the project fetches their
 * data through the gateway, the citizen sees each fetch, withdraws, and the project's next call is 403; receipts
 * verified with an independent JWT library (jjwt) against the published JWKS, and refused once altered.
 */
@KerysHttpTest
@ExtendWith(OutputCaptureExtension.class)
class ConsentApiTests {

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	javax.sql.DataSource dataSource;

	@Autowired
	ConsentLifecycle lifecycle;

	@Autowired
	org.kerys.platform.ClusterSignals signals;

	@Autowired
	org.springframework.transaction.support.TransactionTemplate transactions;

	@Test
	void shouldShareACitizensDataOnlyWhileTheyConsent() throws Exception {
		ConsentFixtures make = new ConsentFixtures(port);
		World world = make.world("P1Y");
		Person person = make.citizenWithData(world.dataset());
		TestHttp citizen = person.api(port);
		TestHttp client = make.client(world.editor(), world.project());

		// the treatment in force carries the SHA-256 of its canonical JSON, recomputed here independently
		JsonNode treatment = TestHttp.anonymous(port).get("/api/treatments/" + world.treatment()).json();
		JsonNode version = treatment.at("/versions/0");
		assertThat(version.get("status").asString()).isEqualTo("PUBLISHED");
		Map<String, Object> document = new TreeMap<>();
		document.put("content", version.get("content"));
		document.put("organization_id", world.organization().toString());
		document.put("treatment_id", world.treatment());
		document.put("version", 1);
		assertThat(version.get("sha256").asString()).isEqualTo(sha256(canonical(TestHttp.parse(
				new tools.jackson.databind.json.JsonMapper().writeValueAsString(document)))));

		// the citizen is asked: who, why, how long, which data; they may consent
		JsonNode asked = citizen.get("/api/consent-requests/" + world.request()).json();
		assertThat(asked.at("/project/id").asString()).isEqualTo(world.project());
		assertThat(asked.at("/treatment/content/purposes/0/fr").asString()).contains("économie d'énergie");
		assertThat(asked.at("/treatment/content/retention/duration").asString()).isEqualTo("P1Y");
		assertThat(asked.get("can_consent").asBoolean()).as(asked.toString()).isTrue();
		assertThat(asked.has("live_consents")).as("a count for the project's side only").isFalse();

		Answer given = citizen.post("/api/consents", consent(world, 1));
		assertThat(given.status()).as(given.body()).isEqualTo(201);
		String consentId = given.json().get("id").asString();
		assertThat(given.json().get("status").asString()).isEqualTo("given");
		assertThat(given.json().get("dpv_status").asString()).isEqualTo("dpv:ConsentGiven");
		assertThat(citizen.post("/api/consents", consent(world, 1)).json().get("code").asString())
				.isEqualTo("KRS-409-CONSENT-EXISTS");

		// the project sees a pseudonymous reference, never the login or the account id
		Answer subjects = client.get("/api/projects/" + world.project() + "/consented-subjects");
		assertThat(subjects.status()).as(subjects.body()).isEqualTo(200);
		assertThat(subjects.json().size()).isEqualTo(1);
		String ref = subjects.json().at("/0/subject_ref").asString();
		String account = jdbc.sql("select id::text from accounts where login = ?").param(person.login())
				.query(String.class).single();
		assertThat(ref).startsWith("sr_").doesNotContain(person.login()).doesNotContain(account);
		assertThat(subjects.body()).doesNotContain(person.login()).doesNotContain(account);

		Answer gdata = client.get("/gateway/selfdata/" + world.dataset() + "/" + ref + "/gdata");
		assertThat(gdata.status()).as(gdata.body()).isEqualTo(200);
		assertThat(gdata.json().at("/data/0/value").asString()).isEqualTo("Saint-Malo");
		Answer tpbc = client.get("/gateway/selfdata/" + world.dataset() + "/" + ref + "/tpbc?min-date=2025-02-01");
		assertThat(tpbc.status()).as(tpbc.body()).isEqualTo(200);
		assertThat(tpbc.json().at("/values/0/values").toString()).isEqualTo("[98.0,101.25]");

		// the citizen sees each fetch, by the project's name
		String projectTitle = citizen.get("/api/consent-requests/" + world.request()).json().at("/project/title")
				.asString();
		List<String> accesses = new ArrayList<>();
		citizen.get("/api/me/data-accesses").json().forEach(a -> accesses
				.add(a.get("actor_kind").asString() + ":" + a.get("actor").asString() + ":" + a.get("what").asString()));
		assertThat(accesses).startsWith("SERVICE:" + projectTitle + ":TPBC", "SERVICE:" + projectTitle + ":GDATA");

		// the receipt: a JWS verified by jjwt with the key published in the JWKS
		Answer receipt = citizen.get("/api/consents/" + consentId + "/receipt");
		assertThat(receipt.status()).as(receipt.body()).isEqualTo(200);
		String jws = receipt.json().get("jws").asString();
		Claims claims = Jwts.parser().verifyWith(publishedKey()).build().parseSignedClaims(jws).getPayload();
		assertThat(claims.getSubject()).isEqualTo(ref);
		assertThat(claims.getId()).isEqualTo(receipt.json().get("event_id").asString());
		Map<?, ?> record = (Map<?, ?>) claims.get("consent_record");
		assertThat(record.get("schema_version")).isEqualTo("ISO/IEC TS 27560:2023");
		assertThat(record.get("record_id")).isEqualTo(consentId);
		assertThat(((Map<?, ?>) record.get("data_subject")).get("id")).isEqualTo(ref);
		assertThat(((Map<?, ?>) record.get("event")).get("state")).isEqualTo("dpv:ConsentGiven");
		assertThat(((Map<?, ?>) record.get("notice")).get("sha256")).isEqualTo(version.get("sha256").asString());
		assertThat(record.get("jurisdiction")).isEqualTo("FR");
		assertThat(record.get("withdrawal")).isNotNull();
		assertThat(((Map<?, ?>) claims.get("kantara_receipt")).get("version")).isEqualTo("KI-CR-v1.1.0");
		Answer verified = TestHttp.anonymous(port).post("/api/consents/verify", "{\"receipt\": \"" + jws + "\"}");
		assertThat(verified.status()).as(verified.body()).isEqualTo(200);
		assertThat(verified.json().get("valid").asBoolean()).isTrue();
		assertThat(verified.json().get("current_status").asString()).isEqualTo("given");

		// altered: a payload changed, the signature kept
		String[] parts = jws.split("\\.");
		String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
		String altered = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(
				payload.replace("P1Y", "P9Y").getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
		assertThat(altered).isNotEqualTo(jws);
		assertThatThrownBy(() -> Jwts.parser().verifyWith(publishedKey()).build().parseSignedClaims(altered))
				.isInstanceOf(JwtException.class);
		Answer refused = TestHttp.anonymous(port).post("/api/consents/verify", "{\"receipt\": \"" + altered + "\"}");
		assertThat(refused.status()).isEqualTo(422);
		assertThat(refused.json().get("code").asString()).isEqualTo("KRS-422-RECEIPT-SIGNATURE");
		// a receipt is no access token
		assertThat(TestHttp.anonymous(port).withHeader("Authorization", "Bearer " + jws)
				.get("/api/projects/" + world.project() + "/consented-subjects").status()).isEqualTo(401);

		// withdrawn: effective for the very next call
		Answer withdrawn = citizen.post("/api/consents/" + consentId + "/withdraw", "");
		assertThat(withdrawn.status()).as(withdrawn.body()).isEqualTo(200);
		assertThat(withdrawn.json().get("status").asString()).isEqualTo("withdrawn");
		Answer after = client.get("/gateway/selfdata/" + world.dataset() + "/" + ref + "/gdata");
		assertThat(after.status()).isEqualTo(403);
		assertThat(after.json().get("code").asString()).isEqualTo("KRS-403-CONSENT");
		assertThat(client.get("/gateway/selfdata/" + world.dataset() + "/" + ref + "/tpbc").status()).isEqualTo(403);
		assertThat(citizen.post("/api/consents/" + consentId + "/withdraw", "").json().get("code").asString())
				.isEqualTo("KRS-409-CONSENT-STATE");
		assertThat(client.get("/api/projects/" + world.project() + "/consented-subjects").json().size()).isZero();

		// the old receipt still verifies (it records what was), and says the consent is withdrawn now; the
		// withdrawal has its own receipt
		assertThat(TestHttp.anonymous(port).post("/api/consents/verify", "{\"receipt\": \"" + jws + "\"}").json()
				.get("current_status").asString()).isEqualTo("withdrawn");
		String withdrawal = citizen.get("/api/consents/" + consentId + "/receipt").json().get("jws").asString();
		Claims ended = Jwts.parser().verifyWith(publishedKey()).build().parseSignedClaims(withdrawal).getPayload();
		assertThat(((Map<?, ?>) ((Map<?, ?>) ended.get("consent_record")).get("event")).get("state"))
				.isEqualTo("dpv:ConsentWithdrawn");

		// the ledger holds both events, naming the consent; the export holds both receipts
		assertThat(jdbc.sql("select action from audit_entries where target_type = 'consent' and target_id = ? order by sequence")
				.param(consentId).query(String.class).list()).containsExactly("consent.given", "consent.withdrawn");
		Answer export = citizen.get("/api/me/consents/export");
		assertThat(export.status()).isEqualTo(200);
		assertThat(export.header("Content-Disposition")).contains("attachment");
		assertThat(export.json().at("/consents/0/receipts").findValuesAsString("jws")).containsExactly(jws, withdrawal);
	}

	@Test
	void shouldInvalidateConsentsOnANewVersionAndLetCitizensRenew(CapturedOutput output) throws Exception {
		ConsentFixtures make = new ConsentFixtures(port);
		World world = make.world("P6M");
		Person person = make.citizenWithData(world.dataset());
		TestHttp citizen = person.api(port);
		TestHttp client = make.client(world.editor(), world.project());
		String first = citizen.post("/api/consents", consent(world, 1)).json().get("id").asString();
		String ref = client.get("/api/projects/" + world.project() + "/consented-subjects").json().at("/0/subject_ref")
				.asString();

		TestHttp editor = world.editor().api(port);
		Answer draft = editor.post("/api/treatments/" + world.treatment() + "/versions",
				ConsentFixtures.treatment(world.organization(), "P3M").replaceFirst("\"organization_id\": \"[^\"]+\",", ""));
		assertThat(draft.status()).as(draft.body()).isEqualTo(201);
		// a draft is nobody's consent
		assertThat(citizen.post("/api/consents", consent(world, 2)).json().get("code").asString())
				.isEqualTo("KRS-409-CONSENT-VERSION");
		assertThat(client.get("/gateway/selfdata/" + world.dataset() + "/" + ref + "/gdata").status()).isEqualTo(200);

		Answer published = editor.post("/api/treatments/" + world.treatment() + "/versions/2/publish", "");
		assertThat(published.status()).as(published.body()).isEqualTo(200);
		assertThat(published.json().get("published_version").asInt()).isEqualTo(2);
		assertThat(published.json().at("/versions/0/status").asString()).isEqualTo("OBSOLETE");
		assertThat(editor.put("/api/treatments/" + world.treatment() + "/versions/2",
				ConsentFixtures.treatment(world.organization(), "P3M").replaceFirst("\"organization_id\": \"[^\"]+\",", ""))
				.json().get("code").asString()).isEqualTo("KRS-409-TREATMENT-IMMUTABLE");

		JsonNode invalidated = citizen.get("/api/consents/" + first).json();
		assertThat(invalidated.get("status").asString()).isEqualTo("invalidated");
		assertThat(invalidated.get("dpv_status").asString()).isEqualTo("dpv:ConsentInvalidated");
		assertThat(invalidated.get("renewal_asked").asBoolean()).isTrue();
		// and by email (without SMTP, to the log), once the publication is committed
		String mail = "Email (SMTP not configured) to " + person.login() + "@example.org";
		for (int i = 0; i < 50 && !output.getAll().contains(mail); i++) {
			Thread.sleep(100);
		}
		assertThat(output.getAll()).contains(mail + "\nSubject: Votre consentement est à renouveler");
		assertThat(client.get("/gateway/selfdata/" + world.dataset() + "/" + ref + "/gdata").status()).isEqualTo(403);
		// the obsolete version is nobody's consent either
		assertThat(citizen.post("/api/consents", consent(world, 1)).json().get("code").asString())
				.isEqualTo("KRS-409-CONSENT-VERSION");

		Answer renewed = citizen.post("/api/consents", consent(world, 2));
		assertThat(renewed.status()).as(renewed.body()).isEqualTo(201);
		assertThat(renewed.json().get("status").asString()).isEqualTo("renewed");
		assertThat(renewed.json().get("dpv_status").asString()).isEqualTo("dpv:RenewedConsentGiven");
		assertThat(renewed.json().get("renews").asString()).isEqualTo(first);
		assertThat(citizen.get("/api/consents/" + first).json().get("renewal_asked").asBoolean()).isFalse();
		assertThat(client.get("/gateway/selfdata/" + world.dataset() + "/" + ref + "/gdata").status()).isEqualTo(200);
		JsonNode owner = editor.get("/api/treatments/" + world.treatment()).json();
		assertThat(owner.get("live_consents").asLong()).isEqualTo(1);
		assertThat(TestHttp.anonymous(port).get("/api/treatments/" + world.treatment()).json().has("live_consents"))
				.isFalse();
	}

	@Test
	void shouldStopAtExpiryAndRecordIt() throws Exception {
		ConsentFixtures make = new ConsentFixtures(port);
		World world = make.world("P1D");
		TestHttp citizen = make.citizenWithData(world.dataset()).api(port);
		TestHttp client = make.client(world.editor(), world.project());
		String id = citizen.post("/api/consents", consent(world, 1)).json().get("id").asString();
		String ref = client.get("/api/projects/" + world.project() + "/consented-subjects").json().at("/0/subject_ref")
				.asString();
		assertThat(client.get("/gateway/selfdata/" + world.dataset() + "/" + ref + "/gdata").status()).isEqualTo(200);

		// a day later (the expiry moved back instead of waiting, with the change's signal): refused at once, before any
		// sweep
		transactions.executeWithoutResult(status -> {
			jdbc.sql("update consents set given_at = given_at - interval '1 day 1 minute', "
					+ "expires_at = expires_at - interval '1 day 1 minute' where id = ?::uuid").param(id).update();
			signals.signal(ConsentCache.CHANNEL);
		});
		assertThat(client.get("/gateway/selfdata/" + world.dataset() + "/" + ref + "/gdata").status()).isEqualTo(403);
		assertThat(citizen.get("/api/consents/" + id).json().get("status").asString()).isEqualTo("expired");
		assertThat(citizen.post("/api/consents/" + id + "/withdraw", "").json().get("code").asString())
				.isEqualTo("KRS-409-CONSENT-STATE");

		while (lifecycle.expire(200) == 200) {
			// other tests' consents may be past expiry too
		}
		JsonNode expired = citizen.get("/api/consents/" + id).json();
		assertThat(expired.findValuesAsString("type")).containsExactly("given", "expired");
		String jws = citizen.get("/api/consents/" + id + "/receipt").json().get("jws").asString();
		Claims claims = Jwts.parser().verifyWith(publishedKey()).build().parseSignedClaims(jws).getPayload();
		assertThat(((Map<?, ?>) ((Map<?, ?>) claims.get("consent_record")).get("event")).get("state"))
				.isEqualTo("dpv:ConsentExpired");
		// a new consent is possible (given, not renewed: nothing was invalidated)
		Answer again = citizen.post("/api/consents", consent(world, 1));
		assertThat(again.status()).as(again.body()).isEqualTo(201);
		assertThat(again.json().get("status").asString()).isEqualTo("given");
	}

	@Test
	void shouldSeeAnotherInstancesWithdrawalThroughTheDatabasesSignal() throws Exception {
		ConsentFixtures make = new ConsentFixtures(port);
		World world = make.world("P1Y");
		TestHttp citizen = make.citizenWithData(world.dataset()).api(port);
		TestHttp client = make.client(world.editor(), world.project());
		String id = citizen.post("/api/consents", consent(world, 1)).json().get("id").asString();
		String ref = client.get("/api/projects/" + world.project() + "/consented-subjects").json().at("/0/subject_ref")
				.asString();
		String gdata = "/gateway/selfdata/" + world.dataset() + "/" + ref + "/gdata";
		for (int i = 0; i < 50 && !signals.connected(); i++) {
			Thread.sleep(100);
		}
		assertThat(signals.connected()).as("the instance listens to the others' signals").isTrue();
		assertThat(client.get(gdata).status()).isEqualTo(200); // now in this instance's memory

		// another instance sharing the database withdraws it: its change and its NOTIFY, in one transaction of its own
		try (java.sql.Connection other = dataSource.getConnection()) {
			other.setAutoCommit(false);
			try (var update = other.prepareStatement(
					"update consents set status = 'withdrawn', ended_at = now() where id = ?::uuid");
					var notify = other.prepareStatement("select pg_notify('" + ConsentCache.CHANNEL + "', '')")) {
				update.setString(1, id);
				update.executeUpdate();
				notify.execute();
			}
			other.commit();
		}
		int status = 200;
		for (int i = 0; i < 40 && status == 200; i++) { // delivered within milliseconds; 2 s at most here
			Thread.sleep(50);
			status = client.get(gdata).status();
		}
		assertThat(status).isEqualTo(403);
	}

	/** The platform's public key, read from the JWKS as any verifier would. */
	private PublicKey publishedKey() throws Exception {
		JsonNode key = TestHttp.anonymous(port).get("/.well-known/jwks.json").json().at("/keys/0");
		assertThat(key.get("kty").asString()).isEqualTo("RSA");
		BigInteger n = new BigInteger(1, Base64.getUrlDecoder().decode(key.get("n").asString()));
		BigInteger e = new BigInteger(1, Base64.getUrlDecoder().decode(key.get("e").asString()));
		return KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(n, e));
	}

	/** Canonical JSON as the API documents it: keys sorted, no spaces (the test's own, not Kerys'). */
	static String canonical(JsonNode node) {
		if (node.isObject()) {
			TreeMap<String, JsonNode> sorted = new TreeMap<>();
			node.properties().forEach(e -> sorted.put(e.getKey(), e.getValue()));
			StringBuilder out = new StringBuilder("{");
			sorted.forEach((k, v) -> out.append(out.length() > 1 ? "," : "").append(quote(k)).append(':').append(canonical(v)));
			return out.append('}').toString();
		}
		if (node.isArray()) {
			List<String> items = new ArrayList<>();
			node.values().forEach(v -> items.add(canonical(v)));
			return "[" + String.join(",", items) + "]";
		}
		return node.isString() ? quote(node.asString()) : node.toString();
	}

	private static String quote(String text) {
		return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
	}

	static String sha256(String text) throws Exception {
		return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
	}
}
