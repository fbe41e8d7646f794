package org.kerys.identity.internal;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import org.kerys.identity.AccountChanged;
import org.kerys.identity.AccountCreated;
import org.kerys.platform.ProblemException.FieldError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Which Kerys account an OpenID Connect sign-in is, in this order:
 * <ol>
 * <li>the account already linked to the provider's subject ({@code account_links (issuer, subject)});</li>
 * <li>else, when the provider says the email address is verified ({@code email_verified: true}), the account that
 * has this address, verified in Kerys too, and no other subject of the same provider linked (an address the
 * provider gave to someone else since) — the subject is linked to it ({@code account.oidc_linked});</li>
 * <li>else a new citizen account, without a password, linked to the subject ({@code account.created}, how
 * {@code oidc}). Its login comes from {@code preferred_username} or the address' local part; it gets the address
 * (verified only if the provider says so) unless an account has it already — an unverified address matching an
 * account is never used to link, and the new account then has no address.</li>
 * </ol>
 * Deleted accounts have no links (erasing removes them) and are never found.
 */
@Component
class OidcAccounts {

	private static final Logger log = LoggerFactory.getLogger(OidcAccounts.class);
	private static final int MAX_LOGIN = 40;

	private final JdbcClient jdbc;
	private final Accounts accounts;
	private final ApplicationEventPublisher events;

	OidcAccounts(JdbcClient jdbc, Accounts accounts, ApplicationEventPublisher events) {
		this.jdbc = jdbc;
		this.accounts = accounts;
		this.events = events;
	}

	/** What the provider said about the person. */
	record Identity(String issuer, String subject, String email, boolean emailVerified, String preferredUsername,
			String name) {
	}

	@Transactional
	public Accounts.Account signIn(Identity identity) {
		Optional<Accounts.Account> linked = linkedAccount(identity.issuer(), identity.subject());
		if (linked.isPresent()) {
			return linked.get();
		}
		// a link to an account deleted since cannot exist (erasing removes links); tolerate one anyway
		jdbc.sql("""
				delete from account_links where issuer = ? and subject = ?
				and account_id in (select id from accounts where deleted_at is not null)""")
				.params(identity.issuer(), identity.subject()).update();
		String email = validEmail(identity.email());
		if (email != null && identity.emailVerified()) {
			Optional<Accounts.Account> byEmail = accounts.byEmail(email);
			if (byEmail.isPresent() && byEmail.get().emailVerified()
					&& !hasOtherSubject(byEmail.get().id(), identity.issuer(), identity.subject())) {
				Accounts.Account account = byEmail.get();
				link(identity, account.id());
				events.publishEvent(new AccountChanged(account.login(), account.id(), "oidc_linked",
						Map.of("issuer", identity.issuer())));
				return account;
			}
		}
		boolean emailFree = email != null && !accounts.emailTaken(email);
		if (email != null && !emailFree) {
			log.info("OpenID Connect sign-in from {}: the address is already an account's and {}; a new account is "
					+ "created without it", identity.issuer(), identity.emailVerified()
							? "that account's address is unverified or it is linked to another subject of this provider"
							: "the provider does not say it is verified");
		}
		String login = freeLogin(identity);
		UUID id = accounts.create(login, emailFree ? email : null, displayName(identity.name()), null, List.of(),
				emailFree && identity.emailVerified());
		link(identity, id);
		events.publishEvent(new AccountCreated(login, id, "oidc", List.of()));
		return accounts.byId(id).orElseThrow();
	}

	private Optional<Accounts.Account> linkedAccount(String issuer, String subject) {
		return jdbc.sql("""
				select l.account_id from account_links l join accounts a on a.id = l.account_id
				where l.issuer = ? and l.subject = ? and a.deleted_at is null""")
				.params(issuer, subject).query(UUID.class).optional().flatMap(accounts::byId);
	}

	private boolean hasOtherSubject(UUID accountId, String issuer, String subject) {
		return jdbc.sql("select count(*) from account_links where account_id = ? and issuer = ? and subject <> ?")
				.params(accountId, issuer, subject).query(Long.class).single() > 0;
	}

	private void link(Identity identity, UUID accountId) {
		jdbc.sql("insert into account_links (issuer, subject, account_id) values (?, ?, ?)")
				.params(identity.issuer(), identity.subject(), accountId).update();
	}

	private static String validEmail(String email) {
		if (email == null || email.isBlank()) {
			return null;
		}
		List<FieldError> errors = new ArrayList<>();
		Credentials.checkEmail(email, errors);
		return errors.isEmpty() ? email.strip() : null;
	}

	private static String displayName(String name) {
		if (name == null || name.isBlank()) {
			return null;
		}
		String stripped = name.strip();
		return stripped.length() > 100 ? stripped.substring(0, 100) : stripped;
	}

	/** A free login made from what the provider said: {@code alice}, else {@code alice-2}, {@code alice-3}… */
	private String freeLogin(Identity identity) {
		String wanted = identity.preferredUsername();
		if ((wanted == null || wanted.isBlank()) && identity.email() != null && identity.email().contains("@")) {
			wanted = identity.email().substring(0, identity.email().indexOf('@'));
		}
		String base = baseLogin(wanted);
		if (usable(base)) {
			return base;
		}
		for (int i = 2; i < 100; i++) {
			String suffix = "-" + i;
			String candidate = cut(base, MAX_LOGIN - suffix.length()) + suffix;
			if (usable(candidate)) {
				return candidate;
			}
		}
		while (true) {
			String suffix = "-" + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 30), 36);
			String candidate = cut(base, MAX_LOGIN - suffix.length()) + suffix;
			if (usable(candidate)) {
				return candidate;
			}
		}
	}

	private boolean usable(String login) {
		List<FieldError> errors = new ArrayList<>();
		Credentials.checkLogin(login, errors);
		return errors.isEmpty() && !accounts.loginTaken(login);
	}

	/** Lower-case ASCII letters, digits, '.', '_' and '-', starting with a letter or digit, 3 to 40 characters. */
	static String baseLogin(String wanted) {
		String ascii = wanted == null ? "" : Normalizer.normalize(wanted, Normalizer.Form.NFD)
				.replaceAll("\\p{M}", "").toLowerCase(Locale.ROOT);
		String login = ascii.replaceAll("[^a-z0-9._-]+", "-").replaceAll("^[^a-z0-9]+", "")
				.replaceAll("-{2,}", "-");
		if (login.startsWith("deleted-")) {
			login = "user-" + login;
		}
		if (login.length() < 3) {
			login = login.isEmpty() ? "user" : login + "-user";
		}
		return cut(login, MAX_LOGIN);
	}

	private static String cut(String login, int max) {
		return login.length() <= max ? login : login.substring(0, max);
	}
}
