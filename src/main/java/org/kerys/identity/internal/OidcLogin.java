package org.kerys.identity.internal;

import java.io.IOException;
import java.util.Map;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.kerys.identity.internal.OidcAccounts.Identity;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Conditional;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserRequest;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserService;
import org.springframework.security.oauth2.client.userinfo.OAuth2UserService;
import org.springframework.security.oauth2.client.web.DefaultOAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.client.web.HttpSessionOAuth2AuthorizedClientRepository;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestRedirectFilter;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthorizationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.SimpleUrlAuthenticationFailureHandler;
import org.springframework.stereotype.Component;

/**
 * OpenID Connect sign-in on the portal's chain: {@code GET /oauth2/authorization/<id>} sends the browser to the
 * provider, which sends it back to {@code GET /login/oauth2/code/<id>}; the person is then signed in to the Kerys
 * account {@link OidcAccounts} finds, links or creates, with a session like a password sign-in's
 * ({@link OidcAccount}), and goes to {@code /account} (or the page that asked them to sign in). A provider that
 * cannot be reached sends back to {@value #UNAVAILABLE}; a refused or tampered answer to {@value #FAILED}.
 */
@Component
@ConditionalOnWebApplication
@Conditional(OidcConfiguration.ProvidersConfigured.class)
class OidcLogin implements PortalSecurityCustomizer {

	static final String UNAVAILABLE = SecurityConfiguration.LOGIN_PAGE + "?oidc-unavailable";
	static final String FAILED = SecurityConfiguration.LOGIN_PAGE + "?oidc-error";

	private static final OidcProperties.Provider NONE = new OidcProperties.Provider(null, null, null, null, null, null,
			null, null);

	private static final Logger log = LoggerFactory.getLogger(OidcLogin.class);

	private final AuthenticationFailureHandler failure = new SimpleUrlAuthenticationFailureHandler(FAILED);
	private final OidcClientRegistrations registrations;
	private final OidcAccounts accounts;
	private final OidcProperties properties;

	OidcLogin(OidcClientRegistrations registrations, OidcAccounts accounts, OidcProperties properties) {
		this.registrations = registrations;
		this.accounts = accounts;
		this.properties = properties;
	}

	@Override
	public void customize(HttpSecurity http) throws Exception {
		DefaultOAuth2AuthorizationRequestResolver requests = new DefaultOAuth2AuthorizationRequestResolver(
				registrations, OAuth2AuthorizationRequestRedirectFilter.DEFAULT_AUTHORIZATION_REQUEST_BASE_URI);
		requests.setAuthorizationRequestCustomizer(this::extraParameters);
		http.oauth2Login(login -> login.loginPage(SecurityConfiguration.LOGIN_PAGE)
				.clientRegistrationRepository(registrations)
				.authorizationEndpoint(authorization -> authorization.authorizationRequestResolver(requests))
				// the provider's tokens live as long as the session, not in a map of every sign-in ever
				.authorizedClientRepository(new HttpSessionOAuth2AuthorizedClientRepository())
				.userInfoEndpoint(userInfo -> userInfo.oidcUserService(userService()))
				.defaultSuccessUrl("/account", false)
				.failureHandler(this::failed)
				.withObjectPostProcessor(new ObjectPostProcessor<OAuth2AuthorizationRequestRedirectFilter>() {
					@Override
					public <O extends OAuth2AuthorizationRequestRedirectFilter> O postProcess(O filter) {
						// an unknown provider id, or a provider whose discovery failed: back to the login page
						// rather than a bare 500
						filter.setAuthenticationFailureHandler(new SimpleUrlAuthenticationFailureHandler(UNAVAILABLE));
						return filter;
					}
				}));
	}

	/** Back to the login page; the reason goes to the log only (the OAuth2 error code and description). */
	private void failed(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
			throws IOException, ServletException {
		String reason = e instanceof OAuth2AuthenticationException oauth2
				? oauth2.getError().getErrorCode()
						+ (oauth2.getError().getDescription() == null ? "" : ": " + oauth2.getError().getDescription())
				: e.getClass().getSimpleName();
		reason = reason.length() > 500 ? reason.substring(0, 500) + "…" : reason;
		// the stack only of what is not a refusal by the provider or by the checks (a database failure, say)
		Throwable unexpected = e.getCause() instanceof RuntimeException cause && !(cause instanceof AuthenticationException)
				&& !(cause instanceof OAuth2AuthorizationException) ? cause : null;
		log.warn("OpenID Connect sign-in refused ({}): {}", request.getRequestURI(), reason, unexpected);
		failure.onAuthenticationFailure(request, response, e);
	}

	/** A provider's {@code authorization-parameters}, added to its authorization requests. */
	private void extraParameters(OAuth2AuthorizationRequest.Builder request) {
		request.attributes(attributes -> {
			Map<String, String> extra = properties.usable().getOrDefault(
					String.valueOf(attributes.get(OAuth2ParameterNames.REGISTRATION_ID)), NONE).authorizationParameters();
			if (!extra.isEmpty()) {
				request.additionalParameters(parameters -> parameters.putAll(extra));
			}
		});
	}

	/** {@code name}, else the given and family (or usual, ProConnect's) names. */
	static String fullName(OidcUser user) {
		if (user.getFullName() != null && !user.getFullName().isBlank()) {
			return user.getFullName();
		}
		String family = user.getFamilyName() != null ? user.getFamilyName() : user.getClaimAsString("usual_name");
		String name = ((user.getGivenName() == null ? "" : user.getGivenName()) + " " + (family == null ? "" : family))
				.strip();
		return name.isEmpty() ? null : name;
	}

	/** The provider's user (ID token, then userinfo) made into the Kerys account it is. */
	OAuth2UserService<OidcUserRequest, OidcUser> userService() {
		OidcUserService provider = new OidcUserService();
		provider.setOauth2UserService(new OidcUserInfo());
		return request -> {
			OidcUser user = provider.loadUser(request);
			String issuer = user.getIdToken().getClaimAsString("iss");
			Identity identity = new Identity(issuer, user.getSubject(), user.getEmail(),
					Boolean.TRUE.equals(user.getEmailVerified()), user.getPreferredUsername(), fullName(user));
			Accounts.Account account;
			try {
				account = accounts.signIn(identity);
			}
			catch (RuntimeException e) {
				// e.g. two first sign-ins of the same person at once: the second fails on the unique link
				throw new OAuth2AuthenticationException(new OAuth2Error("server_error"),
						"The account could not be found or created.", e);
			}
			return new OidcAccount(account.login(), account.platformRoles(), user);
		};
	}
}
