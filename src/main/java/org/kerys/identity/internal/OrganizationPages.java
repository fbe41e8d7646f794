package org.kerys.identity.internal;

import org.kerys.platform.PortalPage;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.kerys.identity.AccessPolicy;
import org.kerys.identity.OrganizationRole;
import org.kerys.identity.internal.Invitations.Invitation;
import org.kerys.identity.internal.Memberships.Member;
import org.kerys.platform.ProblemException;
import org.kerys.platform.ProblemException.FieldError;
import org.springframework.context.MessageSource;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The portal pages of organisations: an organisation's page for its members ({@code /account/organizations/{id}}:
 * members, and for its admins roles, removal, invitations) and the page an invitation link opens
 * ({@code /invitations/accept?code=…}). Every rule is {@link OrganizationMembers}'; forms post, then redirect with
 * a message (post-redirect-get), except a form with invalid fields, shown again with the errors next to them.
 */
@Controller
@PortalPage
class OrganizationPages {

	private static final String FIELD_ERROR = "organizations.error.";
	private static final String PROBLEM = "organizations.problem.";

	private final OrganizationMembers members;
	private final AccessPolicy policy;
	private final MessageSource messages;

	OrganizationPages(OrganizationMembers members, AccessPolicy policy, MessageSource messages) {
		this.members = members;
		this.policy = policy;
		this.messages = messages;
	}

	/** A member as the page shows them. */
	record MemberRow(String login, String displayName, String role, String since) {
	}

	/** A pending invitation as the page shows it. */
	record InvitationRow(String id, String email, String role, String invitedBy, String expires) {
	}



	// ---------------------------------------------------------------- the organisation's page

	@GetMapping("/account/organizations/{id}")
	String organization(@PathVariable String id, Authentication caller, Model model, Locale locale) {
		UUID organization = members.organization(id);
		return organizationPage(organization, caller, model, locale);
	}

	@PostMapping("/account/organizations/{id}/members")
	String changeRole(@PathVariable String id, @RequestParam(required = false) String login,
			@RequestParam(required = false) String role, Authentication caller, RedirectAttributes redirect,
			Locale locale) {
		UUID organization = members.organization(id);
		try {
			OrganizationMembers.Change change = members.setRole(organization, login, role, caller);
			notice(redirect, "organizations.notice.roleChanged", locale, change.member().login(),
					roleName(change.member().role(), locale));
		}
		catch (ProblemException e) {
			problem(redirect, e, locale);
		}
		return redirectTo(organization);
	}

	@PostMapping("/account/organizations/{id}/members/remove")
	String remove(@PathVariable String id, @RequestParam(required = false) String login, Authentication caller,
			RedirectAttributes redirect, Locale locale) {
		UUID organization = members.organization(id);
		boolean leaving = login != null && Credentials.normalLogin(login).equals(caller.getName());
		try {
			members.remove(organization, login, caller);
		}
		catch (ProblemException e) {
			problem(redirect, e, locale);
			return redirectTo(organization);
		}
		if (leaving && !members.maySee(caller, organization)) {
			// no longer a member: the organisation's page is closed to them now
			notice(redirect, "organizations.notice.left", locale, members.name(organization));
			return "redirect:/account";
		}
		notice(redirect, leaving ? "organizations.notice.left" : "organizations.notice.removed", locale,
				leaving ? members.name(organization) : Credentials.normalLogin(login));
		return redirectTo(organization);
	}

	@PostMapping("/account/organizations/{id}/invitations")
	Object invite(@PathVariable String id, @RequestParam(required = false) String email,
			@RequestParam(required = false) String role, Authentication caller, Model model,
			RedirectAttributes redirect, Locale locale, HttpServletResponse response) {
		UUID organization = members.organization(id);
		try {
			Invitation invitation = members.invite(organization, email, role, caller);
			notice(redirect, "organizations.notice.invited", locale, invitation.email(),
					roleName(invitation.role(), locale));
			return redirectTo(organization);
		}
		catch (ProblemException e) {
			if (e.errors().isEmpty()) {
				problem(redirect, e, locale);
				return redirectTo(organization);
			}
			Map<String, String> errors = new LinkedHashMap<>();
			for (FieldError error : e.errors()) {
				errors.putIfAbsent(error.field(), messages.getMessage(FIELD_ERROR + error.field() + "." + error.code(),
						null, messages.getMessage(FIELD_ERROR + "generic", null, locale), locale));
			}
			model.addAttribute("errors", errors);
			model.addAttribute("inviteEmail", email);
			model.addAttribute("inviteRole", role);
			response.setStatus(HttpStatus.BAD_REQUEST.value());
			return organizationPage(organization, caller, model, locale);
		}
	}

	@PostMapping("/account/organizations/{id}/invitations/revoke")
	String revoke(@PathVariable String id, @RequestParam(required = false) String invitation, Authentication caller,
			RedirectAttributes redirect, Locale locale) {
		UUID organization = members.organization(id);
		try {
			members.revoke(organization, invitation, caller);
			notice(redirect, "organizations.notice.revoked", locale);
		}
		catch (ProblemException e) {
			problem(redirect, e, locale);
		}
		return redirectTo(organization);
	}

	private String organizationPage(UUID organization, Authentication caller, Model model, Locale locale) {
		List<Member> list = members.members(organization, caller); // 403 for those who may not see them
		boolean manage = members.mayManage(caller, organization);
		DateTimeFormatter dates = DateTimeFormatter.ofLocalizedDate(FormatStyle.MEDIUM).withLocale(locale);
		model.addAttribute("organizationId", organization);
		model.addAttribute("organizationName", members.name(organization));
		model.addAttribute("myRole", members.roleOf(caller, organization).map(OrganizationRole::code).orElse(null));
		model.addAttribute("me", caller.getName());
		model.addAttribute("canManage", manage);
		model.addAttribute("roles", Arrays.stream(OrganizationRole.values()).map(OrganizationRole::code).toList());
		model.addAttribute("members", list.stream().map(m -> new MemberRow(m.login(), m.displayName(),
				m.role().code(), format(m.since(), dates))).toList());
		if (manage) {
			model.addAttribute("invitations", members.invitations(organization, caller).stream()
					.map(i -> new InvitationRow(i.id().toString(), i.email(), i.role().code(), i.invitedBy(),
							format(i.expiresAt(), dates)))
					.toList());
		}
		if (!model.containsAttribute("errors")) {
			model.addAttribute("errors", Map.of());
		}
		return "organizations/organization";
	}

	// ---------------------------------------------------------------- invitation links

	/**
	 * The page an invitation link opens. Signed out, it explains and offers to sign in; the request is remembered so
	 * that signing in comes back here. {@code /account/invitations/accept} is the same page behind the sign-in.
	 */
	@GetMapping({ "/invitations/accept", "/account/invitations/accept" })
	String acceptPage(@RequestParam(required = false) String code, Authentication caller, Model model,
			Locale locale, HttpServletRequest request, HttpServletResponse response) {
		boolean signedIn = policy.isAccount(caller);
		// the address holds the code: never send it on to another site
		response.setHeader("Referrer-Policy", "no-referrer");
		model.addAttribute("code", code);
		model.addAttribute("signedIn", signedIn);
		model.addAttribute("me", signedIn ? caller.getName() : null);
		try {
			OrganizationMembers.Offer offer = members.offer(code);
			model.addAttribute("organizationName", offer.organizationName());
			model.addAttribute("role", offer.invitation().role().code());
			model.addAttribute("currentRole", members.roleOf(caller, offer.invitation().organizationId())
					.map(OrganizationRole::code).orElse(null));
			if (!signedIn) {
				new HttpSessionRequestCache().saveRequest(request, response);
			}
		}
		catch (ProblemException e) {
			response.setStatus(e.status().value());
			model.addAttribute("problem", problemText(e, locale));
		}
		return "organizations/invitation";
	}

	@PostMapping("/invitations/accept")
	String accept(@RequestParam(required = false) String code, Authentication caller, Model model, Locale locale,
			RedirectAttributes redirect, HttpServletRequest request, HttpServletResponse response) {
		if (!policy.isAccount(caller)) {
			return "redirect:" + UriComponentsBuilder.fromPath("/invitations/accept").queryParam("code", code)
					.encode().build().toUriString();
		}
		try {
			OrganizationMembers.Joined joined = members.accept(code, caller);
			notice(redirect, "organizations.notice.joined", locale, joined.organizationName(),
					roleName(joined.role(), locale));
			return redirectTo(joined.organizationId());
		}
		catch (ProblemException e) {
			return acceptPage(code, caller, model, locale, request, response);
		}
	}

	// ---------------------------------------------------------------- failures and messages

	private String problemText(ProblemException e, Locale locale) {
		return messages.getMessage(PROBLEM + e.code(), null,
				messages.getMessage(PROBLEM + "generic", null, locale), locale);
	}

	/**
	 * A refused action, said on the page it came from; except a refusal of the caller's right (403), which no form
	 * of theirs leads to (a forged or stale form): answered with the 403 error page.
	 */
	private void problem(RedirectAttributes redirect, ProblemException e, Locale locale) {
		if (e.status() == HttpStatus.FORBIDDEN) {
			throw e;
		}
		redirect.addFlashAttribute("problem", problemText(e, locale));
	}

	private void notice(RedirectAttributes redirect, String key, Locale locale, Object... args) {
		redirect.addFlashAttribute("notice", messages.getMessage(key, args, locale));
	}

	private String roleName(OrganizationRole role, Locale locale) {
		return messages.getMessage("organizations.role." + role.code(), null, role.code(), locale);
	}

	private static String format(OffsetDateTime time, DateTimeFormatter formatter) {
		return time == null ? "" : time.format(formatter);
	}

	private static String redirectTo(UUID organization) {
		return "redirect:/account/organizations/" + organization;
	}
}
