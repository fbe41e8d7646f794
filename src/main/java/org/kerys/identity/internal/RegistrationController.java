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
import org.kerys.identity.AccountCreated;
import org.kerys.platform.ProblemException.FieldError;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Controller;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Registration and email verification. Anyone may register; the account is a citizen's (no role: the form's other
 * fields are ignored) and cannot sign in before its address is verified by the emailed link.
 *
 * <p>An address that already has an account is not revealed: the page is the same as for a new account, and that
 * address receives an email saying someone tried to register with it. A login that is taken is said so on the
 * form: logins are shown to other people anyway (organisation members), and one cannot pick a login otherwise.
 */
@Controller
@PortalPage
class RegistrationController {

	static final int MAX_DISPLAY_NAME = 100;

	private final Accounts accounts;
	private final AccountCodes codes;
	private final AccountMails mails;
	private final PasswordEncoder encoder;
	private final ApplicationEventPublisher events;
	private final TransactionTemplate transaction;

	RegistrationController(Accounts accounts, AccountCodes codes, AccountMails mails, PasswordEncoder encoder,
			ApplicationEventPublisher events, PlatformTransactionManager transactions) {
		this.accounts = accounts;
		this.codes = codes;
		this.mails = mails;
		this.encoder = encoder;
		this.events = events;
		this.transaction = new TransactionTemplate(transactions);
	}

	/** What the form holds, to show it again (never the passwords). */
	record RegistrationForm(String login, String email, String displayName) {
	}

	@GetMapping("/register")
	String form(Model model) {
		model.addAttribute("form", new RegistrationForm(null, null, null));
		model.addAttribute("errors", AccountForms.errors());
		return "account/register";
	}

	@PostMapping("/register")
	String register(@RequestParam(required = false) String login, @RequestParam(required = false) String email,
			@RequestParam(name = "display_name", required = false) String displayName,
			@RequestParam(required = false) String password,
			@RequestParam(name = "password_confirmation", required = false) String confirmation, Locale locale,
			Model model, HttpServletResponse response) {
		RegistrationForm form = new RegistrationForm(AccountForms.clean(login), AccountForms.clean(email),
				AccountForms.clean(displayName));
		Map<String, String> errors = AccountForms.errors();
		List<FieldError> checks = new ArrayList<>();
		Credentials.checkLogin(form.login(), checks);
		Credentials.checkEmail(form.email(), checks);
		Credentials.checkPassword(password, form.login(), form.email(), checks);
		AccountForms.add(errors, checks);
		if (form.displayName() != null && form.displayName().length() > MAX_DISPLAY_NAME) {
			errors.put("display_name", "account.error.displayName");
		}
		if (!errors.containsKey("password") && !password.equals(confirmation)) {
			errors.put("password_confirmation", "account.error.confirmation");
		}
		if (!errors.containsKey("login") && accounts.loginTaken(form.login())) {
			errors.put("login", "account.error.loginTaken");
		}
		if (!errors.isEmpty()) {
			response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
			model.addAttribute("form", form);
			model.addAttribute("errors", errors);
			return "account/register";
		}
		// the hash costs the same whether or not the address is taken
		String hash = encoder.encode(password);
		String normalLogin = Credentials.normalLogin(form.login());
		Optional<Accounts.Account> existing = accounts.byEmail(form.email());
		if (existing.isPresent()) {
			mails.registrationAttempt(existing.get().email(), existing.get().login(), locale);
		}
		else {
			try {
				String code = transaction.execute(status -> {
					UUID id = accounts.create(normalLogin, form.email(), form.displayName(), hash, List.of(), false);
					events.publishEvent(new AccountCreated(normalLogin, id, "registration", List.of()));
					return codes.issue(id, AccountCodes.VERIFY, AccountCodes.VERIFY_VALIDITY);
				});
				mails.verification(form.email(), normalLogin, code, locale);
			}
			catch (DuplicateKeyException race) {
				// the same login or address registered at the same moment: as if it had been taken before
				if (accounts.loginTaken(normalLogin)) {
					response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
					errors.put("login", "account.error.loginTaken");
					model.addAttribute("form", form);
					model.addAttribute("errors", errors);
					return "account/register";
				}
			}
		}
		model.addAttribute("email", form.email());
		return "account/registered";
	}

	/** The link of the verification email. Used twice (a mail scanner, then the person), it still says "verified". */
	@GetMapping("/verify")
	String verify(@RequestParam(required = false) String code, Model model, HttpServletResponse response) {
		response.setHeader("Referrer-Policy", "no-referrer"); // the code is in this page's address
		Optional<UUID> verified = transaction.execute(status -> {
			Optional<UUID> id = codes.use(code, AccountCodes.VERIFY);
			id.ifPresent(accountId -> {
				accounts.markEmailVerified(accountId);
				events.publishEvent(new AccountChanged(null, accountId, "email_verified", Map.of()));
			});
			return id;
		});
		if (verified.isPresent()) {
			model.addAttribute("outcome", "verified");
			return "account/verify";
		}
		AccountCodes.Lookup lookup = codes.peek(code, AccountCodes.VERIFY);
		boolean alreadyVerified = lookup.accountId() != null
				&& accounts.byId(lookup.accountId()).map(Accounts.Account::emailVerified).orElse(false);
		if (alreadyVerified) {
			model.addAttribute("outcome", "verified");
			return "account/verify";
		}
		response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
		model.addAttribute("outcome", lookup.state() == AccountCodes.State.EXPIRED ? "expired" : "invalid");
		return "account/verify";
	}

	@GetMapping("/verify/resend")
	String resendForm(Model model) {
		model.addAttribute("outcome", "resend");
		return "account/verify";
	}

	/** Sends a new verification link, if an unverified account has this address; the page says the same anyway. */
	@PostMapping("/verify/resend")
	String resend(@RequestParam(required = false) String email, Locale locale, Model model) {
		String address = AccountForms.clean(email);
		if (address != null && address.length() <= 254) {
			mails.later(() -> accounts.byEmail(address).filter(account -> !account.emailVerified()).ifPresent(account -> {
				String code = codes.issue(account.id(), AccountCodes.VERIFY, AccountCodes.VERIFY_VALIDITY);
				mails.verification(account.email(), account.login(), code, locale);
			}));
		}
		model.addAttribute("outcome", "resent");
		return "account/verify";
	}
}
