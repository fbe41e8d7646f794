package org.kerys.identity;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * An account's role in an organisation, each including the one before: a {@code member} sees the organisation's
 * members; an {@code editor} also manages its datasets and media; an {@code admin} also manages its members.
 */
public enum OrganizationRole {

	MEMBER, EDITOR, ADMIN;

	public String code() {
		return name().toLowerCase(Locale.ROOT);
	}

	/** Whether this role includes {@code other}. */
	public boolean includes(OrganizationRole other) {
		return compareTo(other) >= 0;
	}

	public static Optional<OrganizationRole> of(String code) {
		return code == null ? Optional.empty()
				: Arrays.stream(values()).filter(r -> r.code().equals(code.strip().toLowerCase(Locale.ROOT))).findFirst();
	}
}
