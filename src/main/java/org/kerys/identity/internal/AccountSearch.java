package org.kerys.identity.internal;

import java.util.List;
import java.util.Locale;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The administrators' search of accounts: those whose login or email address starts with some text (the login
 * index, and a scan of the email index for the email part: cheap at a metropolis' scale).
 */
@Repository
class AccountSearch {

	private static final String WHERE = """
			from accounts where deleted_at is null
			and (login like :prefix escape '\\' or lower(email) like :prefix escape '\\')""";

	private final JdbcClient jdbc;

	AccountSearch(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	long count(String prefix) {
		return jdbc.sql("select count(*) " + WHERE).param("prefix", pattern(prefix)).query(Long.class).single();
	}

	/** The ids of the matching accounts, by login. */
	List<UUID> ids(String prefix, int limit, int offset) {
		return jdbc.sql("select id " + WHERE + " order by login limit :limit offset :offset")
				.param("prefix", pattern(prefix)).param("limit", limit).param("offset", offset)
				.query(UUID.class).list();
	}

	/** Lower-case (logins are stored so, emails compared so), LIKE's wildcards taken literally. */
	static String pattern(String prefix) {
		return prefix.strip().toLowerCase(Locale.ROOT).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
				+ "%";
	}
}
