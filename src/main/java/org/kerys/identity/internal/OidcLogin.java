package org.kerys.identity.internal;

import org.kerys.identity.internal.OidcAccounts.Identity;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Conditional;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserRequest;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserService;
import org.springframework.security.oauth2.client.userinfo.OAuth2UserService;
import org.springframework.security.oauth2.client.web.HttpSessionOAuth2AuthorizedClientRepository;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestRedirectFilter;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
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

	private final OidcClientRegistrations registrations;
	private final OidcAccounts accounts;

	OidcLogin(OidcClientRegistrations registrations, OidcAccounts accounts) {
		this.registrations = registrations;
		this.accounts = accounts;
	}

	@Override
	public void customize(HttpSecurity http) throws Exception {
		http.oauth2Login(login -> login.loginPage(SecurityConfiguration.LOGIN_PAGE)
				.clientRegistrationRepository(registrations)
				// the provider's tokens live as long as the session, not in a map of every sign-in ever
				.authorizedClientRepository(new HttpSessionOAuth2AuthorizedClientRepository())
				.userInfoEndpoint(userInfo -> userInfo.oidcUserService(userService()))
				.defaultSuccessUrl("/account", false)
				.failureUrl(FAILED)
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

	/** The provider's user (ID token, then userinfo) made into the Kerys account it is. */
	OAuth2UserService<OidcUserRequest, OidcUser> userService() {
		OidcUserService provider = new OidcUserService();
		return request -> {
			OidcUser user = provider.loadUser(request);
			String issuer = user.getIdToken().getClaimAsString("iss");
			Identity identity = new Identity(issuer, user.getSubject(), user.getEmail(),
					Boolean.TRUE.equals(user.getEmailVerified()), user.getPreferredUsername(), user.getFullName());
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
