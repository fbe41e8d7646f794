package org.kerys.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.kerys.identity.Orgs.members;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kerys.KerysHttpTest;
import org.kerys.RudiRecords;
import org.kerys.TestHttp;
import org.kerys.TestHttp.Answer;
import org.kerys.identity.Orgs.Account;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The members API of organisations, and what an organisation's roles allow on its datasets and media. */
@KerysHttpTest
class OrganizationMembersTests {

	@LocalServerPort
	int port;

	Orgs orgs;

	@BeforeEach
	void setUp() {
		orgs = new Orgs(port);
	}

	@Test
	void anAdminAddsChangesAndRemovesMembers() {
		UUID org = orgs.organization(Orgs.unique("Commune"));
		Account alice = orgs.account("alice");
		Account bob = orgs.account("bob");
		orgs.member(org, alice, "admin");

		Answer added = alice.api(port).post(members(org), body(bob.login(), "member"));
		assertThat(added.status()).as(added.body()).isEqualTo(201);
		assertThat(added.json().get("login").asString()).isEqualTo(bob.login());
		assertThat(added.json().get("role").asString()).isEqualTo("member");
		assertThat(added.json().get("display_name").asString()).isEqualTo("Nom de " + bob.login());
		assertThat(added.json().get("since").isNull()).isFalse();

		Answer changed = alice.api(port).post(members(org), body(bob.login().toUpperCase(), "Editor"));
		assertThat(changed.status()).as(changed.body()).isEqualTo(200);
		assertThat(changed.json().get("role").asString()).isEqualTo("editor");
		assertThat(roles(alice.api(port), org)).containsExactlyInAnyOrder(alice.login() + "=admin",
				bob.login() + "=editor");

		assertThat(alice.api(port).delete(members(org) + "/" + bob.login()).status()).isEqualTo(204);
		assertThat(roles(alice.api(port), org)).containsExactly(alice.login() + "=admin");
		Answer again = alice.api(port).delete(members(org) + "/" + bob.login());
		assertThat(again.status()).isEqualTo(404);
		assertThat(code(again)).isEqualTo("KRS-404-MEMBER");
		// the member's own view of their organisations
		assertThat(bob.api(port).get("/api/me").json().get("organizations")).isEmpty();
	}

	@Test
	void theLastAdminIsKept() {
		UUID org = orgs.organization(Orgs.unique("Syndicat"));
		Account alice = orgs.account("alice");
		Account bob = orgs.account("bob");
		orgs.member(org, alice, "admin");

		Answer demoted = alice.api(port).post(members(org), body(alice.login(), "editor"));
		assertThat(demoted.status()).isEqualTo(409);
		assertThat(code(demoted)).isEqualTo("KRS-409-LAST-ADMIN");
		Answer left = alice.api(port).delete(members(org) + "/" + alice.login());
		assertThat(left.status()).isEqualTo(409);
		assertThat(code(left)).isEqualTo("KRS-409-LAST-ADMIN");

		// with a second admin, the first may step down, then leave
		assertThat(alice.api(port).post(members(org), body(bob.login(), "admin")).status()).isEqualTo(201);
		assertThat(alice.api(port).post(members(org), body(alice.login(), "editor")).status()).isEqualTo(200);
		assertThat(alice.api(port).delete(members(org) + "/" + alice.login()).status()).isEqualTo(204);
		assertThat(roles(bob.api(port), org)).containsExactly(bob.login() + "=admin");
		assertThat(code(bob.api(port).delete(members(org) + "/" + bob.login()))).isEqualTo("KRS-409-LAST-ADMIN");

		// an administrator of the platform may (to repair an organisation whose admins are gone)
		assertThat(TestHttp.admin(port).post(members(org), body(bob.login(), "member")).status()).isEqualTo(200);
	}

	@Test
	void aMemberSeesButDoesNotManageAndMayLeave() {
		UUID org = orgs.organization(Orgs.unique("Métropole"));
		Account alice = orgs.account("alice");
		Account bob = orgs.account("bob");
		Account carol = orgs.account("carol");
		orgs.member(org, alice, "admin");
		orgs.member(org, bob, "member");
		orgs.member(org, carol, "editor");

		assertThat(roles(bob.api(port), org)).hasSize(3);
		for (Answer refused : List.of(bob.api(port).post(members(org), body(bob.login(), "admin")),
				bob.api(port).post(members(org), body(carol.login(), "member")),
				bob.api(port).delete(members(org) + "/" + carol.login()),
				carol.api(port).delete(members(org) + "/" + bob.login()))) {
			assertThat(refused.status()).as(refused.body()).isEqualTo(403);
			assertThat(code(refused)).isEqualTo("ERR-403");
		}
		assertThat(bob.api(port).delete(members(org) + "/" + bob.login()).status()).isEqualTo(204);
		assertThat(code(bob.api(port).get(members(org)))).isEqualTo("ERR-403");
	}

	@Test
	void anAdminOfAnotherOrganisationIsAStranger() {
		UUID a = orgs.organization(Orgs.unique("Organisation A"));
		UUID b = orgs.organization(Orgs.unique("Organisation B"));
		Account alice = orgs.account("alice");
		Account zoe = orgs.account("zoe");
		Account citizen = orgs.account("citizen");
		orgs.member(a, alice, "admin");
		orgs.member(b, zoe, "admin");

		for (Answer refused : List.of(zoe.api(port).get(members(a)),
				zoe.api(port).post(members(a), body(zoe.login(), "admin")),
				zoe.api(port).delete(members(a) + "/" + alice.login()),
				citizen.api(port).get(members(a)),
				citizen.api(port).post(members(a), body(citizen.login(), "member")))) {
			assertThat(refused.status()).as(refused.body()).isEqualTo(403);
		}
		assertThat(roles(alice.api(port), a)).containsExactly(alice.login() + "=admin");
		// leaving an organisation one is not in: nothing to leave
		assertThat(code(zoe.api(port).delete(members(a) + "/" + zoe.login()))).isEqualTo("KRS-404-MEMBER");
	}

	@Test
	void moderatorsAndAdministratorsSeeMembersOnlyAdministratorsManage() {
		UUID org = orgs.organization(Orgs.unique("Département"));
		Account alice = orgs.account("alice");
		Account moderator = orgs.account("moderator", "moderator");
		orgs.member(org, alice, "admin");

		assertThat(roles(moderator.api(port), org)).containsExactly(alice.login() + "=admin");
		assertThat(moderator.api(port).post(members(org), body(moderator.login(), "admin")).status()).isEqualTo(403);
		assertThat(roles(TestHttp.admin(port), org)).containsExactly(alice.login() + "=admin");
		assertThat(TestHttp.admin(port).post(members(org), body(moderator.login(), "member")).status()).isEqualTo(201);
	}

	@Test
	void managingNeedsTheOrganizationsWriteScope() {
		UUID org = orgs.organization(Orgs.unique("Région"));
		Account alice = orgs.account("alice");
		Account bob = orgs.account("bob");
		orgs.member(org, alice, "admin");
		orgs.member(org, bob, "member");
		TestHttp catalogOnly = TestHttp.anonymous(port).withHeader("Authorization",
				"Bearer " + orgs.token(alice.login(), alice.password(), List.of("catalog.write", "media.write")));
		TestHttp bobCatalogOnly = TestHttp.anonymous(port).withHeader("Authorization",
				"Bearer " + orgs.token(bob.login(), bob.password(), List.of("catalog.write")));

		assertThat(catalogOnly.get(members(org)).status()).isEqualTo(200);
		assertThat(code(catalogOnly.post(members(org), body(bob.login(), "editor")))).isEqualTo("ERR-403");
		assertThat(code(catalogOnly.delete(members(org) + "/" + bob.login()))).isEqualTo("ERR-403");
		assertThat(code(bobCatalogOnly.delete(members(org) + "/" + bob.login()))).isEqualTo("ERR-403");
		assertThat(roles(alice.api(port), org)).hasSize(2);
	}

	@Test
	void badRequestsAreExplained() {
		UUID org = orgs.organization(Orgs.unique("Communauté"));
		Account alice = orgs.account("alice");
		orgs.member(org, alice, "admin");

		Answer empty = alice.api(port).post(members(org), "{}");
		assertThat(empty.status()).isEqualTo(400);
		assertThat(errors(empty)).containsExactly("ERR-202 login", "ERR-202 role");
		Answer badRole = alice.api(port).post(members(org), body(alice.login(), "owner"));
		assertThat(badRole.status()).isEqualTo(400);
		assertThat(errors(badRole)).containsExactly("ERR-302 role");
		Answer noAccount = alice.api(port).post(members(org), body("nobody-" + UUID.randomUUID(), "member"));
		assertThat(noAccount.status()).isEqualTo(404);
		assertThat(code(noAccount)).isEqualTo("KRS-404-ACCOUNT");
		for (String unknown : List.of(UUID.randomUUID().toString(), "not-an-id")) {
			Answer answer = alice.api(port).get("/api/organizations/" + unknown + "/members");
			assertThat(answer.status()).isEqualTo(404);
			assertThat(code(answer)).isEqualTo("KRS-404-ORGANIZATION");
		}
		assertThat(alice.api(port).post(members(org), "{").status()).isEqualTo(400);
		Answer anonymous = TestHttp.anonymous(port).get(members(org));
		assertThat(anonymous.status()).isEqualTo(401);
		assertThat(code(anonymous)).isEqualTo("KRS-401");
	}

	/** The case: an editor of organisation A changing a dataset of organisation B. */
	@Test
	void anEditorWritesTheDatasetsAndMediaOfTheirOrganisationOnly() throws Exception {
		String nameA = Orgs.unique("Organisation A");
		String nameB = Orgs.unique("Organisation B");
		UUID a = orgs.organization(nameA);
		UUID b = orgs.organization(nameB);
		Account editor = orgs.account("editor");
		Account member = orgs.account("member");
		orgs.member(a, editor, "editor");
		orgs.member(a, member, "member");
		byte[] content = "commune;population\nRennes;220000\n".getBytes(StandardCharsets.UTF_8);
		String md5 = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(content));

		// A's datasets: created, replaced, its file uploaded
		ObjectNode ofA = RudiRecords.open(Orgs.unique("Budget A"), a, nameA, md5, content.length);
		String idA = ofA.get("global_id").asString();
		Answer created = editor.api(port).post("/api/v1/resources", RudiRecords.write(ofA));
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		ofA.put("resource_title", "Budget A remplacé");
		assertThat(editor.api(port).put("/api/v1/resources/" + idA, RudiRecords.write(ofA)).status()).isEqualTo(200);
		assertThat(upload(editor.api(port), mediaId(ofA), content).status()).isEqualTo(201);

		// B's datasets: neither created, nor replaced, nor deleted, nor their files uploaded
		ObjectNode ofB = RudiRecords.open(Orgs.unique("Budget B"), b, nameB, md5, content.length);
		String idB = ofB.get("global_id").asString();
		expectForbidden(editor.api(port).post("/api/v1/resources", RudiRecords.write(ofB)));
		assertThat(TestHttp.admin(port).post("/api/v1/resources", RudiRecords.write(ofB)).status()).isEqualTo(201);
		ofB.put("resource_title", "Pris par A");
		expectForbidden(editor.api(port).put("/api/v1/resources/" + idB, RudiRecords.write(ofB)));
		expectForbidden(editor.api(port).delete("/api/v1/resources/" + idB));
		expectForbidden(upload(editor.api(port), mediaId(ofB), content));
		assertThat(TestHttp.anonymous(port).get("/api/v1/resources/" + idB).json().get("resource_title").asString())
				.isNotEqualTo("Pris par A");
		// nor moved from A to B
		ofA.withObjectProperty("producer").put("organization_id", b.toString()).put("organization_name", nameB);
		expectForbidden(editor.api(port).put("/api/v1/resources/" + idA, RudiRecords.write(ofA)));

		// a member of A writes nothing
		ObjectNode byMember = RudiRecords.open(Orgs.unique("Budget membre"), a, nameA, md5, content.length);
		expectForbidden(member.api(port).post("/api/v1/resources", RudiRecords.write(byMember)));
		expectForbidden(member.api(port).delete("/api/v1/resources/" + idA));
		expectForbidden(upload(member.api(port), mediaId(ofA), content));

		// an editor's token without catalog.write writes no dataset
		TestHttp mediaOnly = TestHttp.anonymous(port).withHeader("Authorization",
				"Bearer " + orgs.token(editor.login(), editor.password(), List.of("media.write")));
		expectForbidden(mediaOnly.delete("/api/v1/resources/" + idA));

		assertThat(editor.api(port).delete("/api/v1/resources/" + idA).status()).isEqualTo(204);
	}

	private static Answer upload(TestHttp caller, String mediaId, byte[] content) {
		return caller.send(caller.request("/api/v1/media/" + mediaId).header("Content-Type", "text/csv")
				.PUT(HttpRequest.BodyPublishers.ofByteArray(content)));
	}

	private static String mediaId(ObjectNode record) {
		return record.get("available_formats").get(0).get("media_id").asString();
	}

	private static void expectForbidden(Answer answer) {
		assertThat(answer.status()).as(answer.body()).isEqualTo(403);
		assertThat(code(answer)).isEqualTo("ERR-403");
	}

	static String body(String login, String role) {
		return "{\"login\": \"" + login + "\", \"role\": \"" + role + "\"}";
	}

	static List<String> roles(TestHttp caller, UUID org) {
		Answer list = caller.get(members(org));
		assertThat(list.status()).as(list.body()).isEqualTo(200);
		List<String> roles = new ArrayList<>();
		for (JsonNode member : list.json()) {
			roles.add(member.get("login").asString() + "=" + member.get("role").asString());
		}
		return roles;
	}

	static String code(Answer answer) {
		return answer.json().get("code").asString();
	}

	static List<String> errors(Answer answer) {
		List<String> errors = new ArrayList<>();
		for (JsonNode error : answer.json().get("errors")) {
			errors.add(error.get("code").asString() + " " + error.get("field").asString());
		}
		return errors;
	}
}
