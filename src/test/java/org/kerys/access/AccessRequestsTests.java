package org.kerys.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.kerys.KerysHttpTest;
import org.kerys.TestHttp;
import org.kerys.TestHttp.Answer;
import org.kerys.access.Reusers.Person;
import org.kerys.access.Reusers.World;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Access requests and agreements through the API: every transition, who may make it, and what is refused. */
@KerysHttpTest
@ExtendWith(OutputCaptureExtension.class)
class AccessRequestsTests {

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;


	World world() {
		return new Reusers(port).world();
	}

	@Test
	void shouldTakeARequestToAnAgreementThenRevokeIt(CapturedOutput output) throws InterruptedException {
		World w = world();
		String request = w.make().request(w.reuser(), w.project(), w.datasetId());
		Answer shown = w.reuser().api(port).get("/api/access-requests/" + request);
		assertThat(shown.status()).as(shown.body()).isEqualTo(200);
		assertThat(shown.json().get("state").asString()).isEqualTo("SUBMITTED");
		assertThat(shown.json().get("producer_id").asString()).isEqualTo(w.producer().toString());
		assertThat(shown.json().at("/history/0/state").asString()).isEqualTo("SUBMITTED");
		assertThat(shown.json().at("/history/0/actor").asString()).isEqualTo(w.reuser().login());
		// the request links the dataset to the project, and reaches the producer's inbox and its editors
		assertThat(w.reuser().api(port).get("/api/projects/" + w.project()).json().get("dataset_ids").toString())
				.contains(w.datasetId());
		Answer inbox = w.member().api(port).get("/api/access-requests?organization_id=" + w.producer() + "&state=SUBMITTED");
		assertThat(inbox.status()).as(inbox.body()).isEqualTo(200);
		assertThat(inbox.json().findValuesAsString("id")).contains(request);
		assertThat(w.editor().api(port).get("/api/me/notifications").json().findValuesAsString("subject_id"))
				.contains(request);
		// and by email (without SMTP, to the log), in the background once the request is committed
		String mailToEditor = "Email (SMTP not configured) to " + w.editor().login() + "@example.org";
		for (int i = 0; i < 50 && !output.getAll().contains(mailToEditor); i++) {
			Thread.sleep(100);
		}
		assertThat(output.getAll()).contains(mailToEditor);
		assertThat(output.getAll()).doesNotContain("Email (SMTP not configured) to " + w.member().login() + "@");

		// a plain member of the producer, and an editor of another organisation, may not decide
		Answer byMember = w.member().api(port).post("/api/access-requests/" + request + "/accept", "{}");
		assertThat(byMember.status()).isEqualTo(403);
		assertThat(byMember.json().get("code").asString()).isEqualTo("KRS-403-PRODUCER");
		Person otherEditor = w.make().person("autre");
		w.make().member(w.make().organization("Autre"), otherEditor, "editor");
		assertThat(otherEditor.api(port).post("/api/access-requests/" + request + "/accept", "{}").json().get("code")
				.asString()).isEqualTo("KRS-403-PRODUCER");
		assertThat(otherEditor.api(port).get("/api/access-requests/" + request).status()).isEqualTo(403);

		Answer accepted = w.editor().api(port).post("/api/access-requests/" + request + "/accept", """
				{"rate_limit_per_minute": 10, "bytes_per_day": 1000000, "message": "Accordé"}""");
		assertThat(accepted.status()).as(accepted.body()).isEqualTo(201);
		String agreement = accepted.json().get("agreement_id").asString();
		Answer again = w.editor().api(port).post("/api/access-requests/" + request + "/accept", "{}");
		assertThat(again.status()).isEqualTo(409);
		assertThat(again.json().get("code").asString()).isEqualTo("KRS-409-REQUEST-STATE");

		JsonNode read = w.reuser().api(port).get("/api/agreements/" + agreement).json();
		assertThat(read.get("state").asString()).isEqualTo("ACTIVE");
		assertThat(read.get("rate_limit_per_minute").asInt()).isEqualTo(10);
		assertThat(read.get("media_ids").get(0).asString()).isEqualTo(w.mediaId());
		assertThat(read.get("purpose").asString()).isEqualTo("Étude de fréquentation");
		OffsetDateTime end = OffsetDateTime.parse(read.get("end_date").asString());
		assertThat(end).isBetween(OffsetDateTime.now().plusYears(1).minusMinutes(5), OffsetDateTime.now().plusYears(1));
		assertThat(read.at("/history/0/state").asString()).isEqualTo("ACTIVE");
		assertThat(read.at("/history/0/actor").asString()).isEqualTo(w.editor().login());
		assertThat(read.at("/history/0/message").asString()).isEqualTo("Accordé");
		assertThat(w.reuser().api(port).get("/api/access-requests/" + request).json().get("state").asString())
				.isEqualTo("ACCEPTED");
		assertThat(w.reuser().api(port).get("/api/me/notifications?unread=true").json().findValuesAsString("subject_id"))
				.contains(agreement);
		assertThat(w.reuser().api(port).get("/api/agreements?project_id=" + w.project()).json()
				.findValuesAsString("id")).containsExactly(agreement);

		// the conditions as an ODRL policy
		Answer policy = w.reuser().api(port).get("/api/agreements/" + agreement + "/policy");
		assertThat(policy.status()).as(policy.body()).isEqualTo(200);
		JsonNode odrl = policy.json();
		assertThat(odrl.get("@type").asString()).isEqualTo("Agreement");
		assertThat(odrl.get("@context").get(0).asString()).isEqualTo("http://www.w3.org/ns/odrl.jsonld");
		assertThat(odrl.at("/assigner/@id").asString()).endsWith("/api/v1/organizations/" + w.producer());
		assertThat(odrl.at("/assignee/@id").asString()).endsWith("/api/projects/" + w.project());
		assertThat(odrl.at("/permission/0/target/0").asString()).isEqualTo("urn:uuid:" + w.mediaId());
		assertThat(odrl.at("/permission/0/action").asString()).isEqualTo("use");
		assertThat(odrl.at("/permission/0/constraint").findValuesAsString("leftOperand"))
				.containsExactly("dateTime", "dateTime", "purpose", "count", "fileSize");

		// the reuser may not revoke; the producer's member neither; its editor does, once
		assertThat(w.reuser().api(port).post("/api/agreements/" + agreement + "/revoke", "{}").json().get("code")
				.asString()).isEqualTo("KRS-403-PRODUCER");
		Answer revoked = w.editor().api(port).post("/api/agreements/" + agreement + "/revoke",
				"{\"message\": \"Usage non conforme\"}");
		assertThat(revoked.status()).as(revoked.body()).isEqualTo(200);
		assertThat(revoked.json().get("state").asString()).isEqualTo("REVOKED");
		assertThat(revoked.json().findValuesAsString("state")).contains("ACTIVE", "REVOKED");
		Answer twice = w.editor().api(port).post("/api/agreements/" + agreement + "/revoke", "{}");
		assertThat(twice.status()).isEqualTo(409);
		assertThat(twice.json().get("code").asString()).isEqualTo("KRS-409-AGREEMENT-STATE");
		assertThat(w.reuser().api(port).post("/api/agreements/" + agreement + "/end", "{}").status()).isEqualTo(409);

		assertThat(jdbc.sql("select action from audit_entries where target_id in (?, ?) order by sequence")
				.params(request, agreement).query(String.class).list())
				.containsExactly("access_request.submitted", "access_request.accepted", "agreement.revoked");
	}

	@Test
	void shouldRefuseRequestsThatCannotBe() {
		World w = world();
		String base = "/api/projects/" + w.project() + "/access-requests";
		TestHttp reuser = w.reuser().api(port);
		ObjectNode open = w.make().dataset(w.producer(), false);
		Answer onOpen = reuser.post(base, "{\"dataset_id\": \"" + open.get("global_id").asString()
				+ "\", \"purpose\": \"x\"}");
		assertThat(onOpen.status()).isEqualTo(400);
		assertThat(onOpen.json().get("code").asString()).isEqualTo("KRS-400-OPEN-DATASET");
		Answer unknown = reuser.post(base, "{\"dataset_id\": \"" + UUID.randomUUID() + "\", \"purpose\": \"x\"}");
		assertThat(unknown.status()).isEqualTo(404);
		assertThat(unknown.json().get("code").asString()).isEqualTo("ERR-104");
		Answer missing = reuser.post(base, "{}");
		assertThat(missing.status()).isEqualTo(400);
		assertThat(missing.json().get("errors").findValuesAsString("field")).containsExactlyInAnyOrder("dataset_id",
				"purpose");
		Answer badMedia = reuser.post(base, "{\"dataset_id\": \"" + w.datasetId() + "\", \"purpose\": \"x\", "
				+ "\"media_ids\": [\"" + open.at("/available_formats/0/media_id").asString() + "\"]}");
		assertThat(badMedia.status()).isEqualTo(400);
		assertThat(badMedia.json().get("code").asString()).isEqualTo("KRS-400-MEDIA");
		Answer past = reuser.post(base, "{\"dataset_id\": \"" + w.datasetId()
				+ "\", \"purpose\": \"x\", \"requested_end_date\": \"2020-01-01\"}");
		assertThat(past.status()).isEqualTo(400);
		assertThat(past.json().get("code").asString()).isEqualTo("KRS-400-END-DATE");
		assertThat(reuser.post(base, "{\"dataset_id\": \"pas-un-uuid\", \"purpose\": \"x\"}").json().get("code")
				.asString()).isEqualTo("ERR-201");
		assertThat(reuser.post(base, "[1").status()).isEqualTo(400);
		// someone else's project
		Answer outsider = w.editor().api(port).post(base, "{\"dataset_id\": \"" + w.datasetId() + "\", \"purpose\": \"x\"}");
		assertThat(outsider.status()).isEqualTo(403);
		assertThat(outsider.json().get("code").asString()).isEqualTo("KRS-403-PROJECT");
		assertThat(TestHttp.anonymous(port).post(base, "{}").status()).isEqualTo(401);
		assertThat(reuser.post("/api/projects/" + UUID.randomUUID() + "/access-requests", "{}").json().get("code")
				.asString()).isEqualTo("KRS-404-PROJECT");
		// one pending request per dataset and project
		w.make().request(w.reuser(), w.project(), w.datasetId());
		Answer duplicate = reuser.post(base, "{\"dataset_id\": \"" + w.datasetId() + "\", \"purpose\": \"x\"}");
		assertThat(duplicate.status()).isEqualTo(409);
		assertThat(duplicate.json().get("code").asString()).isEqualTo("KRS-409-REQUEST-PENDING");
		assertThat(reuser.get("/api/access-requests/" + UUID.randomUUID()).json().get("code").asString())
				.isEqualTo("KRS-404-ACCESS-REQUEST");
		assertThat(reuser.get("/api/access-requests").json().get("code").asString()).isEqualTo("ERR-103");
		assertThat(reuser.get("/api/access-requests?organization_id=" + w.producer()).json().get("code").asString())
				.isEqualTo("KRS-403-PRODUCER");
	}

	@Test
	void shouldRejectWithdrawAndRefuseToAcceptEither() {
		World w = world();
		String rejected = w.make().request(w.reuser(), w.project(), w.datasetId());
		Answer noReason = w.editor().api(port).post("/api/access-requests/" + rejected + "/reject", "{}");
		assertThat(noReason.status()).isEqualTo(400);
		assertThat(noReason.json().get("code").asString()).isEqualTo("ERR-202");
		Answer reject = w.editor().api(port).post("/api/access-requests/" + rejected + "/reject",
				"{\"message\": \"Finalité trop large\"}");
		assertThat(reject.status()).as(reject.body()).isEqualTo(200);
		assertThat(reject.json().get("state").asString()).isEqualTo("REJECTED");
		assertThat(reject.json().at("/history/1/message").asString()).isEqualTo("Finalité trop large");
		Answer acceptRejected = w.editor().api(port).post("/api/access-requests/" + rejected + "/accept", "{}");
		assertThat(acceptRejected.status()).isEqualTo(409);
		assertThat(acceptRejected.json().get("code").asString()).isEqualTo("KRS-409-REQUEST-STATE");
		assertThat(w.reuser().api(port).get("/api/me/notifications").json().findValuesAsString("kind"))
				.contains("access_request.rejected");

		String withdrawn = w.make().request(w.reuser(), w.project(), w.datasetId());
		Answer byProducer = w.editor().api(port).post("/api/access-requests/" + withdrawn + "/withdraw", "{}");
		assertThat(byProducer.status()).isEqualTo(403);
		assertThat(byProducer.json().get("code").asString()).isEqualTo("KRS-403-PROJECT");
		Answer endInPast = w.editor().api(port).post("/api/access-requests/" + withdrawn + "/accept",
				"{\"end_date\": \"2020-06-30\"}");
		assertThat(endInPast.status()).isEqualTo(400);
		assertThat(endInPast.json().get("code").asString()).isEqualTo("KRS-400-END-DATE");
		Answer badRate = w.editor().api(port).post("/api/access-requests/" + withdrawn + "/accept",
				"{\"rate_limit_per_minute\": 0, \"end_date\": \"demain\"}");
		assertThat(badRate.status()).isEqualTo(400);
		assertThat(badRate.json().get("errors").findValuesAsString("field"))
				.containsExactlyInAnyOrder("rate_limit_per_minute", "end_date");
		Answer withdraw = w.reuser().api(port).post("/api/access-requests/" + withdrawn + "/withdraw", "{}");
		assertThat(withdraw.status()).as(withdraw.body()).isEqualTo(200);
		assertThat(withdraw.json().get("state").asString()).isEqualTo("WITHDRAWN");
		assertThat(w.editor().api(port).post("/api/access-requests/" + withdrawn + "/accept", "{}").json().get("code")
				.asString()).isEqualTo("KRS-409-REQUEST-STATE");
		assertThat(w.reuser().api(port).post("/api/access-requests/" + withdrawn + "/withdraw", "{}").status())
				.isEqualTo(409);
	}

	@Test
	void shouldExpireAnAgreementAtTheMomentItIsRead() throws InterruptedException {
		World w = world();
		String request = w.make().request(w.reuser(), w.project(), w.datasetId());
		String end = OffsetDateTime.now(ZoneOffset.UTC).plusSeconds(2).toString();
		Answer accepted = w.editor().api(port).post("/api/access-requests/" + request + "/accept",
				"{\"end_date\": \"" + end + "\"}");
		assertThat(accepted.status()).as(accepted.body()).isEqualTo(201);
		String agreement = accepted.json().get("agreement_id").asString();
		assertThat(w.reuser().api(port).get("/api/agreements/" + agreement).json().get("state").asString())
				.isEqualTo("ACTIVE");
		Thread.sleep(2500);
		// no job ran: the read itself finds the end date passed
		JsonNode read = w.reuser().api(port).get("/api/agreements/" + agreement).json();
		assertThat(read.get("state").asString()).isEqualTo("EXPIRED");
		assertThat(read.get("history").findValuesAsString("state")).containsExactly("ACTIVE", "EXPIRED");
		assertThat(read.at("/history/1/actor").asString()).isEqualTo("system");
		assertThat(w.editor().api(port).get("/api/agreements/" + agreement).json().get("history").size()).isEqualTo(2);
		Answer revoke = w.editor().api(port).post("/api/agreements/" + agreement + "/revoke", "{}");
		assertThat(revoke.status()).isEqualTo(409);
		assertThat(revoke.json().get("code").asString()).isEqualTo("KRS-409-AGREEMENT-STATE");
		assertThat(w.reuser().api(port).get("/api/agreements/" + agreement + "/policy").json()
				.at("/permission/0/constraint/1/rightOperand/@value").asString()).isNotEmpty();
		assertThat(jdbc.sql("select count(*) from audit_entries where action = 'agreement.expired' and target_id = ?")
				.param(agreement).query(Long.class).single()).isEqualTo(1);
	}

	@Test
	void shouldLetTheProjectEndAnAgreement() {
		World w = world();
		String request = w.make().request(w.reuser(), w.project(), w.datasetId());
		String agreement = w.editor().api(port).post("/api/access-requests/" + request + "/accept",
				"{\"end_date\": \"2099-12-31\", \"media_ids\": [\"" + w.mediaId() + "\"]}").json().get("agreement_id")
				.asString();
		assertThat(w.reuser().api(port).get("/api/agreements/" + agreement).json().get("end_date").asString())
				.startsWith("2100-01-01");
		// the notice names the last day, as the producer chose it, not the instant it ends
		assertThat(w.reuser().api(port).get("/api/me/notifications").json().findValuesAsString("text"))
				.anyMatch(text -> text.contains("2099-12-31")).noneMatch(text -> text.contains("2100-01-01"));
		Answer byProducer = w.editor().api(port).post("/api/agreements/" + agreement + "/end", "{}");
		assertThat(byProducer.json().get("code").asString()).isEqualTo("KRS-403-PROJECT");
		Answer ended = w.reuser().api(port).post("/api/agreements/" + agreement + "/end",
				"{\"message\": \"Étude terminée\"}");
		assertThat(ended.status()).as(ended.body()).isEqualTo(200);
		assertThat(ended.json().get("state").asString()).isEqualTo("ENDED");
		assertThat(w.editor().api(port).get("/api/me/notifications").json().findValuesAsString("kind"))
				.contains("agreement.ended");
		assertThat(w.editor().api(port).get("/api/agreements?organization_id=" + w.producer()).json()
				.findValuesAsString("state")).containsExactly("ENDED");
	}
}
