package org.kerys.identity.internal;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.kerys.identity.AccountChanged;
import org.kerys.identity.AccountCreated;
import org.kerys.identity.OrganizationRole;
import org.kerys.identity.PlatformRole;
import org.kerys.platform.ProblemException;
import org.kerys.platform.ProblemException.FieldError;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * What administrators do with accounts, whether through the API ({@link UsersController}) or the portal
 * ({@link AdministrationPages}): the rules live here once. Failures are {@link ProblemException}s with the codes the
 * API answers; the pages show their field errors next to the form.
 */
@Service
class AccountAdministration {

	static final int MAX_LIMIT = 500;

	private final Accounts accounts;
	private final AccountSearch search;
	private final Memberships memberships;
	private final PasswordEncoder encoder;
	private final ApplicationEventPublisher events;

	AccountAdministration(Accounts accounts, AccountSearch search, Memberships memberships, PasswordEncoder encoder,
			ApplicationEventPublisher events) {
		this.accounts = accounts;
		this.search = search;
		this.memberships = memberships;
		this.encoder = encoder;
		this.events = events;
	}

	/** What an administrator asks for; every field may be missing. */
	record NewAccount(String login, String email, String password, String displayName, List<String> platformRoles) {
	}

	/** An account with its organisations and its role in each. */
	record AccountView(Accounts.Account account, Map<UUID, OrganizationRole> organizations) {

		UUID id() {
			return account.id();
		}

		String login() {
			return account.login();
		}

		OffsetDateTime createdAt() {
			return account.createdAt();
		}
	}

	record AccountPage(long total, List<AccountView> items) {
	}

	/**
	 * Creates a verified account. 400 with every field error (login, email, password, display name, roles), 409
	 * {@code KRS-409-LOGIN} or {@code KRS-409-EMAIL} when taken.
	 */
	@Transactional
	AccountView create(NewAccount asked, String actor) {
		List<FieldError> errors = new ArrayList<>();
		Credentials.checkLogin(asked.login(), errors);
		Credentials.checkEmail(asked.email(), errors);
		Credentials.checkPassword(asked.password(), asked.login(), asked.email(), errors);
		String displayName = displayName(asked.displayName(), errors);
		List<String> roles = roles(asked.platformRoles(), errors);
		if (!errors.isEmpty()) {
			throw new ProblemException(HttpStatus.BAD_REQUEST, errors.get(0).code(), "The account is invalid.", errors);
		}
		String login = Credentials.normalLogin(asked.login());
		if (accounts.loginTaken(login)) {
			throw new ProblemException(HttpStatus.CONFLICT, "KRS-409-LOGIN", "This login is taken.");
		}
		if (accounts.emailTaken(asked.email())) {
			throw new ProblemException(HttpStatus.CONFLICT, "KRS-409-EMAIL", "An account has this email address.");
		}
		UUID id = accounts.create(login, asked.email().strip(), displayName, encoder.encode(asked.password()), roles,
				true);
		events.publishEvent(new AccountCreated(actor, id, "admin", roles));
		return view(accounts.byId(id).orElseThrow());
	}

	/**
	 * Accounts by login, optionally only those whose login or email address starts with {@code startingWith}. 400 {@code ERR-303}
	 * unless 1 ≤ limit ≤ {@value #MAX_LIMIT} and offset ≥ 0.
	 */
	@Transactional(readOnly = true)
	AccountPage list(String startingWith, int limit, int offset) {
		if (limit < 1 || limit > MAX_LIMIT || offset < 0) {
			throw new ProblemException(HttpStatus.BAD_REQUEST, "ERR-303", "limit is 1 to 500, offset at least 0.");
		}
		String prefix = startingWith == null || startingWith.isBlank() ? null : startingWith.strip();
		long total = prefix == null ? accounts.count() : search.count(prefix);
		List<Accounts.Account> page = prefix == null ? accounts.list(limit, offset)
				: search.ids(prefix, limit, offset).stream().map(accounts::byId).flatMap(java.util.Optional::stream)
						.toList();
		return new AccountPage(total, page.stream().map(this::view).toList());
	}

	long count() {
		return accounts.count();
	}

	/** 404 {@code KRS-404-ACCOUNT} when there is no such account. */
	@Transactional(readOnly = true)
	AccountView find(String login) {
		return view(account(login));
	}

	/**
	 * Sets an account's platform roles (null: 400 {@code ERR-202}; unknown role: 400 {@code ERR-302}). An
	 * administrator cannot take the administrator role from themself: 409 {@code KRS-409-LAST-ADMIN}.
	 */
	@Transactional
	AccountView setRoles(String login, List<String> asked, String actor) {
		Accounts.Account account = account(login);
		List<FieldError> errors = new ArrayList<>();
		List<String> roles = roles(asked, errors);
		if (asked == null) {
			errors.add(new FieldError("ERR-202", "platform_roles", "The list of platform roles (may be empty)."));
		}
		if (!errors.isEmpty()) {
			throw new ProblemException(HttpStatus.BAD_REQUEST, errors.get(0).code(), "The roles are invalid.", errors);
		}
		if (account.login().equals(Credentials.normalLogin(actor))
				&& !roles.contains(PlatformRole.ADMINISTRATOR.code())) {
			throw new ProblemException(HttpStatus.CONFLICT, "KRS-409-LAST-ADMIN",
					"You cannot remove your own administrator role; ask another administrator.");
		}
		accounts.setPlatformRoles(account.id(), roles);
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("before", account.platformRoles());
		details.put("after", roles);
		events.publishEvent(new AccountChanged(actor, account.id(), "roles_changed", details));
		return view(accounts.byId(account.id()).orElseThrow());
	}

	private Accounts.Account account(String login) {
		return accounts.byLogin(login)
				.orElseThrow(() -> ProblemException.notFound("KRS-404-ACCOUNT", "No such account."));
	}

	private AccountView view(Accounts.Account account) {
		return new AccountView(account, memberships.of(account.id()));
	}

	static String displayName(String displayName, List<FieldError> errors) {
		if (displayName == null || displayName.isBlank()) {
			return null;
		}
		if (displayName.strip().length() > 100) {
			errors.add(new FieldError("ERR-203", "display_name", "At most 100 characters."));
		}
		return displayName.strip();
	}

	private static List<String> roles(List<String> asked, List<FieldError> errors) {
		if (asked == null) {
			return List.of();
		}
		List<String> roles = new ArrayList<>();
		for (int i = 0; i < asked.size(); i++) {
			int index = i;
			PlatformRole.of(asked.get(i)).ifPresentOrElse(role -> {
				if (!roles.contains(role.code())) {
					roles.add(role.code());
				}
			}, () -> errors.add(new FieldError("ERR-302", "platform_roles[" + index + "]",
					"Unknown role; known: moderator, administrator.")));
		}
		return roles;
	}
}
