package org.kerys.identity.internal;

import org.kerys.platform.PortalPage;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;
import org.kerys.identity.OrganizationNames;
import org.kerys.identity.PlatformRole;
import org.kerys.platform.Pager;
import org.kerys.platform.ProblemException;
import org.springframework.context.MessageSource;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The administration pages of the portal ({@code /admin/**}, administrators signed in; the rule is in
 * {@code SecurityConfiguration}): an overview, accounts and their platform roles, organisations, producer-node
 * clients. The audit ledger's pages are the audit module's. Every change is a form posted then redirected (the
 * outcome travels as a flash attribute); the rules are those of the API, in {@link AccountAdministration} and
 * {@link NodeClientAdministration}.
 */
@Controller
@PortalPage
class AdministrationPages {

	static final int PAGE_SIZE = 50;

	private final AccountAdministration accounts;
	private final NodeClientAdministration nodeClients;
	private final AdministeredOrganizations organizations;
	private final OrganizationNames organizationNames;
	private final MessageSource messages;

	AdministrationPages(AccountAdministration accounts, NodeClientAdministration nodeClients,
			AdministeredOrganizations organizations, OrganizationNames organizationNames, MessageSource messages) {
		this.accounts = accounts;
		this.nodeClients = nodeClients;
		this.organizations = organizations;
		this.organizationNames = organizationNames;
		this.messages = messages;
	}


	@GetMapping("/admin")
	String index(Model model) {
		model.addAttribute("section", "admin");
		model.addAttribute("accountCount", accounts.count());
		model.addAttribute("organizationCount", organizations.count());
		model.addAttribute("nodeClientCount", organizations.activeNodeClients());
		return "admin/index";
	}

	// accounts

	/** An account as the page lists it. */
	record AccountRow(String login, String displayName, String email, boolean emailVerified, List<String> roles,
			List<OrganizationLink> organizations, String created) {
	}

	/** An organisation an account belongs to, with its role there. */
	record OrganizationLink(UUID id, String name, String role) {
	}

	@GetMapping("/admin/users")
	String users(@RequestParam(required = false) String q, @RequestParam(required = false) String page, Model model,
			Locale locale, HttpServletRequest request) {
		String search = q == null || q.isBlank() ? null : q.strip();
		AccountAdministration.AccountPage first = accounts.list(search, PAGE_SIZE, 0);
		Pager pager = Pager.of(Pager.number(page, Integer.MAX_VALUE), first.total(), PAGE_SIZE, request);
		AccountAdministration.AccountPage shown = pager.page() == 1 ? first
				: accounts.list(search, PAGE_SIZE, (pager.page() - 1) * PAGE_SIZE);
		Set<UUID> organizationIds = new HashSet<>();
		shown.items().forEach(a -> organizationIds.addAll(a.organizations().keySet()));
		Map<UUID, String> names = organizationNames.names(organizationIds);
		List<AccountRow> rows = shown.items().stream().map(a -> new AccountRow(a.login(), a.account().displayName(),
				a.account().email(), a.account().emailVerified(), a.account().platformRoles(),
				a.organizations().entrySet().stream().map(e -> new OrganizationLink(e.getKey(),
						names.getOrDefault(e.getKey(), e.getKey().toString()), e.getValue().code())).toList(),
				format(a.createdAt(), locale))).toList();
		model.addAttribute("section", "admin");
		model.addAttribute("q", search);
		model.addAttribute("total", shown.total());
		model.addAttribute("pager", pager);
		model.addAttribute("accounts", rows);
		model.addAttribute("roles", List.of(PlatformRole.MODERATOR.code(), PlatformRole.ADMINISTRATOR.code()));
		if (!model.containsAttribute("form")) {
			model.addAttribute("form", new AccountForm(null, null, null, List.of()));
		}
		if (!model.containsAttribute("fieldErrors")) {
			model.addAttribute("fieldErrors", Map.of());
		}
		return "admin/users";
	}

	/** What the creation form keeps when it is shown again: never the password. */
	record AccountForm(String login, String email, String displayName, List<String> roles) {
	}

	@PostMapping("/admin/users")
	String createUser(@RequestParam(required = false) String login, @RequestParam(required = false) String email,
			@RequestParam(required = false) String password,
			@RequestParam(name = "display_name", required = false) String displayName,
			@RequestParam(name = "platform_roles", required = false) List<String> roles, Authentication caller,
			Locale locale, RedirectAttributes redirect) {
		List<String> asked = roles == null ? List.of() : roles;
		try {
			AccountAdministration.AccountView created = accounts.create(
					new AccountAdministration.NewAccount(login, email, password, displayName, asked), caller.getName());
			redirect.addFlashAttribute("notice", message("admin.users.created", locale, created.login()));
			return "redirect:/admin/users?q=" + created.login();
		}
		catch (ProblemException e) {
			redirect.addFlashAttribute("form", new AccountForm(login, email, displayName, asked));
			failed(e, locale, redirect);
			return "redirect:/admin/users#create-heading";
		}
	}

	@PostMapping("/admin/users/{login}/roles")
	String setRoles(@PathVariable String login,
			@RequestParam(name = "platform_roles", required = false) List<String> roles, Authentication caller,
			Locale locale, RedirectAttributes redirect) {
		try {
			AccountAdministration.AccountView changed = accounts.setRoles(login, roles == null ? List.of() : roles,
					caller.getName());
			redirect.addFlashAttribute("notice", message("admin.users.rolesChanged", locale, changed.login()));
			return "redirect:/admin/users?q=" + changed.login();
		}
		catch (ProblemException e) {
			failed(e, locale, redirect);
			return "redirect:" + UriComponentsBuilder.fromPath("/admin/users").queryParam("q", login).encode().build()
					.toUriString();
		}
	}

	// organisations

	@GetMapping("/admin/organizations")
	String organizations(@RequestParam(required = false) String page, Model model, HttpServletRequest request) {
		Pager pager = Pager.of(Pager.number(page, Integer.MAX_VALUE), organizations.count(), PAGE_SIZE,
				request);
		model.addAttribute("section", "admin");
		model.addAttribute("total", pager.total());
		model.addAttribute("pager", pager);
		model.addAttribute("organizations", organizations.list(PAGE_SIZE, (pager.page() - 1) * PAGE_SIZE));
		return "admin/organizations";
	}

	// node clients

	/** A node client as the page lists it. */
	record NodeClientRow(String clientId, String name, List<OrganizationLink> organizations, String createdBy,
			String created, String revoked) {
	}

	@GetMapping("/admin/node-clients")
	String nodeClients(Model model, Locale locale) {
		List<NodeClients.NodeClientInfo> clients = nodeClients.list();
		Set<UUID> ids = new HashSet<>();
		clients.forEach(c -> ids.addAll(c.organizationIds()));
		Map<UUID, String> names = organizationNames.names(ids);
		List<NodeClientRow> rows = new ArrayList<>();
		// newest first: the one just created is at the top
		for (int i = clients.size() - 1; i >= 0; i--) {
			NodeClients.NodeClientInfo c = clients.get(i);
			rows.add(new NodeClientRow(c.clientId(), c.name(),
					c.organizationIds().stream()
							.map(id -> new OrganizationLink(id, names.getOrDefault(id, id.toString()), null)).toList(),
					c.createdBy(), format(c.createdAt(), locale), format(c.revokedAt(), locale)));
		}
		model.addAttribute("section", "admin");
		model.addAttribute("clients", rows);
		model.addAttribute("choices", organizations.choices());
		if (!model.containsAttribute("fieldErrors")) {
			model.addAttribute("fieldErrors", Map.of());
		}
		return "admin/node-clients";
	}

	@PostMapping("/admin/node-clients")
	String createNodeClient(@RequestParam(name = "organization_id", required = false) String organizationId,
			@RequestParam(required = false) String name, Authentication caller, Locale locale,
			RedirectAttributes redirect) {
		try {
			redirect.addFlashAttribute("created", nodeClients.create(organizationId, name, caller.getName()));
			return "redirect:/admin/node-clients";
		}
		catch (ProblemException e) {
			redirect.addFlashAttribute("nodeForm", Map.of("organization_id", organizationId == null ? "" : organizationId,
					"name", name == null ? "" : name));
			failed(e, locale, redirect);
			return "redirect:/admin/node-clients#create-heading";
		}
	}

	@PostMapping("/admin/node-clients/{clientId}/revoke")
	String revokeNodeClient(@PathVariable String clientId, Authentication caller, Locale locale,
			RedirectAttributes redirect) {
		try {
			nodeClients.revoke(clientId, caller.getName());
			redirect.addFlashAttribute("notice", message("admin.nodeClients.revoked", locale, clientId));
		}
		catch (ProblemException e) {
			failed(e, locale, redirect);
		}
		return "redirect:/admin/node-clients";
	}

	// shared

	/** A refused change: a readable list for the top of the page, and each field's message for its input. */
	private void failed(ProblemException e, Locale locale, RedirectAttributes redirect) {
		List<String> problems = new ArrayList<>();
		Map<String, String> fieldErrors = new LinkedHashMap<>();
		if (e.errors().isEmpty()) {
			String text = messages.getMessage("admin.error." + e.code(), null, e.getMessage(), locale);
			problems.add(text);
			String field = switch (e.code()) {
				case "KRS-409-LOGIN" -> "login";
				case "KRS-409-EMAIL" -> "email";
				default -> null;
			};
			if (field != null) {
				fieldErrors.put(field, text);
			}
		}
		for (ProblemException.FieldError error : e.errors()) {
			String field = error.field().replaceAll("\\[.*", "");
			String text = messages.getMessage("admin.error." + error.code() + "." + field, null,
					messages.getMessage("admin.error." + error.code(), null, error.message(), locale), locale);
			String label = messages.getMessage("admin.field." + field, null, field, locale);
			problems.add(message("admin.problem", locale, label, text));
			fieldErrors.putIfAbsent(field, text);
		}
		redirect.addFlashAttribute("problems", problems);
		redirect.addFlashAttribute("fieldErrors", fieldErrors);
	}

	private String message(String key, Locale locale, Object... arguments) {
		return messages.getMessage(key, arguments, locale);
	}

	static String format(OffsetDateTime time, Locale locale) {
		return time == null ? null
				: DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM).withLocale(locale)
						.format(time.atZoneSameInstant(ZoneOffset.UTC)) + " UTC";
	}
}
