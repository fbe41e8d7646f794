package org.kerys.identity.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

import org.kerys.identity.AccessPolicy;
import org.kerys.identity.InvitationRevoked;
import org.kerys.identity.InvitationSent;
import org.kerys.identity.MembershipChanged;
import org.kerys.identity.OrganizationNames;
import org.kerys.identity.OrganizationRole;
import org.kerys.identity.TokenScope;
import org.kerys.identity.internal.Invitations.Invitation;
import org.kerys.identity.internal.Memberships.Member;
import org.kerys.platform.KerysProperties;
import org.kerys.platform.Mail;
import org.kerys.platform.ProblemException;
import org.kerys.platform.ProblemException.FieldError;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.MessageSource;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The members of organisations, their roles and the invitations to join: every rule in one place, for the API
 * ({@link MembersController}, {@link InvitationsController}) and the portal pages ({@link OrganizationPages}).
 * <ul>
 * <li>members, moderators and administrators see an organisation's members ({@link AccessPolicy#maySeeMembersOf});
 * its admins and the administrators change them and invite ({@link AccessPolicy#mayManageMembersOf});</li>
 * <li>an organisation keeps at least one admin: only an administrator may demote or remove the last one;</li>
 * <li>any member may leave (with {@code organizations.write});</li>
 * <li>an invitation is a random code sent by email, valid {@link #INVITATION_VALIDITY}, used once; whoever holds
 * the code and is signed in joins with the invited role (the account's address need not be the invited one: the
 * code is the proof). Accepting never lowers a role the account already has.</li>
 * </ul>
 * Every change publishes {@link MembershipChanged}, {@link InvitationSent} or {@link InvitationRevoked}. Failures
 * are {@link ProblemException}s with stable codes.
 */
@Service
class OrganizationMembers {

	static final Duration INVITATION_VALIDITY = Duration.ofDays(14);
	private static final int CODE_BYTES = 32;
	private static final SecureRandom random = new SecureRandom();

	private final Memberships memberships;
	private final Invitations invitations;
	private final Accounts accounts;
	private final OrganizationNames organizations;
	private final AccessPolicy policy;
	private final ApplicationEventPublisher events;
	private final Mail mail;
	private final MessageSource messages;
	private final String baseUrl;

	OrganizationMembers(Memberships memberships, Invitations invitations, Accounts accounts,
			OrganizationNames organizations, AccessPolicy policy, ApplicationEventPublisher events, Mail mail,
			MessageSource messages, KerysProperties properties) {
		this.memberships = memberships;
		this.invitations = invitations;
		this.accounts = accounts;
		this.organizations = organizations;
		this.policy = policy;
		this.events = events;
		this.mail = mail;
		this.messages = messages;
		this.baseUrl = properties.baseUrl();
	}

	/** A membership changed: the member after it, and whether the account was not a member before. */
	record Change(Member member, boolean added) {
	}

	/** An invitation as its code reveals it, before it is accepted: for the acceptance page. */
	record Offer(Invitation invitation, String organizationName) {
	}

	/** The outcome of accepting an invitation: the role held now (never lower than before). */
	record Joined(UUID organizationId, String organizationName, OrganizationRole role, boolean changed) {
	}

	// ---------------------------------------------------------------- organisations

	/** The organisation with this id; 404 {@code KRS-404-ORGANIZATION} when it does not exist. */
	UUID organization(String id) {
		UUID organization;
		try {
			organization = id == null ? null : UUID.fromString(id.strip());
		}
		catch (IllegalArgumentException e) {
			organization = null;
		}
		if (organization == null || !organizations.exists(organization)) {
			throw noOrganization();
		}
		return organization;
	}

	String name(UUID organization) {
		return organizations.names(List.of(organization)).getOrDefault(organization, organization.toString());
	}

	Optional<OrganizationRole> roleOf(Authentication caller, UUID organization) {
		return policy.roleIn(caller, organization);
	}

	boolean maySee(Authentication caller, UUID organization) {
		return policy.maySeeMembersOf(caller, organization);
	}

	boolean mayManage(Authentication caller, UUID organization) {
		return policy.mayManageMembersOf(caller, organization);
	}

	// ---------------------------------------------------------------- members

	List<Member> members(UUID organization, Authentication caller) {
		AccessPolicy.check(maySee(caller, organization), "You are not a member of this organisation.");
		return memberships.members(organization);
	}

	/**
	 * Adds the account with this login to the organisation with this role, or changes its role. Checks the input
	 * first (400 with every field error), then the caller's right (403), then the account (404
	 * {@code KRS-404-ACCOUNT}) and the last admin (409 {@code KRS-409-LAST-ADMIN}).
	 */
	@Transactional
	Change setRole(UUID organization, String login, String roleCode, Authentication caller) {
		AccessPolicy.check(mayManage(caller, organization), "Only the organisation's admins manage its members.");
		List<FieldError> errors = new ArrayList<>();
		if (login == null || login.isBlank()) {
			errors.add(new FieldError("ERR-202", "login", "The login of the account."));
		}
		OrganizationRole role = role(roleCode, errors);
		invalid(errors, "The member is invalid.");
		Accounts.Account account = accounts.byLogin(login)
				.orElseThrow(() -> ProblemException.notFound("KRS-404-ACCOUNT", "No such account."));
		Optional<OrganizationRole> before = memberships.roleOf(account.id(), organization);
		if (before.isPresent() && before.get() == OrganizationRole.ADMIN && role != OrganizationRole.ADMIN) {
			keepAnAdmin(organization, caller);
		}
		if (before.orElse(null) != role) {
			memberships.set(account.id(), organization, role);
			events.publishEvent(new MembershipChanged(caller.getName(), organization, account.id(), role, "direct"));
		}
		return new Change(memberships.member(organization, account.id()).orElseThrow(), before.isEmpty());
	}

	/**
	 * Removes a member: the organisation's admins and the administrators, or the member themself (leaving). 403
	 * first (so that nobody learns who is a member of an organisation they may not manage), then 404
	 * {@code KRS-404-MEMBER}, then the last admin (409 {@code KRS-409-LAST-ADMIN}).
	 */
	@Transactional
	void remove(UUID organization, String login, Authentication caller) {
		boolean leaving = login != null && Credentials.normalLogin(login).equals(caller.getName());
		AccessPolicy.check(
				leaving ? policy.hasScope(caller, TokenScope.ORGANIZATIONS_WRITE) : mayManage(caller, organization),
				"Only the organisation's admins manage its members.");
		Accounts.Account account = accounts.byLogin(login)
				.orElseThrow(() -> ProblemException.notFound("KRS-404-MEMBER", "No such member."));
		OrganizationRole role = memberships.roleOf(account.id(), organization)
				.orElseThrow(() -> ProblemException.notFound("KRS-404-MEMBER", "No such member."));
		if (role == OrganizationRole.ADMIN) {
			keepAnAdmin(organization, caller);
		}
		memberships.remove(account.id(), organization);
		events.publishEvent(new MembershipChanged(caller.getName(), organization, account.id(), null, "direct"));
	}

	private void keepAnAdmin(UUID organization, Authentication caller) {
		memberships.lockAdmins(organization);
		if (memberships.admins(organization) <= 1 && !policy.isAdministrator(caller)) {
			throw new ProblemException(HttpStatus.CONFLICT, "KRS-409-LAST-ADMIN",
					"An organisation keeps at least one admin: name another admin first.");
		}
	}

	// ---------------------------------------------------------------- invitations

	/**
	 * Invites an address to join with a role: stores the SHA-256 of a fresh random code and emails a link with the
	 * code (after the commit). A pending invitation of the same address to the same organisation is revoked: its
	 * link stops working.
	 */
	@Transactional
	Invitation invite(UUID organization, String email, String roleCode, Authentication caller) {
		AccessPolicy.check(mayManage(caller, organization), "Only the organisation's admins invite.");
		List<FieldError> errors = new ArrayList<>();
		Credentials.checkEmail(email, errors);
		OrganizationRole role = role(roleCode, errors);
		invalid(errors, "The invitation is invalid.");
		String address = email.strip();
		for (UUID replaced : invitations.revokePending(organization, address)) {
			events.publishEvent(new InvitationRevoked(caller.getName(), replaced, organization));
		}
		String code = newCode();
		UUID id = UUID.randomUUID();
		OffsetDateTime expires = OffsetDateTime.now(ZoneOffset.UTC).plus(INVITATION_VALIDITY);
		UUID inviter = accounts.idOf(caller.getName()).orElse(null);
		invitations.create(id, organization, address, role, hash(code), inviter, expires);
		events.publishEvent(new InvitationSent(caller.getName(), id, organization, role, expires));
		String organizationName = name(organization);
		afterCommit(() -> sendInvitation(address, organizationName, role, code, expires));
		return invitations.byId(organization, id).orElseThrow();
	}

	/** The organisation's pending invitations: for those who may invite. */
	List<Invitation> invitations(UUID organization, Authentication caller) {
		AccessPolicy.check(mayManage(caller, organization), "Only the organisation's admins see its invitations.");
		return invitations.pending(organization);
	}

	/**
	 * Revokes a pending invitation; revoking a revoked one changes nothing. 404 {@code KRS-404-INVITATION} when the
	 * organisation has no such invitation, 409 {@code KRS-409-INVITATION-ACCEPTED} when it was accepted already.
	 */
	@Transactional
	void revoke(UUID organization, String invitationId, Authentication caller) {
		AccessPolicy.check(mayManage(caller, organization), "Only the organisation's admins revoke invitations.");
		UUID id;
		try {
			id = UUID.fromString(invitationId);
		}
		catch (IllegalArgumentException | NullPointerException e) {
			throw noInvitation();
		}
		Invitation invitation = invitations.byId(organization, id).orElseThrow(OrganizationMembers::noInvitation);
		if (invitation.acceptedAt() != null) {
			throw new ProblemException(HttpStatus.CONFLICT, "KRS-409-INVITATION-ACCEPTED",
					"This invitation was accepted already: remove the member instead.");
		}
		if (invitations.revoke(organization, id)) {
			events.publishEvent(new InvitationRevoked(caller.getName(), id, organization));
		}
	}

	/**
	 * What a code invites to, if it still may be accepted: 400 {@code ERR-202} without a code, 404
	 * {@code KRS-404-INVITATION} for an unknown code, 410 {@code KRS-410-INVITATION-USED}, {@code -REVOKED} or
	 * {@code -EXPIRED}.
	 */
	Offer offer(String code) {
		if (code == null || code.isBlank()) {
			throw new ProblemException(HttpStatus.BAD_REQUEST, "ERR-202", "The invitation code is missing.",
					List.of(new FieldError("ERR-202", "code", "The code of the invitation link.")));
		}
		Invitation invitation = invitations.byCodeHash(hash(code.strip()))
				.orElseThrow(OrganizationMembers::noInvitation);
		if (invitation.acceptedAt() != null) {
			throw gone("KRS-410-INVITATION-USED", "This invitation has been used already.");
		}
		if (invitation.revokedAt() != null) {
			throw gone("KRS-410-INVITATION-REVOKED", "This invitation has been revoked.");
		}
		if (invitation.expired()) {
			throw gone("KRS-410-INVITATION-EXPIRED", "This invitation has expired: ask for a new one.");
		}
		var names = organizations.names(List.of(invitation.organizationId()));
		if (!names.containsKey(invitation.organizationId())) {
			throw noOrganization();
		}
		return new Offer(invitation, names.get(invitation.organizationId()));
	}

	/**
	 * The signed-in caller accepts the invitation with this code (scope {@code organizations.write} with a token):
	 * joins with its role, or keeps a higher role it already had. The code is used up.
	 */
	@Transactional
	Joined accept(String code, Authentication caller) {
		// the caller's right first: a token without the scope learns nothing about codes
		AccessPolicy.check(policy.isAccount(caller) && policy.hasScope(caller, TokenScope.ORGANIZATIONS_WRITE),
				"Accepting an invitation needs a signed-in account (scope organizations.write with a token).");
		Offer offer = offer(code);
		Accounts.Account account = accounts.byLogin(caller.getName())
				.orElseThrow(() -> ProblemException.notFound("KRS-404-ACCOUNT", "No such account."));
		Invitation invitation = offer.invitation();
		if (!invitations.accept(invitation.id(), account.id())) {
			// used, revoked or expired since offer() read it
			throw gone("KRS-410-INVITATION-USED", "This invitation has been used already.");
		}
		UUID organization = invitation.organizationId();
		Optional<OrganizationRole> before = memberships.roleOf(account.id(), organization);
		OrganizationRole role = before.filter(r -> r.includes(invitation.role())).orElse(invitation.role());
		boolean changed = before.orElse(null) != role;
		if (changed) {
			memberships.set(account.id(), organization, role);
			events.publishEvent(new MembershipChanged(caller.getName(), organization, account.id(), role, "invitation"));
		}
		return new Joined(organization, offer.organizationName(), role, changed);
	}

	/** The link of an invitation email. */
	String link(String code) {
		return baseUrl + "/invitations/accept?code=" + code;
	}

	private void sendInvitation(String email, String organizationName, OrganizationRole role, String code,
			OffsetDateTime expires) {
		StringBuilder text = new StringBuilder();
		StringBuilder subject = new StringBuilder();
		for (Locale locale : List.of(Locale.FRENCH, Locale.ENGLISH)) {
			String roleName = messages.getMessage("organizations.role." + role.code(), null, role.code(), locale);
			String until = expires.format(DateTimeFormatter.ofLocalizedDate(FormatStyle.LONG).withLocale(locale));
			if (!subject.isEmpty()) {
				subject.append(" / ");
				text.append("\n\n----\n\n");
			}
			subject.append(messages.getMessage("organizations.mail.subject", new Object[] { organizationName }, locale));
			text.append(messages.getMessage("organizations.mail.text",
					new Object[] { organizationName, roleName, link(code), until }, locale));
		}
		mail.send(email, subject.toString(), text.toString());
	}

	// ---------------------------------------------------------------- helpers

	private static OrganizationRole role(String code, List<FieldError> errors) {
		OrganizationRole role = OrganizationRole.of(code).orElse(null);
		if (role == null) {
			errors.add(new FieldError(code == null || code.isBlank() ? "ERR-202" : "ERR-302", "role",
					"One of member, editor, admin."));
		}
		return role;
	}

	private static void invalid(List<FieldError> errors, String message) {
		if (!errors.isEmpty()) {
			throw new ProblemException(HttpStatus.BAD_REQUEST, errors.get(0).code(), message, errors);
		}
	}

	private static void afterCommit(Runnable action) {
		org.kerys.platform.AfterCommit.run(action);
	}

	static String newCode() {
		byte[] bytes = new byte[CODE_BYTES];
		random.nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	static String hash(String code) {
		try {
			return HexFormat.of().formatHex(
					MessageDigest.getInstance("SHA-256").digest(code.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
	}

	static ProblemException noOrganization() {
		return ProblemException.notFound("KRS-404-ORGANIZATION", "No such organisation.");
	}

	private static ProblemException noInvitation() {
		return ProblemException.notFound("KRS-404-INVITATION", "No such invitation.");
	}

	private static ProblemException gone(String code, String message) {
		return new ProblemException(HttpStatus.GONE, code, message);
	}
}
