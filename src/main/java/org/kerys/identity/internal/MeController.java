package org.kerys.identity.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.kerys.identity.OrganizationNames;
import org.kerys.identity.OrganizationRole;
import org.kerys.platform.ProblemException;
import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The caller's own account. */
@RestController
@Tag(name = "My account")
class MeController {

	private final Accounts accounts;
	private final Memberships memberships;
	private final OrganizationNames organizations;

	MeController(Accounts accounts, Memberships memberships, OrganizationNames organizations) {
		this.accounts = accounts;
		this.memberships = memberships;
		this.organizations = organizations;
	}

	record Organization(UUID id, String name, String role) {
	}

	record Me(String login, String email, @JsonProperty("display_name") String displayName,
			@JsonProperty("email_verified") boolean emailVerified,
			@JsonProperty("platform_roles") List<String> platformRoles, List<Organization> organizations) {
	}

	@GetMapping(path = "/api/me", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "The caller's account", description = "Login, email, roles on the platform and in organisations.")
	Me me(Authentication caller) {
		Accounts.Account account = accounts.byLogin(caller.getName())
				.orElseThrow(() -> ProblemException.notFound("KRS-404-ACCOUNT", "No such account."));
		return new Me(account.login(), account.email(), account.displayName(), account.emailVerified(),
				account.platformRoles(), organizationsOf(account.id()));
	}

	/** The account's organisations with their names and its role in each. */
	List<Organization> organizationsOf(UUID accountId) {
		Map<UUID, OrganizationRole> roles = memberships.of(accountId);
		Map<UUID, String> names = organizations.names(roles.keySet());
		List<Organization> list = new ArrayList<>();
		roles.forEach((id, role) -> list.add(new Organization(id, names.getOrDefault(id, id.toString()), role.code())));
		return list;
	}
}
