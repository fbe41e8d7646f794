package org.kerys.identity.internal;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.UUID;

import org.kerys.identity.TokenScope;
import org.kerys.platform.KerysProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * Creates the {@code admin} account on first start, with {@code KERYS_ADMIN_PASSWORD} or a random password
 * printed once in the log, and, when {@code KERYS_ADMIN_TOKEN} is set, that token (stored hashed) with every
 * scope, for automation. Later starts leave the account and its tokens as they are.
 */
@Component
@Order(0)
class AdminBootstrap implements ApplicationRunner {

	private static final Logger log = LoggerFactory.getLogger(AdminBootstrap.class);

	private final JdbcClient jdbc;
	private final PasswordEncoder encoder;
	private final KerysProperties properties;

	private final ApiTokens tokens;
	private final String adminToken;

	AdminBootstrap(JdbcClient jdbc, PasswordEncoder encoder, KerysProperties properties, ApiTokens tokens,
			@Value("${kerys.admin-token:}") String adminToken) {
		this.jdbc = jdbc;
		this.encoder = encoder;
		this.properties = properties;
		this.tokens = tokens;
		this.adminToken = adminToken;
	}

	@Override
	public void run(ApplicationArguments args) {
		boolean exists = jdbc.sql("select count(*) from accounts where login = 'admin'").query(Long.class).single() > 0;
		if (exists) {
			return;
		}
		if (adminToken != null && SecurityConfiguration.looksLikeJwt(adminToken.strip())) {
			// it would be taken for a node client's access token, and refused
			throw new IllegalStateException("KERYS_ADMIN_TOKEN must not contain exactly two dots (the shape of a JWT)");
		}
		String password = properties.adminPassword();
		boolean generated = password == null || password.isBlank();
		if (generated) {
			byte[] random = new byte[18];
			new SecureRandom().nextBytes(random);
			password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
		}
		int created = jdbc.sql("""
				insert into accounts (id, login, password_hash, platform_roles, email_verified_at)
				values (:id, 'admin', :hash, '{administrator}', now()) on conflict (login) do nothing""")
				.param("id", UUID.randomUUID())
				.param("hash", encoder.encode(password))
				.update();
		if (created == 1 && adminToken != null && !adminToken.isBlank()) {
			UUID admin = jdbc.sql("select id from accounts where login = 'admin'").query(UUID.class).single();
			tokens.create(admin, "KERYS_ADMIN_TOKEN", adminToken.strip(),
					java.util.Arrays.stream(TokenScope.values()).map(TokenScope::code).toList(), null);
			log.info("Stored KERYS_ADMIN_TOKEN (hashed) as a token of 'admin' with every scope");
		}
		if (created == 1 && generated) {
			log.warn("\n\n  Created the administrator account 'admin' with password: {}\n"
					+ "  It is shown only this once; set KERYS_ADMIN_PASSWORD to choose it yourself.\n", password);
		}
		else if (created == 1) {
			log.info("Created the administrator account 'admin' (password from KERYS_ADMIN_PASSWORD)");
		}
	}
}
