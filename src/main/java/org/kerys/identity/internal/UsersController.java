package org.kerys.identity.internal;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Administrators create accounts (verified, with platform roles), list them and change their roles. */
@RestController
@Tag(name = "Administration: accounts")
class UsersController {

	private final AccountAdministration administration;

	UsersController(AccountAdministration administration) {
		this.administration = administration;
	}

	record NewUser(String login, String email, String password, @JsonProperty("display_name") String displayName,
			@JsonProperty("platform_roles") List<String> platformRoles) {
	}

	/** An account as administrators see it. */
	record User(UUID id, String login, String email, @JsonProperty("display_name") String displayName,
			@JsonProperty("email_verified") boolean emailVerified, @JsonProperty("platform_roles") List<String> platformRoles,
			Map<UUID, String> organizations, @JsonProperty("created_at") java.time.OffsetDateTime createdAt) {

		static User of(AccountAdministration.AccountView view) {
			Accounts.Account account = view.account();
			Map<UUID, String> organizations = new LinkedHashMap<>();
			view.organizations().forEach((organization, role) -> organizations.put(organization, role.code()));
			return new User(account.id(), account.login(), account.email(), account.displayName(),
					account.emailVerified(), account.platformRoles(), organizations, account.createdAt());
		}
	}

	record Roles(@JsonProperty("platform_roles") List<String> platformRoles) {
	}

	record UserPage(long total, List<User> items) {
	}

	@PostMapping(path = "/api/admin/users", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Create a verified account", description = """
			Administrators only. Body {"login", "email", "password" (at least 12 characters, not a common one), \
			"display_name" (optional), "platform_roles" (optional: "moderator", "administrator")}. The account is \
			created with its email address verified. 409 KRS-409-LOGIN or KRS-409-EMAIL when taken.""")
	ResponseEntity<User> create(@RequestBody(required = false) NewUser request, Authentication caller) {
		NewUser asked = request == null ? new NewUser(null, null, null, null, null) : request;
		User created = User.of(administration.create(new AccountAdministration.NewAccount(asked.login(), asked.email(),
				asked.password(), asked.displayName(), asked.platformRoles()), caller.getName()));
		return ResponseEntity.created(URI.create("/api/admin/users/" + created.login())).body(created);
	}

	@GetMapping(path = "/api/admin/users", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Accounts, by login", description = """
			Administrators only. limit (1-500, default 100), offset; q (optional): only the accounts whose login or \
			email address starts with it.""")
	UserPage list(@RequestParam(defaultValue = "100") int limit, @RequestParam(defaultValue = "0") int offset,
			@RequestParam(required = false) String q) {
		AccountAdministration.AccountPage page = administration.list(q, limit, offset);
		return new UserPage(page.total(), page.items().stream().map(User::of).toList());
	}

	@GetMapping(path = "/api/admin/users/{login}", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "One account", description = "Administrators only.")
	User one(@PathVariable String login) {
		return User.of(administration.find(login));
	}

	@PutMapping(path = "/api/admin/users/{login}/roles", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Set an account's platform roles", description = """
			Administrators only. Body {"platform_roles": ["moderator" | "administrator", …]} (an empty list makes a \
			citizen). An administrator cannot take the administrator role from themself (409 KRS-409-LAST-ADMIN).""")
	User setRoles(@PathVariable String login, @RequestBody(required = false) Roles request, Authentication caller) {
		return User.of(administration.setRoles(login, request == null ? null : request.platformRoles(),
				caller.getName()));
	}
}
