package org.kerys.identity.internal;

import org.kerys.platform.PortalPage;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.kerys.identity.AccessPolicy;
import org.kerys.identity.AccountChanged;
import org.kerys.identity.ApiTokenCreated;
import org.kerys.identity.ApiTokenRevoked;
import org.kerys.identity.TokenScope;
import org.kerys.platform.ProblemException.FieldError;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.core.Authentication;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.authentication.logout.SecurityContextLogoutHandler;
import org.springframework.stereotype.Controller;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The signed-in person's own account ({@code /account}, which only accounts reach: {@code SecurityConfiguration}):
 * what Kerys knows of them, their organisations, their personal API tokens, their password, and the deletion of
 * the account. Every form is a POST with the CSRF token; each success redirects (or, for a new token and a
 * deletion, shows its own page once).
 */
@Controller
@PortalPage
class AccountPageController {

	private final Accounts accounts;
	private final ApiTokens tokens;
	private final MeController me;
	private final PasswordEncoder encoder;
	private final ApplicationEventPublisher events;
	private final TransactionTemplate transaction;

	AccountPageController(Accounts accounts, ApiTokens tokens, MeController me, PasswordEncoder encoder,
			ApplicationEventPublisher events, PlatformTransactionManager transactions) {
		this.accounts = accounts;
		this.tokens = tokens;
		this.me = me;
		this.encoder = encoder;
		this.events = events;
		this.transaction = new TransactionTemplate(transactions);
	}

	/** A personal token as its owner sees it in the list. */
	record TokenRow(UUID id, String name, List<String> scopes, OffsetDateTime createdAt, OffsetDateTime expiresAt,
			OffsetDateTime lastUsedAt, String state) {
	}

	/** The token form as typed, to show it again. */
	record TokenForm(String name, List<String> scopes, String days) {
	}

	@GetMapping("/account")
	String profile(@RequestParam(required = false) String done, Authentication caller, HttpServletRequest request,
			HttpServletResponse response, Model model) {
		Optional<Accounts.Account> account = accounts.byLogin(caller.getName());
		if (account.isEmpty()) {
			return gone(request, response, caller);
		}
		if (done != null && List.of("password", "revoked").contains(done)) {
			model.addAttribute("done", done);
		}
		return page(account.get(), model, AccountForms.errors(), null);
	}

	@PostMapping("/account/tokens")
	String createToken(@RequestParam(name = "token_name", required = false) String name,
			@RequestParam(name = "scopes", required = false) List<String> scopes,
			@RequestParam(name = "expires_in_days", required = false) String days, Authentication caller,
			HttpServletRequest request, HttpServletResponse response, Model model) {
		Optional<Accounts.Account> account = accounts.byLogin(caller.getName());
		if (account.isEmpty()) {
			return gone(request, response, caller);
		}
		List<String> asked = scopes == null ? List.of() : scopes.stream().distinct().toList();
		TokenForm form = new TokenForm(name, asked, days);
		Map<String, String> errors = AccountForms.errors();
		String cleanName = AccountForms.clean(name);
		if (cleanName == null || cleanName.length() > 100) {
			errors.put("token_name", "account.error.tokenName");
		}
		if (asked.stream().anyMatch(scope -> TokenScope.of(scope).isEmpty())) {
			errors.put("token_scopes", "account.error.tokenScopes");
		}
		int validity = 0;
		try {
			validity = Integer.parseInt(days == null ? "" : days.strip());
		}
		catch (NumberFormatException e) {
			// refused below
		}
		if (validity < 1 || validity > TokensController.MAX_DAYS) {
			errors.put("token_days", "account.error.tokenDays");
		}
		if (!errors.isEmpty()) {
			response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
			return page(account.get(), model, errors, form);
		}
		String secret = ApiTokens.newSecret();
		OffsetDateTime expiresAt = OffsetDateTime.now().plusDays(validity);
		UUID id = transaction.execute(status -> {
			UUID created = tokens.create(account.get().id(), cleanName, secret, asked, expiresAt);
			events.publishEvent(new ApiTokenCreated(account.get().login(), created, cleanName, asked));
			return created;
		});
		// shown this once: never cached, never kept
		response.setHeader("Cache-Control", "no-store");
		model.addAttribute("token", secret);
		model.addAttribute("tokenId", id);
		model.addAttribute("tokenName", cleanName);
		model.addAttribute("tokenScopes", asked);
		model.addAttribute("tokenExpiresAt", expiresAt);
		return "account/token-created";
	}

	@PostMapping("/account/tokens/{id}/revoke")
	String revokeToken(@PathVariable String id, Authentication caller, HttpServletRequest request,
			HttpServletResponse response) {
		Optional<Accounts.Account> account = accounts.byLogin(caller.getName());
		if (account.isEmpty()) {
			return gone(request, response, caller);
		}
		UUID tokenId;
		try {
			tokenId = UUID.fromString(id);
		}
		catch (IllegalArgumentException e) {
			return "redirect:/account";
		}
		transaction.executeWithoutResult(status -> {
			if (tokens.revoke(account.get().id(), tokenId)) {
				events.publishEvent(new ApiTokenRevoked(account.get().login(), tokenId));
			}
		});
		return "redirect:/account?done=revoked";
	}

	@PostMapping("/account/password")
	String changePassword(@RequestParam(name = "current_password", required = false) String current,
			@RequestParam(required = false) String password,
			@RequestParam(name = "password_confirmation", required = false) String confirmation, Authentication caller,
			HttpServletRequest request, HttpServletResponse response, Model model) {
		Optional<Accounts.Account> account = accounts.byLogin(caller.getName());
		if (account.isEmpty()) {
			return gone(request, response, caller);
		}
		Map<String, String> errors = AccountForms.errors();
		Optional<String> hash = accounts.passwordHash(account.get().id());
		if (hash.isPresent() && (current == null || !encoder.matches(current, hash.get()))) {
			errors.put("current_password", "account.error.currentPassword");
		}
		List<FieldError> checks = new ArrayList<>();
		Credentials.checkPassword(password, account.get().login(), account.get().email(), checks);
		AccountForms.add(errors, checks);
		if (!errors.containsKey("password") && !password.equals(confirmation)) {
			errors.put("password_confirmation", "account.error.confirmation");
		}
		if (!errors.isEmpty()) {
			response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
			return page(account.get(), model, errors, null);
		}
		String newHash = encoder.encode(password);
		transaction.executeWithoutResult(status -> {
			accounts.setPassword(account.get().id(), newHash);
			events.publishEvent(new AccountChanged(account.get().login(), account.get().id(), "password_changed",
					Map.of("via", "profile")));
		});
		request.changeSessionId();
		SessionFreshness.renew(request); // this session stays; the account's others end
		return "redirect:/account?done=password";
	}

	/**
	 * Deletes the account: confirmed by its password (or, for an account that only signs in through an OpenID
	 * Connect provider, by typing its login). The ledger gets the event first, while the login still names the
	 * account; then everything personal is erased ({@link Accounts#erase}) and the session ends.
	 */
	@PostMapping("/account/delete")
	String delete(@RequestParam(required = false) String confirmation, Authentication caller,
			HttpServletRequest request, HttpServletResponse response, Model model) {
		Optional<Accounts.Account> account = accounts.byLogin(caller.getName());
		if (account.isEmpty()) {
			return gone(request, response, caller);
		}
		Optional<String> hash = accounts.passwordHash(account.get().id());
		boolean confirmed = confirmation != null && (hash.isPresent() ? encoder.matches(confirmation, hash.get())
				: Credentials.normalLogin(confirmation).equals(account.get().login()));
		if (!confirmed) {
			response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
			Map<String, String> errors = AccountForms.errors();
			errors.put("confirmation", hash.isPresent() ? "account.error.deletePassword" : "account.error.deleteLogin");
			return page(account.get(), model, errors, null);
		}
		UUID id = account.get().id();
		transaction.executeWithoutResult(status -> {
			events.publishEvent(new AccountChanged(account.get().login(), id, "deleted", Map.of()));
			accounts.erase(id);
		});
		new SecurityContextLogoutHandler().logout(request, response, caller);
		model.asMap().remove("signedIn");
		return "account/deleted";
	}

	private String page(Accounts.Account account, Model model, Map<String, String> errors, TokenForm tokenForm) {
		model.addAttribute("section", "account");
		model.addAttribute("account", account);
		model.addAttribute("organizations", me.organizationsOf(account.id()));
		OffsetDateTime now = OffsetDateTime.now();
		model.addAttribute("tokens", tokens.list(account.id()).stream()
				.map(t -> new TokenRow(t.id(), t.name(), t.scopes(), t.createdAt(), t.expiresAt(), t.lastUsedAt(),
						t.revokedAt() != null ? "revoked"
								: t.expiresAt() != null && !t.expiresAt().isAfter(now) ? "expired" : "active"))
				.toList());
		model.addAttribute("scopes", Arrays.stream(TokenScope.values()).map(TokenScope::code).toList());
		model.addAttribute("tokenForm", tokenForm != null ? tokenForm
				: new TokenForm("", List.of(TokenScope.CATALOG_WRITE.code(), TokenScope.MEDIA_WRITE.code()),
						String.valueOf(TokensController.DEFAULT_DAYS)));
		model.addAttribute("maxDays", TokensController.MAX_DAYS);
		model.addAttribute("errors", errors);
		return "account/profile";
	}

	/** The session names an account that no longer exists (deleted from another session): it ends. */
	private static String gone(HttpServletRequest request, HttpServletResponse response, Authentication caller) {
		new SecurityContextLogoutHandler().logout(request, response, caller);
		return "redirect:/login";
	}
}
