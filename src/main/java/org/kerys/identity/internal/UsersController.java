package org.kerys.identity.internal;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.kerys.identity.AccountChanged;
import org.kerys.identity.AccountCreated;
import org.kerys.identity.PlatformRole;
import org.kerys.platform.ProblemException;
import org.kerys.platform.ProblemException.FieldError;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.transaction.annotation.Transactional;
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

	private final Accounts accounts;
	private final Memberships memberships;
	private final PasswordEncoder encoder;
	private final ApplicationEventPublisher events;

	UsersController(Accounts accounts, Memberships memberships, PasswordEncoder encoder,
			ApplicationEventPublisher events) {
		this.accounts = accounts;
		this.memberships = memberships;
		this.encoder = encoder;
		this.events = events;
	}

	record NewUser(String login, String email, String password, @JsonProperty("display_name") String displayName,
			@JsonProperty("platform_roles") List<String> platformRoles) {
	}

	/** An account as administrators see it. */
	record User(UUID id, String login, String email, @JsonProperty("display_name") String displayName,
			@JsonProperty("email_verified") boolean emailVerified, @JsonProperty("platform_roles") List<String> platformRoles,
			Map<UUID, String> organizations, @JsonProperty("created_at") java.time.OffsetDateTime createdAt) {
	}

	record Roles(@JsonProperty("platform_roles") List<String> platformRoles) {
	}

	record UserPage(long total, List<User> items) {
	}

	@Transactional
	@PostMapping(path = "/api/admin/users", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Create a verified account", description = """
			Administrators only. Body {"login", "email", "password" (at least 12 characters, not a common one), \\
			"display_name" (optional), "platform_roles" (optional: "moderator", "administrator")}. The account is \\
			created with its email address verified. 409 KRS-409-LOGIN or KRS-409-EMAIL when taken.""")
	ResponseEntity<User> create(@RequestBody(required = false) NewUser request, Authentication caller) {
		NewUser asked = request == null ? new NewUser(null, null, null, null, null) : request;
		List<FieldError> errors = new ArrayList<>();
		Credentials.checkLogin(asked.login(), errors);
		Credentials.checkEmail(asked.email(), errors);
		Credentials.checkPassword(asked.password(), asked.login(), asked.email(), errors);
		String displayName = displayName(asked.displayName(), errors);
		List<String> roles = roles(asked.platformRoles(), errors);
		if (!errors.isEmpty()) {
			throw new ProblemException(HttpStatus.BAD_REQUEST, errors.get(0).code(), "The account is invalid.", errors);
		}
		String login = Credentials.normalLogin(asked.login());
		if (accounts.loginTaken(login)) {
			throw new ProblemException(HttpStatus.CONFLICT, "KRS-409-LOGIN", "This login is taken.");
		}
		if (accounts.emailTaken(asked.email())) {
			throw new ProblemException(HttpStatus.CONFLICT, "KRS-409-EMAIL", "An account has this email address.");
		}
		UUID id = accounts.create(login, asked.email().strip(), displayName, encoder.encode(asked.password()), roles,
				true);
		events.publishEvent(new AccountCreated(caller.getName(), id, "admin", roles));
		return ResponseEntity.created(URI.create("/api/admin/users/" + login)).body(user(accounts.byId(id).orElseThrow()));
	}

	@GetMapping(path = "/api/admin/users", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Accounts, by login", description = "Administrators only. limit (1-500, default 100), offset.")
	UserPage list(@RequestParam(defaultValue = "100") int limit, @RequestParam(defaultValue = "0") int offset) {
		if (limit < 1 || limit > 500 || offset < 0) {
			throw new ProblemException(HttpStatus.BAD_REQUEST, "ERR-303", "limit is 1 to 500, offset at least 0.");
		}
		return new UserPage(accounts.count(), accounts.list(limit, offset).stream().map(this::user).toList());
	}

	@GetMapping(path = "/api/admin/users/{login}", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "One account", description = "Administrators only.")
	User one(@PathVariable String login) {
		return user(find(login));
	}

	@Transactional
	@PutMapping(path = "/api/admin/users/{login}/roles", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Set an account's platform roles", description = """
			Administrators only. Body {"platform_roles": ["moderator" | "administrator", …]} (an empty list makes a \\
			citizen). An administrator cannot take the administrator role from themself (409 KRS-409-LAST-ADMIN).""")
	User setRoles(@PathVariable String login, @RequestBody(required = false) Roles request, Authentication caller) {
		Accounts.Account account = find(login);
		List<FieldError> errors = new ArrayList<>();
		List<String> roles = roles(request == null || request.platformRoles() == null ? null : request.platformRoles(),
				errors);
		if (request == null || request.platformRoles() == null) {
			errors.add(new FieldError("ERR-202", "platform_roles", "The list of platform roles (may be empty)."));
		}
		if (!errors.isEmpty()) {
			throw new ProblemException(HttpStatus.BAD_REQUEST, errors.get(0).code(), "The roles are invalid.", errors);
		}
		if (account.login().equals(caller.getName()) && !roles.contains(PlatformRole.ADMINISTRATOR.code())) {
			throw new ProblemException(HttpStatus.CONFLICT, "KRS-409-LAST-ADMIN",
					"You cannot remove your own administrator role; ask another administrator.");
		}
		accounts.setPlatformRoles(account.id(), roles);
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("before", account.platformRoles());
		details.put("after", roles);
		events.publishEvent(new AccountChanged(caller.getName(), account.id(), "roles_changed", details));
		return user(accounts.byId(account.id()).orElseThrow());
	}

	private Accounts.Account find(String login) {
		return accounts.byLogin(login).orElseThrow(() -> ProblemException.notFound("KRS-404-ACCOUNT", "No such account."));
	}

	private User user(Accounts.Account account) {
		Map<UUID, String> organizations = new LinkedHashMap<>();
		memberships.of(account.id()).forEach((organization, role) -> organizations.put(organization, role.code()));
		return new User(account.id(), account.login(), account.email(), account.displayName(), account.emailVerified(),
				account.platformRoles(), organizations, account.createdAt());
	}

	static String displayName(String displayName, List<FieldError> errors) {
		if (displayName == null || displayName.isBlank()) {
			return null;
		}
		if (displayName.strip().length() > 100) {
			errors.add(new FieldError("ERR-203", "display_name", "At most 100 characters."));
		}
		return displayName.strip();
	}

	private static List<String> roles(List<String> asked, List<FieldError> errors) {
		if (asked == null) {
			return List.of();
		}
		List<String> roles = new ArrayList<>();
		for (int i = 0; i < asked.size(); i++) {
			int index = i;
			PlatformRole.of(asked.get(i)).ifPresentOrElse(role -> {
				if (!roles.contains(role.code())) {
					roles.add(role.code());
				}
			}, () -> errors.add(new FieldError("ERR-302", "platform_roles[" + index + "]",
					"Unknown role; known: moderator, administrator.")));
		}
		return roles;
	}
}
