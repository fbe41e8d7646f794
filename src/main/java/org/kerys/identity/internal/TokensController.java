package org.kerys.identity.internal;

import java.net.URI;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.kerys.identity.ApiTokenCreated;
import org.kerys.identity.ApiTokenRevoked;
import org.kerys.identity.TokenScope;
import org.kerys.platform.ProblemException;
import org.kerys.platform.ProblemException.FieldError;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Personal API tokens of the signed-in account: created with its password, listed, revoked. */
@RestController
@Tag(name = "Personal API tokens")
class TokensController {

	static final int DEFAULT_DAYS = 90;
	static final int MAX_DAYS = 730;

	private final ApiTokens tokens;
	private final JdbcClient jdbc;
	private final ApplicationEventPublisher events;

	TokensController(ApiTokens tokens, JdbcClient jdbc, ApplicationEventPublisher events) {
		this.tokens = tokens;
		this.jdbc = jdbc;
		this.events = events;
	}

	/** What a client asks for; everything is optional. */
	record TokenRequest(String name, List<String> scopes, @JsonProperty("expires_in_days") Integer expiresInDays) {
	}

	/** The new token, shown this once. */
	record NewToken(UUID id, String token, String name, List<String> scopes,
			@JsonProperty("expires_at") OffsetDateTime expiresAt) {
	}

	@Transactional
	@PostMapping(path = "/api/auth/token", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Create a personal API token", description = """
			Authenticate with HTTP Basic (login and password): a token cannot create tokens. Body (optional): \
			{"name", "scopes": ["catalog.write", "media.write", "organizations.write", "admin"], "expires_in_days" (default 90, at most \
			730)}. Default scopes: catalog.write and media.write. The token is shown once; send it as \
			'Authorization: Bearer <token>'.""")
	ResponseEntity<NewToken> create(@RequestBody(required = false) TokenRequest request, Authentication caller) {
		if (!(caller instanceof UsernamePasswordAuthenticationToken)) {
			throw new ProblemException(HttpStatus.FORBIDDEN, "KRS-403-PASSWORD-REQUIRED",
					"Tokens are created with the account's login and password, not with another token.");
		}
		TokenRequest asked = request == null ? new TokenRequest(null, null, null) : request;
		List<FieldError> errors = new ArrayList<>();
		String name = asked.name() == null ? "API token" : asked.name().strip();
		if (name.isEmpty() || name.length() > 100) {
			errors.add(new FieldError("ERR-203", "name", "A name of 1 to 100 characters."));
		}
		List<String> scopes = asked.scopes() == null
				? List.of(TokenScope.CATALOG_WRITE.code(), TokenScope.MEDIA_WRITE.code()) : asked.scopes();
		for (int i = 0; i < scopes.size(); i++) {
			if (scopes.get(i) == null || TokenScope.of(scopes.get(i)).isEmpty()) {
				errors.add(new FieldError("ERR-302", "scopes[" + i + "]",
						"Unknown scope; known: catalog.write, media.write, organizations.write, admin."));
			}
		}
		int days = asked.expiresInDays() == null ? DEFAULT_DAYS : asked.expiresInDays();
		if (days < 1 || days > MAX_DAYS) {
			errors.add(new FieldError("ERR-303", "expires_in_days", "Between 1 and " + MAX_DAYS + " days."));
		}
		if (!errors.isEmpty()) {
			throw new ProblemException(HttpStatus.BAD_REQUEST, errors.get(0).code(), "The token request is invalid.",
					errors);
		}
		String secret = ApiTokens.newSecret();
		OffsetDateTime expiresAt = OffsetDateTime.now().plusDays(days);
		List<String> granted = scopes.stream().distinct().toList();
		UUID id = tokens.create(accountId(caller), name, secret, granted, expiresAt);
		events.publishEvent(new ApiTokenCreated(caller.getName(), id, name, granted));
		return ResponseEntity.created(URI.create("/api/auth/tokens/" + id))
				.body(new NewToken(id, secret, name, granted, expiresAt));
	}

	@GetMapping(path = "/api/auth/tokens", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "The caller's tokens", description = "Never the tokens themselves: names, scopes, dates.")
	List<ApiTokens.TokenInfo> list(Authentication caller) {
		return tokens.list(accountId(caller));
	}

	@Transactional
	@DeleteMapping("/api/auth/tokens/{id}")
	@Operation(summary = "Revoke one of the caller's tokens", description = "Effective for the very next request.")
	ResponseEntity<Void> revoke(@PathVariable String id, Authentication caller) {
		UUID tokenId;
		try {
			tokenId = UUID.fromString(id);
		}
		catch (IllegalArgumentException e) {
			throw ProblemException.notFound("KRS-404-TOKEN", "No such token.");
		}
		if (!tokens.revoke(accountId(caller), tokenId)) {
			throw ProblemException.notFound("KRS-404-TOKEN", "No such token.");
		}
		events.publishEvent(new ApiTokenRevoked(caller.getName(), tokenId));
		return ResponseEntity.noContent().build();
	}

	private UUID accountId(Authentication caller) {
		return jdbc.sql("select id from accounts where login = ?").param(caller.getName()).query(UUID.class).single();
	}
}
