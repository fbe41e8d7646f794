package org.kerys.identity.internal;

import java.io.Serial;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import org.kerys.identity.TokenScope;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.OidcUserInfo;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;

/**
 * A Kerys account signed in with OpenID Connect: its name is the account's login (not the provider's subject) and
 * its authorities are those of a password sign-in — {@code ROLE_<platform role>} and every {@code SCOPE_…} — so
 * {@link org.kerys.identity.AccessPolicy} treats the session exactly as a password session. The provider's claims
 * stay available.
 */
final class OidcAccount implements OidcUser, java.io.Serializable {

	@Serial
	private static final long serialVersionUID = 1L;

	private final String login;
	private final List<GrantedAuthority> authorities;
	private final OidcIdToken idToken;
	private final OidcUserInfo userInfo;
	private final Map<String, Object> attributes;

	OidcAccount(String login, List<String> platformRoles, OidcUser provided) {
		this.login = login;
		this.authorities = authorities(platformRoles);
		this.idToken = provided.getIdToken();
		this.userInfo = provided.getUserInfo();
		// claims may hold nulls ("family_name": null), which Map.copyOf refuses
		this.attributes = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(provided.getAttributes()));
	}

	static List<GrantedAuthority> authorities(List<String> platformRoles) {
		List<GrantedAuthority> authorities = new ArrayList<>();
		for (String role : platformRoles) {
			authorities.add(new SimpleGrantedAuthority("ROLE_" + role));
		}
		for (TokenScope scope : TokenScope.values()) {
			authorities.add(new SimpleGrantedAuthority(scope.authority()));
		}
		return List.copyOf(authorities);
	}

	/** The Kerys login. */
	@Override
	public String getName() {
		return login;
	}

	@Override
	public Collection<? extends GrantedAuthority> getAuthorities() {
		return authorities;
	}

	@Override
	public Map<String, Object> getClaims() {
		return attributes;
	}

	@Override
	public OidcUserInfo getUserInfo() {
		return userInfo;
	}

	@Override
	public OidcIdToken getIdToken() {
		return idToken;
	}

	@Override
	public Map<String, Object> getAttributes() {
		return attributes;
	}

	@Override
	public String toString() {
		return "OidcAccount[" + login + ", " + authorities + "]";
	}
}
