package test.idp;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.context.PropertyPlaceholderAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.tomcat.autoconfigure.servlet.TomcatServletWebServerAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.authorization.client.InMemoryRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;

/**
 * An OpenID Connect provider for tests: Spring Authorization Server with OIDC, authorization code flow, one client
 * ({@value #CLIENT_ID} / {@value #CLIENT_SECRET}, no consent) and a form login with three people (password
 * {@value #PASSWORD}): {@code alice} (verified address), {@code bob} (verified address), {@code carol} (address NOT
 * verified). Subjects are opaque ({@code sub-<user>}), unlike the usernames.
 *
 * <p>It lives outside {@code org.kerys} so that Kerys' component scan never sees it, and it imports only the
 * embedded Tomcat: none of Kerys' auto-configured database, Flyway, mail… nor its {@code application.properties}
 * ({@code spring.config.name} names a file that does not exist).
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSecurity
@ImportAutoConfiguration({ PropertyPlaceholderAutoConfiguration.class, TomcatServletWebServerAutoConfiguration.class })
public class TestIdentityProvider {

	public static final String CLIENT_ID = "kerys";
	public static final String CLIENT_SECRET = "kerys-client-secret";
	public static final String PASSWORD = "idp-password-123";

	/** The claims of each person's ID token (and userinfo), besides {@code sub}. */
	static final Map<String, Map<String, Object>> PEOPLE = Map.of(
			"alice", Map.of("email", "alice@example.org", "email_verified", true, "preferred_username", "alice",
					"name", "Alice Liddell"),
			"bob", Map.of("email", "bob@example.org", "email_verified", true, "preferred_username", "bob",
					"name", "Bob Morane"),
			"carol", Map.of("email", "carol@example.org", "email_verified", false, "preferred_username", "carol",
					"name", "Carol Danvers"));

	/** Starts it on {@code 127.0.0.1:port} (its issuer: {@code http://127.0.0.1:port}), for one redirect URI. */
	public static ConfigurableApplicationContext start(int port, String redirectUri) {
		return new SpringApplicationBuilder(TestIdentityProvider.class).web(WebApplicationType.SERVLET)
				.bannerMode(Banner.Mode.OFF).logStartupInfo(false)
				.run("--spring.config.name=test-idp-none", "--server.port=" + port, "--server.address=127.0.0.1",
						// no DispatcherServlet: every endpoint is a security filter, which Tomcat runs only for a mapped servlet
						"--server.servlet.register-default-servlet=true",
						"--test-idp.issuer=http://127.0.0.1:" + port, "--test-idp.redirect-uri=" + redirectUri);
	}

	public static String subjectOf(String username) {
		return "sub-" + username;
	}

	@Bean
	@Order(1)
	SecurityFilterChain authorizationServer(HttpSecurity http) throws Exception {
		http.oauth2AuthorizationServer(server -> {
			http.securityMatcher(server.getEndpointsMatcher());
			server.oidc(Customizer.withDefaults());
		})
				.authorizeHttpRequests(auth -> auth.anyRequest().authenticated())
				.exceptionHandling(ex -> ex.defaultAuthenticationEntryPointFor(new LoginUrlAuthenticationEntryPoint("/login"),
						new MediaTypeRequestMatcher(MediaType.TEXT_HTML)))
				.oauth2ResourceServer(server -> server.jwt(Customizer.withDefaults()));
		return http.build();
	}

	@Bean
	@Order(2)
	SecurityFilterChain signIn(HttpSecurity http) throws Exception {
		http.authorizeHttpRequests(auth -> auth.anyRequest().authenticated()).formLogin(Customizer.withDefaults());
		return http.build();
	}

	@Bean
	UserDetailsService people() {
		return new InMemoryUserDetailsManager(PEOPLE.keySet().stream()
				.map(name -> User.withUsername(name).password("{noop}" + PASSWORD).roles("USER").build()).toList());
	}

	@Bean
	RegisteredClientRepository clients(@Value("${test-idp.redirect-uri}") String redirectUri) {
		return new InMemoryRegisteredClientRepository(RegisteredClient.withId(UUID.randomUUID().toString())
				.clientId(CLIENT_ID)
				.clientSecret("{noop}" + CLIENT_SECRET)
				.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
				.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
				.redirectUri(redirectUri)
				.scope(OidcScopes.OPENID).scope(OidcScopes.EMAIL).scope(OidcScopes.PROFILE)
				.clientSettings(ClientSettings.builder().requireAuthorizationConsent(false).build())
				.build());
	}

	@Bean
	AuthorizationServerSettings settings(@Value("${test-idp.issuer}") String issuer) {
		return AuthorizationServerSettings.builder().issuer(issuer).build();
	}

	@Bean
	OAuth2TokenCustomizer<JwtEncodingContext> claims() {
		return context -> {
			String username = context.getPrincipal().getName();
			Map<String, Object> claims = PEOPLE.get(username);
			if (claims == null) {
				return;
			}
			if (OidcParameterNames.ID_TOKEN.equals(context.getTokenType().getValue())) {
				// an opaque subject, so that a Kerys login equal to the subject would prove nothing
				context.getClaims().subject(subjectOf(username));
				claims.forEach(context.getClaims()::claim);
			}
		};
	}

	@Bean
	RSAKey rsaKey() throws NoSuchAlgorithmException {
		KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
		generator.initialize(2048);
		KeyPair pair = generator.generateKeyPair();
		return new RSAKey.Builder((RSAPublicKey) pair.getPublic()).privateKey((RSAPrivateKey) pair.getPrivate())
				.keyID(UUID.randomUUID().toString()).build();
	}

	@Bean
	JWKSource<SecurityContext> jwkSource(RSAKey rsaKey) {
		return new ImmutableJWKSet<>(new JWKSet(rsaKey));
	}

	@Bean
	JwtDecoder jwtDecoder(RSAKey rsaKey) throws Exception {
		return NimbusJwtDecoder.withPublicKey(rsaKey.toRSAPublicKey()).build();
	}
}
