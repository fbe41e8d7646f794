package org.kerys.identity.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.kerys.identity.AccessPolicy;
import org.kerys.identity.MembershipChanged;
import org.kerys.identity.OrganizationNames;
import org.kerys.identity.OrganizationRole;
import org.kerys.platform.ProblemException;
import org.kerys.platform.ProblemException.FieldError;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The members of an organisation and their roles. Its members, moderators and administrators see them; its admins
 * and the administrators change them ({@link AccessPolicy#mayManageMembersOf}).
 */
@RestController
@Tag(name = "Organisation members")
class MembersController {

	private final Memberships memberships;
	private final Accounts accounts;
	private final OrganizationNames organizations;
	private final AccessPolicy policy;
	private final ApplicationEventPublisher events;

	MembersController(Memberships memberships, Accounts accounts, OrganizationNames organizations, AccessPolicy policy,
			ApplicationEventPublisher events) {
		this.memberships = memberships;
		this.accounts = accounts;
		this.organizations = organizations;
		this.policy = policy;
		this.events = events;
	}

	record MemberRequest(String login, String role) {
	}

	record Member(String login, @JsonProperty("display_name") String displayName, String role,
			java.time.OffsetDateTime since) {

		static Member of(Memberships.Member member) {
			return new Member(member.login(), member.displayName(), member.role().code(), member.since());
		}
	}

	@GetMapping(path = "/api/organizations/{id}/members", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "An organisation's members and their roles",
			description = "Its members, moderators and administrators.")
	List<Member> list(@PathVariable String id, Authentication caller) {
		UUID organization = organization(id);
		AccessPolicy.check(policy.maySeeMembersOf(caller, organization), "You are not a member of this organisation.");
		return memberships.members(organization).stream().map(Member::of).toList();
	}

	@Transactional
	@PostMapping(path = "/api/organizations/{id}/members", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Add a member or change a member's role", description = """
			The organisation's admins and the administrators (scope organizations.write). Body {"login", "role": \\
			"member" | "editor" | "admin"}. Answers the member; 201 when added, 200 when the role changed. The last \\
			admin of an organisation keeps that role unless an administrator changes it.""")
	ResponseEntity<Member> add(@PathVariable String id, @RequestBody(required = false) MemberRequest request,
			Authentication caller) {
		UUID organization = organization(id);
		AccessPolicy.check(policy.mayManageMembersOf(caller, organization),
				"Only the organisation's admins manage its members.");
		MemberRequest asked = request == null ? new MemberRequest(null, null) : request;
		List<FieldError> errors = new ArrayList<>();
		if (asked.login() == null || asked.login().isBlank()) {
			errors.add(new FieldError("ERR-202", "login", "The login of the account to add."));
		}
		OrganizationRole role = OrganizationRole.of(asked.role()).orElse(null);
		if (role == null) {
			errors.add(new FieldError(asked.role() == null ? "ERR-202" : "ERR-302", "role",
					"One of member, editor, admin."));
		}
		if (!errors.isEmpty()) {
			throw new ProblemException(HttpStatus.BAD_REQUEST, errors.get(0).code(), "The member is invalid.", errors);
		}
		Accounts.Account account = accounts.byLogin(asked.login())
				.orElseThrow(() -> ProblemException.notFound("KRS-404-ACCOUNT", "No such account."));
		var before = memberships.roleOf(account.id(), organization);
		if (before.isPresent() && before.get() == OrganizationRole.ADMIN && role != OrganizationRole.ADMIN) {
			keepAnAdmin(organization, caller);
		}
		memberships.set(account.id(), organization, role);
		if (before.orElse(null) != role) {
			events.publishEvent(new MembershipChanged(caller.getName(), organization, account.id(), role, "direct"));
		}
		Member member = memberships.members(organization).stream().filter(m -> m.accountId().equals(account.id()))
				.findFirst().map(Member::of).orElseThrow();
		return ResponseEntity.status(before.isPresent() ? HttpStatus.OK : HttpStatus.CREATED).body(member);
	}

	@Transactional
	@DeleteMapping("/api/organizations/{id}/members/{login}")
	@Operation(summary = "Remove a member", description = """
			The organisation's admins and the administrators (scope organizations.write); any member may leave \\
			(remove themself). The last admin stays unless an administrator removes them.""")
	ResponseEntity<Void> remove(@PathVariable String id, @PathVariable String login, Authentication caller) {
		UUID organization = organization(id);
		boolean leaving = Credentials.normalLogin(login).equals(caller.getName());
		AccessPolicy.check(leaving || policy.mayManageMembersOf(caller, organization),
				"Only the organisation's admins manage its members.");
		Accounts.Account account = accounts.byLogin(login)
				.orElseThrow(() -> ProblemException.notFound("KRS-404-MEMBER", "No such member."));
		var role = memberships.roleOf(account.id(), organization)
				.orElseThrow(() -> ProblemException.notFound("KRS-404-MEMBER", "No such member."));
		if (role == OrganizationRole.ADMIN) {
			keepAnAdmin(organization, caller);
		}
		memberships.remove(account.id(), organization);
		events.publishEvent(new MembershipChanged(caller.getName(), organization, account.id(), null, "direct"));
		return ResponseEntity.noContent().build();
	}

	private void keepAnAdmin(UUID organization, Authentication caller) {
		if (memberships.admins(organization) <= 1 && !policy.isAdministrator(caller)) {
			throw new ProblemException(HttpStatus.CONFLICT, "KRS-409-LAST-ADMIN",
					"An organisation keeps at least one admin: name another admin first.");
		}
	}

	private UUID organization(String id) {
		UUID organization;
		try {
			organization = UUID.fromString(id);
		}
		catch (IllegalArgumentException e) {
			throw ProblemException.notFound("KRS-404-ORGANIZATION", "No such organisation.");
		}
		if (!organizations.exists(organization)) {
			throw ProblemException.notFound("KRS-404-ORGANIZATION", "No such organisation.");
		}
		return organization;
	}
}
