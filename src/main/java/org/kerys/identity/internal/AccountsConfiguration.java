package org.kerys.identity.internal;

import java.util.List;

import org.kerys.identity.TokenScope;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
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

	@Bean
	UserDetailsService userDetailsService(JdbcClient jdbc) {
		// by login or email address; deleted accounts and accounts without a password (OpenID Connect only) are not
		// found
		return login -> jdbc.sql("""
				select login, password_hash, platform_roles from accounts
				where (login = lower(:login) or lower(email) = lower(:login)) and deleted_at is null
				and password_hash is not null""")
				.param("login", login == null ? "" : login.strip())
				.query((rs, i) -> User.withUsername(rs.getString(1))
						.password(rs.getString(2))
						.authorities(authorities((String[]) rs.getArray(3).getArray()))
						.build())
				.optional()
				.orElseThrow(() -> new UsernameNotFoundException(login));
	}

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
