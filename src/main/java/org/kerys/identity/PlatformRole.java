package org.kerys.identity;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * A role on the whole platform (the metropolis' data team). Any account without one is a citizen.
 * {@code moderator} moderates content; {@code administrator} runs the platform and may do everything.
 */
public enum PlatformRole {

	MODERATOR, ADMINISTRATOR;

	public String code() {
		return name().toLowerCase(Locale.ROOT);
	}

	/** The Spring Security authority of this role. */
	public String authority() {
		return "ROLE_" + code();
	}

	public static Optional<PlatformRole> of(String code) {
		return code == null ? Optional.empty()
				: Arrays.stream(values()).filter(r -> r.code().equals(code.strip().toLowerCase(Locale.ROOT))).findFirst();
	}
}
