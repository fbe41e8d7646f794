package org.kerys.identity.internal;

import org.springframework.security.config.annotation.web.builders.HttpSecurity;

/**
 * Adds to the portal's security filter chain (session, form login, CSRF) something that lives in its own class:
 * OpenID Connect login, for instance. Every such bean is applied by {@code SecurityConfiguration}.
 */
@FunctionalInterface
public interface PortalSecurityCustomizer {

	void customize(HttpSecurity http) throws Exception;
}
