package org.kerys.identity.internal;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.kerys.identity.AccessPolicy;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The members of an organisation and their roles. Its members, moderators and administrators see them; its admins
 * and the administrators change them ({@link AccessPolicy#mayManageMembersOf}). The rules are
 * {@link OrganizationMembers}'.
 */
@RestController
@Tag(name = "Organisation members")
class MembersController {

	private final OrganizationMembers members;

	MembersController(OrganizationMembers members) {
		this.members = members;
	}

	record MemberRequest(String login, String role) {
	}

	record Member(String login, @JsonProperty("display_name") String displayName, String role, OffsetDateTime since) {

		static Member of(Memberships.Member member) {
			return new Member(member.login(), member.displayName(), member.role().code(), member.since());
		}
	}

	@GetMapping(path = "/api/organizations/{id}/members", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "An organisation's members and their roles",
			description = "Its members, moderators and administrators. 404 KRS-404-ORGANIZATION for an unknown one.")
	List<Member> list(@PathVariable String id, Authentication caller) {
		UUID organization = members.organization(id);
		return members.members(organization, caller).stream().map(Member::of).toList();
	}

	@PostMapping(path = "/api/organizations/{id}/members", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Add a member or change a member's role", description = """
			The organisation's admins and the administrators (scope organizations.write). Body {"login", "role": \\
			"member" | "editor" | "admin"}. Answers the member; 201 when added, 200 when the role changed. The last \\
			admin of an organisation keeps that role unless an administrator changes it (409 KRS-409-LAST-ADMIN). \\
			400 with field errors (ERR-202 missing, ERR-302 bad value); 404 KRS-404-ACCOUNT for an unknown login.""")
	ResponseEntity<Member> add(@PathVariable String id, @RequestBody(required = false) MemberRequest request,
			Authentication caller) {
		UUID organization = members.organization(id);
		MemberRequest asked = request == null ? new MemberRequest(null, null) : request;
		OrganizationMembers.Change change = members.setRole(organization, asked.login(), asked.role(), caller);
		return ResponseEntity.status(change.added() ? HttpStatus.CREATED : HttpStatus.OK)
				.body(Member.of(change.member()));
	}

	@DeleteMapping("/api/organizations/{id}/members/{login}")
	@Operation(summary = "Remove a member", description = """
			The organisation's admins and the administrators (scope organizations.write); any member may leave \\
			(remove themself, scope organizations.write with a token). The last admin stays unless an administrator \\
			removes them (409 KRS-409-LAST-ADMIN). 404 KRS-404-MEMBER when the login is not a member.""")
	ResponseEntity<Void> remove(@PathVariable String id, @PathVariable String login, Authentication caller) {
		members.remove(members.organization(id), login, caller);
		return ResponseEntity.noContent().build();
	}
}
