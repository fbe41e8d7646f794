package org.kerys.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.kerys.identity.OrganizationMembersTests.code;
import static org.kerys.identity.OrganizationMembersTests.errors;
import static org.kerys.identity.OrganizationMembersTests.roles;
import static org.kerys.identity.Orgs.invitations;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.kerys.KerysHttpTest;
import org.kerys.TestHttp;
import org.kerys.TestHttp.Answer;
import org.kerys.identity.Orgs.Account;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** Invitations to join an organisation, through the API and through the portal pages. */
@KerysHttpTest
@ExtendWith(OutputCaptureExtension.class)
class InvitationsTests {

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	Orgs orgs;

	@BeforeEach
	void setUp() {
		orgs = new Orgs(port);
	}

	// ---------------------------------------------------------------- API

	@Test
	void anInvitationIsSentListedAcceptedOnce(CapturedOutput output) {
		String name = Orgs.unique("Ville");
		UUID org = orgs.organization(name);
		Account alice = orgs.account("alice");
		Account dave = orgs.account("dave");
		orgs.member(org, alice, "admin");
		String email = Orgs.unique("invited") + "@example.org";

		Answer sent = alice.api(port).post(invitations(org), invite(email, "editor"));
		assertThat(sent.status()).as(sent.body()).isEqualTo(201);
		JsonNode invitation = sent.json();
		assertThat(invitation.get("email").asString()).isEqualTo(email);
		assertThat(invitation.get("role").asString()).isEqualTo("editor");
		assertThat(invitation.get("invited_by").asString()).isEqualTo(alice.login());
		OffsetDateTime expires = OffsetDateTime.parse(invitation.get("expires_at").asString());
		assertThat(expires).isBetween(OffsetDateTime.now().plusDays(13), OffsetDateTime.now().plusDays(15));
		assertThat(sent.header("Location")).isEqualTo(invitations(org) + "/" + invitation.get("id").asString());

		Answer pending = alice.api(port).get(invitations(org));
		assertThat(pending.status()).isEqualTo(200);
		assertThat(pending.json()).hasSize(1);
		assertThat(pending.json().get(0).get("id")).isEqualTo(invitation.get("id"));

		// the email: the organisation, the role and the link, in French and English; the code is not stored
		String code = Orgs.codeSentTo(output, email);
		String mail = output.getAll().substring(output.getAll().lastIndexOf("to " + email));
		assertThat(mail).contains(name).contains("éditeur").contains("editor")
				.containsPattern("http://localhost(:\\d+)?/invitations/accept\\?code=" + code);
		assertThat(jdbc.sql("select count(*) from invitations where code_hash = ?").param(code)
				.query(Long.class).single()).isZero();

		// whoever holds the code joins (dave's address is not the invited one: the code is the proof)
		Answer accepted = dave.api(port).post("/api/invitations/accept", "{\"code\": \"" + code + "\"}");
		assertThat(accepted.status()).as(accepted.body()).isEqualTo(200);
		assertThat(accepted.json().get("organization_id").asString()).isEqualTo(org.toString());
		assertThat(accepted.json().get("organization_name").asString()).isEqualTo(name);
		assertThat(accepted.json().get("role").asString()).isEqualTo("editor");
		assertThat(roles(alice.api(port), org)).containsExactlyInAnyOrder(alice.login() + "=admin",
				dave.login() + "=editor");
		assertThat(alice.api(port).get(invitations(org)).json()).isEmpty();
		assertThat(dave.api(port).get("/api/me").json().get("organizations").get(0).get("role").asString())
				.isEqualTo("editor");

		// once
		Answer again = orgs.account("eve").api(port).post("/api/invitations/accept", "{\"code\": \"" + code + "\"}");
		assertThat(again.status()).isEqualTo(410);
		assertThat(code(again)).isEqualTo("KRS-410-INVITATION-USED");
		// an accepted invitation cannot be revoked: the member is removed instead
		Answer revoke = alice.api(port).delete(invitations(org) + "/" + invitation.get("id").asString());
		assertThat(revoke.status()).isEqualTo(409);
		assertThat(code(revoke)).isEqualTo("KRS-409-INVITATION-ACCEPTED");
	}

	@Test
	void revokedExpiredAndUnknownCodesAreRefused(CapturedOutput output) {
		UUID org = orgs.organization(Orgs.unique("Pays"));
		Account alice = orgs.account("alice");
		Account dave = orgs.account("dave");
		orgs.member(org, alice, "admin");

		String revokedEmail = Orgs.unique("revoked") + "@example.org";
		String revokedId = alice.api(port).post(invitations(org), invite(revokedEmail, "member")).json().get("id")
				.asString();
		String revokedCode = Orgs.codeSentTo(output, revokedEmail);
		assertThat(alice.api(port).delete(invitations(org) + "/" + revokedId).status()).isEqualTo(204);
		assertThat(alice.api(port).delete(invitations(org) + "/" + revokedId).status()).isEqualTo(204);
		assertThat(alice.api(port).get(invitations(org)).json()).isEmpty();
		expectGone(dave.api(port).post("/api/invitations/accept", accept(revokedCode)), "KRS-410-INVITATION-REVOKED");

		String expiredEmail = Orgs.unique("expired") + "@example.org";
		String expiredId = alice.api(port).post(invitations(org), invite(expiredEmail, "member")).json().get("id")
				.asString();
		String expiredCode = Orgs.codeSentTo(output, expiredEmail);
		jdbc.sql("update invitations set expires_at = now() - interval '1 minute' where id = ?")
				.param(UUID.fromString(expiredId)).update();
		assertThat(alice.api(port).get(invitations(org)).json()).isEmpty();
		expectGone(dave.api(port).post("/api/invitations/accept", accept(expiredCode)), "KRS-410-INVITATION-EXPIRED");

		Answer unknown = dave.api(port).post("/api/invitations/accept", accept("not-a-code"));
		assertThat(unknown.status()).isEqualTo(404);
		assertThat(code(unknown)).isEqualTo("KRS-404-INVITATION");
		Answer missing = dave.api(port).post("/api/invitations/accept", "{}");
		assertThat(missing.status()).isEqualTo(400);
		assertThat(errors(missing)).containsExactly("ERR-202 code");
		assertThat(alice.api(port).delete(invitations(org) + "/" + UUID.randomUUID()).status()).isEqualTo(404);
		assertThat(roles(alice.api(port), org)).containsExactly(alice.login() + "=admin");
	}

	@Test
	void aNewInvitationReplacesThePendingOneAndAcceptingNeverLowersARole(CapturedOutput output) {
		UUID org = orgs.organization(Orgs.unique("Canton"));
		Account alice = orgs.account("alice");
		orgs.member(org, alice, "admin");
		String email = Orgs.unique("twice") + "@example.org";

		alice.api(port).post(invitations(org), invite(email, "member"));
		String first = Orgs.codeSentTo(output, email);
		alice.api(port).post(invitations(org), invite(email.toUpperCase(), "editor"));
		String second = Orgs.codeSentTo(output, email.toUpperCase());
		assertThat(alice.api(port).get(invitations(org)).json()).hasSize(1);
		expectGone(alice.api(port).post("/api/invitations/accept", accept(first)), "KRS-410-INVITATION-REVOKED");

		// alice, an admin, accepts an editor invitation: she stays admin, and the code is used up
		Answer accepted = alice.api(port).post("/api/invitations/accept", accept(second));
		assertThat(accepted.status()).isEqualTo(200);
		assertThat(accepted.json().get("role").asString()).isEqualTo("admin");
		assertThat(roles(alice.api(port), org)).containsExactly(alice.login() + "=admin");
		expectGone(alice.api(port).post("/api/invitations/accept", accept(second)), "KRS-410-INVITATION-USED");
	}

	@Test
	void onlyTheOrganisationsAdminsInvite(CapturedOutput output) {
		UUID org = orgs.organization(Orgs.unique("Bourg"));
		UUID other = orgs.organization(Orgs.unique("Hameau"));
		Account alice = orgs.account("alice");
		Account editor = orgs.account("editor");
		Account zoe = orgs.account("zoe");
		Account moderator = orgs.account("moderator", "moderator");
		orgs.member(org, alice, "admin");
		orgs.member(org, editor, "editor");
		orgs.member(other, zoe, "admin");
		TestHttp aliceWithoutScope = TestHttp.anonymous(port).withHeader("Authorization",
				"Bearer " + orgs.token(alice.login(), alice.password(), List.of("catalog.write")));
		String body = invite("someone@example.org", "member");

		for (TestHttp refused : List.of(editor.api(port), zoe.api(port), moderator.api(port), aliceWithoutScope)) {
			Answer sent = refused.post(invitations(org), body);
			assertThat(sent.status()).as(sent.body()).isEqualTo(403);
			assertThat(code(sent)).isEqualTo("ERR-403");
			assertThat(refused.get(invitations(org)).status()).isEqualTo(403);
		}
		assertThat(TestHttp.anonymous(port).post(invitations(org), body).status()).isEqualTo(401);
		assertThat(TestHttp.anonymous(port).post("/api/invitations/accept", accept("x")).status()).isEqualTo(401);

		// the administrator may; a token without organizations.write cannot accept
		String email = Orgs.unique("by-admin") + "@example.org";
		assertThat(TestHttp.admin(port).post(invitations(org), invite(email, "admin")).status()).isEqualTo(201);
		String code = Orgs.codeSentTo(output, email);
		TestHttp zoeWithoutScope = TestHttp.anonymous(port).withHeader("Authorization",
				"Bearer " + orgs.token(zoe.login(), zoe.password(), List.of("catalog.write")));
		assertThat(code(zoeWithoutScope.post("/api/invitations/accept", accept(code)))).isEqualTo("ERR-403");
		assertThat(code(zoeWithoutScope.post("/api/invitations/accept", accept("unknown")))).isEqualTo("ERR-403");
		assertThat(zoe.api(port).post("/api/invitations/accept", accept(code)).json().get("role").asString())
				.isEqualTo("admin");
	}

	@Test
	void badInvitationsAreExplained() {
		UUID org = orgs.organization(Orgs.unique("Quartier"));
		Account alice = orgs.account("alice");
		orgs.member(org, alice, "admin");

		Answer empty = alice.api(port).post(invitations(org), "{}");
		assertThat(empty.status()).isEqualTo(400);
		assertThat(errors(empty)).containsExactly("ERR-202 email", "ERR-202 role");
		Answer bad = alice.api(port).post(invitations(org), invite("not an address", "boss"));
		assertThat(bad.status()).isEqualTo(400);
		assertThat(errors(bad)).containsExactly("KRS-400-EMAIL email", "ERR-302 role");
		Answer unknown = alice.api(port).post(invitations(UUID.randomUUID()), invite("a@example.org", "member"));
		assertThat(unknown.status()).isEqualTo(404);
		assertThat(code(unknown)).isEqualTo("KRS-404-ORGANIZATION");
		assertThat(alice.api(port).get(invitations(org)).json()).isEmpty();
	}

	// ---------------------------------------------------------------- pages

	@Test
	void theWholeFlowThroughThePages(CapturedOutput output) {
		String name = Orgs.unique("Commune des pages");
		UUID org = orgs.organization(name);
		Account alice = orgs.account("alice");
		Account erin = orgs.account("erin");
		orgs.member(org, alice, "admin");
		String page = "/account/organizations/" + org;

		// alice signs in (the form of an invitation page gives the CSRF token) and opens her organisation's page
		Browser aliceBrowser = new Browser(port);
		String signInCode = loginCode(output, org);
		aliceBrowser.signIn("/invitations/accept?code=" + signInCode, alice.login(), alice.password());
		// signed in, the same link offers to join, and says alice is an admin already
		assertThat(aliceBrowser.get("/invitations/accept?code=" + signInCode + "&lang=fr").body())
				.contains("Vous êtes déjà administrateur de cette organisation.")
				.contains("Rejoindre " + name + " en tant que membre");
		Answer mine = aliceBrowser.get(page + "?lang=fr");
		assertThat(mine.status()).isEqualTo(200);
		assertThat(mine.body()).contains("<h1>" + name + "</h1>").contains("Votre rôle : administrateur.")
				.contains("<caption>Membres de " + name + " et leur rôle</caption>").contains("scope=\"col\"")
				.contains("Inviter une personne").contains("name=\"_csrf\"");

		// an invalid address: the form again, the error next to the field
		Answer invalid = aliceBrowser.post(page + "/invitations", Map.of("email", "pas une adresse", "role", "editor"));
		assertThat(invalid.status()).isEqualTo(400);
		assertThat(invalid.body()).contains("id=\"invite-email-error\"").contains("Indiquez une adresse électronique valide")
				.contains("aria-invalid=\"true\"").contains("value=\"pas une adresse\"");

		// a valid one: redirected to the page, which says so and lists the invitation
		aliceBrowser.get(page);
		String email = Orgs.unique("erin-pro") + "@example.org";
		Answer invited = aliceBrowser.post(page + "/invitations", Map.of("email", email, "role", "editor"));
		assertThat(invited.status()).isEqualTo(302);
		assertThat(invited.header("Location")).endsWith(page);
		Answer after = aliceBrowser.get(page);
		assertThat(after.body()).contains("Invitation envoyée à " + email + " avec le rôle éditeur.")
				.contains("Invitations en attente pour " + name);
		String code = Orgs.codeSentTo(output, email);

		// erin opens the link signed out: what it is, and how to sign in
		Browser erinBrowser = new Browser(port);
		Answer link = erinBrowser.get("/invitations/accept?code=" + code);
		assertThat(link.status()).isEqualTo(200);
		assertThat(link.header("Referrer-Policy")).isEqualTo("no-referrer");
		assertThat(link.body()).contains("Vous êtes invité à rejoindre " + name + " avec le rôle éditeur.")
				.contains("href=\"/register\"").contains("name=\"password\"").doesNotContain("Rejoindre ");
		// signing in comes back to the invitation
		Answer signedIn = erinBrowser.post("/login", Map.of("username", erin.login(), "password", erin.password()));
		assertThat(signedIn.status()).isEqualTo(302);
		assertThat(signedIn.header("Location")).contains("/invitations/accept?code=" + code);
		Answer ready = erinBrowser.get(signedIn.header("Location"));
		assertThat(ready.body()).contains("Rejoindre " + name + " en tant que éditeur").contains(erin.login());
		Answer joined = erinBrowser.post("/invitations/accept", Map.of("code", code));
		assertThat(joined.status()).isEqualTo(302);
		assertThat(joined.header("Location")).endsWith(page);
		Answer erinsPage = erinBrowser.get(page);
		assertThat(erinsPage.status()).isEqualTo(200);
		assertThat(erinsPage.body()).contains("Vous avez rejoint " + name + " avec le rôle éditeur.")
				.contains("Votre rôle : éditeur.").doesNotContain("Inviter une personne");
		assertThat(roles(alice.api(port), org)).contains(erin.login() + "=editor");

		// alice makes erin a member, in English
		aliceBrowser.get(page + "?lang=en");
		Answer changed = aliceBrowser.post(page + "/members", Map.of("login", erin.login(), "role", "member"));
		assertThat(changed.status()).isEqualTo(302);
		assertThat(aliceBrowser.get(page).body()).contains(erin.login() + " now has the role member.");
		assertThat(roles(alice.api(port), org)).contains(erin.login() + "=member");

		// the last admin cannot step down: said on the page
		aliceBrowser.post(page + "/members", Map.of("login", alice.login(), "role", "member"));
		assertThat(aliceBrowser.get(page).body()).contains("An organisation always keeps at least one admin");

		// revoke an invitation, remove erin
		String other = Orgs.unique("other") + "@example.org";
		String invitationId = alice.api(port).post(invitations(org), invite(other, "member")).json().get("id")
				.asString();
		aliceBrowser.get(page);
		aliceBrowser.post(page + "/invitations/revoke", Map.of("invitation", invitationId));
		assertThat(aliceBrowser.get(page).body()).contains("The invitation is revoked").doesNotContain(other);
		aliceBrowser.post(page + "/members/remove", Map.of("login", erin.login()));
		assertThat(aliceBrowser.get(page).body()).contains(erin.login() + " is no longer part of the organisation.");
		assertThat(roles(alice.api(port), org)).containsExactly(alice.login() + "=admin");

		// erin, no longer a member, is refused the page (as an HTML page, not JSON)
		Answer refused = erinBrowser.get(page);
		assertThat(refused.status()).isEqualTo(403);
		assertThat(refused.header("Content-Type")).startsWith("text/html");
	}

	@Test
	void pagesForMembersStrangersAndDeadLinks(CapturedOutput output) {
		String name = Orgs.unique("Village");
		UUID org = orgs.organization(name);
		Account alice = orgs.account("alice");
		Account bob = orgs.account("bob");
		orgs.member(org, alice, "admin");
		orgs.member(org, bob, "member");
		String page = "/account/organizations/" + org;

		// signed out: to the sign-in
		Answer anonymous = new Browser(port).get(page);
		assertThat(anonymous.status()).isEqualTo(302);
		assertThat(anonymous.header("Location")).endsWith("/login");

		// a member sees the members, no management; may leave
		Browser bobBrowser = new Browser(port);
		bobBrowser.signIn("/invitations/accept?code=" + loginCode(output, org), bob.login(), bob.password());
		Answer bobsPage = bobBrowser.get(page + "?lang=en");
		assertThat(bobsPage.status()).isEqualTo(200);
		assertThat(bobsPage.body()).contains("Your role: member.").contains(alice.login()).contains("Leave " + name)
				.doesNotContain("Invite someone").doesNotContain("Change role");
		// forged forms are refused
		for (Answer forged : List.of(bobBrowser.post(page + "/members", Map.of("login", bob.login(), "role", "admin")),
				bobBrowser.post(page + "/members/remove", Map.of("login", alice.login())),
				bobBrowser.post(page + "/invitations", Map.of("email", "x@example.org", "role", "admin")),
				bobBrowser.post(page + "/invitations/revoke", Map.of("invitation", UUID.randomUUID().toString())))) {
			assertThat(forged.status()).isEqualTo(403);
			assertThat(forged.header("Content-Type")).startsWith("text/html");
		}
		assertThat(roles(alice.api(port), org)).contains(bob.login() + "=member");
		Answer unknown = bobBrowser.get("/account/organizations/" + UUID.randomUUID());
		assertThat(unknown.status()).isEqualTo(404);
		assertThat(unknown.header("Content-Type")).startsWith("text/html");
		// leaving
		bobBrowser.get(page);
		Answer left = bobBrowser.post(page + "/members/remove", Map.of("login", bob.login()));
		assertThat(left.status()).isEqualTo(302);
		assertThat(left.header("Location")).endsWith("/account");
		assertThat(roles(alice.api(port), org)).containsExactly(alice.login() + "=admin");

		// dead links explain themselves
		String email = Orgs.unique("late") + "@example.org";
		String id = alice.api(port).post(invitations(org), invite(email, "member")).json().get("id").asString();
		String code = Orgs.codeSentTo(output, email);
		jdbc.sql("update invitations set expires_at = now() - interval '1 minute' where id = ?")
				.param(UUID.fromString(id)).update();
		Answer expired = new Browser(port).get("/invitations/accept?code=" + code + "&lang=fr");
		assertThat(expired.status()).isEqualTo(410);
		assertThat(expired.body()).contains("Cette invitation a expiré.");
		Answer bogus = new Browser(port).get("/invitations/accept?code=nope&lang=en");
		assertThat(bogus.status()).isEqualTo(404);
		assertThat(bogus.body()).contains("This invitation link is not valid");
	}

	/** A pending invitation whose page offers the sign-in form (for its CSRF token): used only to sign in. */
	private String loginCode(CapturedOutput output, UUID org) {
		String email = Orgs.unique("sign-in") + "@example.org";
		assertThat(TestHttp.admin(port).post(invitations(org), invite(email, "member")).status()).isEqualTo(201);
		return Orgs.codeSentTo(output, email);
	}

	private static void expectGone(Answer answer, String code) {
		assertThat(answer.status()).as(answer.body()).isEqualTo(410);
		assertThat(code(answer)).isEqualTo(code);
	}

	private static String invite(String email, String role) {
		return "{\"email\": \"" + email + "\", \"role\": \"" + role + "\"}";
	}

	private static String accept(String code) {
		return "{\"code\": \"" + code + "\"}";
	}
}
