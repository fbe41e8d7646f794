package test.idp;

import java.io.IOException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
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
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.core.oidc.OidcUserInfo;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.security.oauth2.server.authorization.oidc.authentication.OidcUserInfoAuthenticationToken;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
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

	/** How many userinfo answers were signed JWTs, in every provider started. */
	public static final AtomicInteger SIGNED_USERINFO = new AtomicInteger();

	private final String issuer;
	private final RSAKey rsaKey;
	private final ECKey ecKey;

	TestIdentityProvider(@Value("${test-idp.issuer}") String issuer) throws NoSuchAlgorithmException {
		this.issuer = issuer;
		KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
		generator.initialize(2048);
		KeyPair pair = generator.generateKeyPair();
		this.rsaKey = new RSAKey.Builder((RSAPublicKey) pair.getPublic()).privateKey((RSAPrivateKey) pair.getPrivate())
				.keyID(UUID.randomUUID().toString()).build();
		try {
			this.ecKey = new ECKeyGenerator(Curve.P_256).keyID(UUID.randomUUID().toString()).generate();
		}
		catch (JOSEException e) {
			throw new IllegalStateException(e);
		}
	}

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

	/**
	 * Starts it on {@code 127.0.0.1:port} (its issuer: {@code http://127.0.0.1:port}); its client's redirect URI is
	 * set later ({@link #redirectTo}), once Kerys' port is known.
	 */
	public static ConfigurableApplicationContext start(int port) {
		return new SpringApplicationBuilder(TestIdentityProvider.class).web(WebApplicationType.SERVLET)
				.bannerMode(Banner.Mode.OFF).logStartupInfo(false)
				.run("--spring.config.name=test-idp-none", "--server.port=" + port, "--server.address=127.0.0.1",
						// no DispatcherServlet: every endpoint is a security filter, which Tomcat runs only for a mapped servlet
						"--server.servlet.register-default-servlet=true",
						"--test-idp.issuer=http://127.0.0.1:" + port);
	}

	/** The one redirect URI its client accepts from now on. */
	public static void redirectTo(ConfigurableApplicationContext idp, String redirectUri) {
		idp.getBean(RedirectUri.class).set(redirectUri);
	}

	/** The client's redirect URI, known after start. */
	static final class RedirectUri extends AtomicReference<String> {
	}

	public static String subjectOf(String username) {
		return "sub-" + username;
	}

	@Bean
	@Order(1)
	SecurityFilterChain authorizationServer(HttpSecurity http) throws Exception {
		http.oauth2AuthorizationServer(server -> {
			http.securityMatcher(server.getEndpointsMatcher());
			server.oidc(oidc -> oidc.userInfoEndpoint(userInfo -> userInfo.userInfoResponseHandler(this::userInfo)));
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

	/**
	 * Userinfo as JSON, except for bob: a JWT signed by the provider ({@code application/jwt}), as ProConnect and
	 * FranceConnect answer.
	 */
	private void userInfo(HttpServletRequest request, HttpServletResponse response, Authentication authentication)
			throws IOException {
		OidcUserInfo userInfo = ((OidcUserInfoAuthenticationToken) authentication).getUserInfo();
		response.setCharacterEncoding("UTF-8");
		if ("bob".equals(userInfo.getPreferredUsername())) {
			JwtClaimsSet.Builder claims = JwtClaimsSet.builder().issuer(issuer).audience(List.of(CLIENT_ID))
					.issuedAt(Instant.now());
			userInfo.getClaims().forEach(claims::claim);
			response.setContentType("application/jwt");
			SIGNED_USERINFO.incrementAndGet();
			response.getWriter().write(new NimbusJwtEncoder(jwkSource()).encode(JwtEncoderParameters.from(
					JwsHeader.with(SignatureAlgorithm.RS256).keyId(rsaKey.getKeyID()).build(), claims.build()))
					.getTokenValue());
		}
		else {
			response.setContentType("application/json");
			Map<String, Object> claims = new java.util.LinkedHashMap<>(userInfo.getClaims());
			claims.put("middle_name", null); // providers do send nulls
			response.getWriter().write(JsonMapper.builder().build().writeValueAsString(claims));
		}
	}

	@Bean
	UserDetailsService people() {
		return new InMemoryUserDetailsManager(PEOPLE.keySet().stream()
				.map(name -> User.withUsername(name).password("{noop}" + PASSWORD).roles("USER").build()).toList());
	}

	@Bean
	RedirectUri redirectUri() {
		return new RedirectUri();
	}

	/** The one client, with the redirect URI of the moment. */
	@Bean
	RegisteredClientRepository clients(RedirectUri redirectUri) {
		return new RegisteredClientRepository() {
			@Override
			public void save(RegisteredClient registeredClient) {
				// the client secret re-encoded after use: nothing to keep for a test
			}

			@Override
			public RegisteredClient findById(String id) {
				return CLIENT_ID.equals(id) ? client(redirectUri.get()) : null;
			}

			@Override
			public RegisteredClient findByClientId(String clientId) {
				return CLIENT_ID.equals(clientId) ? client(redirectUri.get()) : null;
			}
		};
	}

	private static RegisteredClient client(String redirectUri) {
		return RegisteredClient.withId(CLIENT_ID)
				.clientId(CLIENT_ID)
				.clientSecret("{noop}" + CLIENT_SECRET)
				.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
				.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
				.redirectUri(redirectUri)
				.scope(OidcScopes.OPENID).scope(OidcScopes.EMAIL).scope(OidcScopes.PROFILE)
				.clientSettings(ClientSettings.builder().requireAuthorizationConsent(false).build())
				.build();
	}

	@Bean
	AuthorizationServerSettings settings() {
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
				// ES256, as FranceConnect and ProConnect may sign (Spring Security alone accepts RS256 only)
				context.getJwsHeader().algorithm(SignatureAlgorithm.ES256);
				// an opaque subject, so that a Kerys login equal to the subject would prove nothing
				context.getClaims().subject(subjectOf(username));
				claims.forEach(context.getClaims()::claim);
			}
		};
	}

	@Bean
	JWKSource<SecurityContext> jwkSource() {
		return new ImmutableJWKSet<>(new JWKSet(List.of(rsaKey, ecKey)));
	}

	@Bean
	JwtDecoder jwtDecoder() throws Exception {
		return NimbusJwtDecoder.withPublicKey(rsaKey.toRSAPublicKey()).build();
	}
}
