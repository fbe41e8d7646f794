package org.kerys.identity.internal;

import org.kerys.platform.PortalPage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.servlet.http.HttpServletResponse;
import org.kerys.identity.AccountChanged;
import org.kerys.platform.ProblemException.FieldError;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Controller;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Forgotten passwords: a link valid one hour, once, sent to the account's address. Asking gives the same page
 * whatever the address; the lookup and the email happen in the background ({@link AccountMails}). Choosing a new
 * password through the link also verifies the address (the person receives its emails) and makes every other
 * reset link of the account useless.
 */
@Controller
@PortalPage
class PasswordResetController {

	private final Accounts accounts;
	private final AccountCodes codes;
	private final AccountMails mails;
	private final PasswordEncoder encoder;
	private final ApplicationEventPublisher events;
	private final TransactionTemplate transaction;

	PasswordResetController(Accounts accounts, AccountCodes codes, AccountMails mails, PasswordEncoder encoder,
			ApplicationEventPublisher events, PlatformTransactionManager transactions) {
		this.accounts = accounts;
		this.codes = codes;
		this.mails = mails;
		this.encoder = encoder;
		this.events = events;
		this.transaction = new TransactionTemplate(transactions);
	}

	@GetMapping("/password-reset")
	String form(Model model) {
		model.addAttribute("step", "ask");
		model.addAttribute("errors", AccountForms.errors());
		return "account/password-reset";
	}

	@PostMapping("/password-reset")
	String ask(@RequestParam(required = false) String email, Locale locale, Model model) {
		String address = AccountForms.clean(email);
		if (address != null && address.length() <= 254) {
			mails.later(() -> accounts.byEmail(address).ifPresent(account -> {
				String code = transaction.execute(status -> {
					String issued = codes.issue(account.id(), AccountCodes.RESET, AccountCodes.RESET_VALIDITY);
					events.publishEvent(new AccountChanged(null, account.id(), "password_reset_requested", Map.of()));
					return issued;
				});
				mails.reset(account.email(), account.login(), code, locale);
			}));
		}
		model.addAttribute("step", "sent");
		return "account/password-reset";
	}

	@GetMapping("/password-reset/new")
	String newPasswordForm(@RequestParam(required = false) String code, Model model, HttpServletResponse response) {
		response.setHeader("Referrer-Policy", "no-referrer"); // the code is in this page's address
		AccountCodes.Lookup lookup = codes.peek(code, AccountCodes.RESET);
		if (lookup.state() != AccountCodes.State.VALID) {
			return invalid(lookup, model, response);
		}
		model.addAttribute("step", "choose");
		model.addAttribute("code", code);
		model.addAttribute("login", accounts.byId(lookup.accountId()).map(Accounts.Account::login).orElse(""));
		model.addAttribute("errors", AccountForms.errors());
		return "account/password-reset";
	}

	@PostMapping("/password-reset/new")
	String choose(@RequestParam(required = false) String code, @RequestParam(required = false) String password,
			@RequestParam(name = "password_confirmation", required = false) String confirmation, Model model,
			HttpServletResponse response) {
		AccountCodes.Lookup lookup = codes.peek(code, AccountCodes.RESET);
		Optional<Accounts.Account> account = lookup.accountId() == null ? Optional.empty()
				: accounts.byId(lookup.accountId());
		if (lookup.state() != AccountCodes.State.VALID || account.isEmpty()) {
			return invalid(lookup, model, response);
		}
		List<FieldError> checks = new ArrayList<>();
		Credentials.checkPassword(password, account.get().login(), account.get().email(), checks);
		Map<String, String> errors = AccountForms.errors();
		AccountForms.add(errors, checks);
		if (errors.isEmpty() && !password.equals(confirmation)) {
			errors.put("password_confirmation", "account.error.confirmation");
		}
		if (!errors.isEmpty()) {
			response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
			model.addAttribute("step", "choose");
			model.addAttribute("code", code);
			model.addAttribute("login", account.get().login());
			model.addAttribute("errors", errors);
			return "account/password-reset";
		}
		String hash = encoder.encode(password);
		boolean changed = Boolean.TRUE.equals(transaction.execute(status -> {
			Optional<UUID> used = codes.use(code, AccountCodes.RESET);
			if (used.isEmpty()) {
				return false; // used by another request meanwhile
			}
			UUID id = used.get();
			codes.invalidate(id, AccountCodes.RESET);
			accounts.setPassword(id, hash);
			events.publishEvent(new AccountChanged(null, id, "password_changed", Map.of("via", "reset")));
			if (!account.get().emailVerified()) {
				accounts.markEmailVerified(id);
				events.publishEvent(new AccountChanged(null, id, "email_verified", Map.of("via", "reset")));
			}
			return true;
		}));
		if (!changed) {
			return invalid(codes.peek(code, AccountCodes.RESET), model, response);
		}
		model.addAttribute("step", "done");
		return "account/password-reset";
	}

	private static String invalid(AccountCodes.Lookup lookup, Model model, HttpServletResponse response) {
		response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
		model.addAttribute("step", lookup.state() == AccountCodes.State.EXPIRED ? "expired" : "invalid");
		model.addAttribute("errors", AccountForms.errors());
		return "account/password-reset";
	}
}
