package org.kerys.identity.internal;

import java.util.List;

import org.kerys.identity.TokenScope;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.AccountExpiredException;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.CredentialsExpiredException;
import org.springframework.security.authentication.DisabledException;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

/** Accounts and their passwords, for the portal and for commands alike (commands run without a web server). */
@Configuration(proxyBeanMethods = false)
class AccountsConfiguration {

	/** New hashes are Argon2id; hashes of other kinds (a {@code {bcrypt}…} from an earlier version) still verify. */
	@Bean
	PasswordEncoder passwordEncoder() {
		DelegatingPasswordEncoder encoder = (DelegatingPasswordEncoder) PasswordEncoderFactories
				.createDelegatingPasswordEncoder();
		java.util.Map<String, PasswordEncoder> encoders = new java.util.HashMap<>();
		encoders.put("argon2", Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8());
		encoders.put("bcrypt", new org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder());
		return new DelegatingPasswordEncoder("argon2", encoders);
	}

	/**
	 * By login or email address. Deleted accounts and accounts without a password (OpenID Connect only) are not
	 * found; an account whose email address is not verified yet is found but disabled. An account without an
	 * address has nothing to verify: the {@code admin} made on first start (inserted after the migration that marks
	 * existing accounts verified).
	 */
	@Bean
	UserDetailsService userDetailsService(JdbcClient jdbc) {
		return login -> jdbc.sql("""
				select login, password_hash, platform_roles, email_verified_at is not null or email is null from accounts
				where (login = lower(:login) or lower(email) = lower(:login)) and deleted_at is null
				and password_hash is not null""")
				.param("login", login == null ? "" : login.strip())
				.query((rs, i) -> User.withUsername(rs.getString(1))
						.password(rs.getString(2))
						.authorities(authorities((String[]) rs.getArray(3).getArray()))
						.disabled(!rs.getBoolean(4))
						.build())
				.optional()
				.orElseThrow(() -> new UsernameNotFoundException(login));
	}

	/**
	 * Password sign-in (the portal's form, HTTP Basic on {@code POST /api/auth/token}), checking the password before
	 * anything else: Spring's default refuses a disabled account before looking at the password, which tells anyone
	 * that an account exists. Here an unknown login and a wrong password both give {@link BadCredentialsException}
	 * after one Argon2id hash each (Spring hashes a dummy password for unknown logins); only the right password of
	 * an account whose email is not verified yet gives {@link DisabledException}, which the login page explains.
	 */
	@Bean
	DaoAuthenticationProvider passwordAuthenticationProvider(UserDetailsService users, PasswordEncoder encoder) {
		DaoAuthenticationProvider provider = new DaoAuthenticationProvider(users);
		provider.setPasswordEncoder(encoder);
		provider.setPreAuthenticationChecks(user -> {
			// nothing before the password: see above
		});
		provider.setPostAuthenticationChecks(user -> {
			if (!user.isEnabled()) {
				throw new DisabledException(UNVERIFIED);
			}
			if (!user.isAccountNonLocked()) {
				throw new LockedException("This account is locked.");
			}
			if (!user.isAccountNonExpired()) {
				throw new AccountExpiredException("This account has expired.");
			}
			if (!user.isCredentialsNonExpired()) {
				throw new CredentialsExpiredException("This account's password has expired.");
			}
		});
		return provider;
	}

	/** The message of the refusal of an account whose email address is not verified yet. */
	static final String UNVERIFIED = "Verify your email address first: follow the link Kerys emailed you.";

	/** Roles as {@code ROLE_…}; signed in with a password, an account has every token scope. */
	private static List<SimpleGrantedAuthority> authorities(String[] roles) {
		List<SimpleGrantedAuthority> authorities = new java.util.ArrayList<>();
		for (String role : roles) {
			authorities.add(new SimpleGrantedAuthority("ROLE_" + role));
		}
		for (TokenScope scope : TokenScope.values()) {
			authorities.add(new SimpleGrantedAuthority(scope.authority()));
		}
		return authorities;
	}
}
