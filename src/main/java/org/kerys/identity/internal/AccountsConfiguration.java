package org.kerys.identity.internal;

import java.util.List;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;

/** Accounts and their passwords, for the portal and for commands alike (commands run without a web server). */
@Configuration(proxyBeanMethods = false)
class AccountsConfiguration {

	@Bean
	PasswordEncoder passwordEncoder() {
		return PasswordEncoderFactories.createDelegatingPasswordEncoder();
	}

	@Bean
	UserDetailsService accounts(JdbcClient jdbc) {
		return login -> jdbc.sql("select login, password_hash, platform_roles from accounts where login = :login")
				.param("login", login)
				.query((rs, i) -> User.withUsername(rs.getString(1))
						.password(rs.getString(2))
						.authorities(List.of((String[]) rs.getArray(3).getArray()).stream()
								.map(role -> new SimpleGrantedAuthority("ROLE_" + role)).toList())
						.build())
				.optional()
				.orElseThrow(() -> new UsernameNotFoundException(login));
	}
}
