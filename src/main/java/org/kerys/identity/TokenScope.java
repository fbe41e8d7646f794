package org.kerys.identity;

import java.util.Arrays;
import java.util.Optional;

/**
 * What a personal API token may do, on top of what its account may do. An account that signs in with its
 * password has every scope; a token has only those it was created with.
 */
public enum TokenScope {

	/** create, change and delete datasets, organisations and contacts; import */
	CATALOG_WRITE("catalog.write"),
	/** upload media files */
	MEDIA_WRITE("media.write"),
	/** manage the members and invitations of the organisations the account administers */
	ORGANIZATIONS_WRITE("organizations.write"),
	/** the administration API */
	ADMIN("admin");

	private final String code;

	TokenScope(String code) {
		this.code = code;
	}

	public String code() {
		return code;
	}

	/** The Spring Security authority that carries this scope. */
	public String authority() {
		return "SCOPE_" + code;
	}

	public static Optional<TokenScope> of(String code) {
		return Arrays.stream(values()).filter(s -> s.code.equals(code)).findFirst();
	}
}
