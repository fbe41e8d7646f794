package org.kerys.federation.internal.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

/** Node mode's settings: when it is on, where the upstream's keys are, how tries are spaced. */
class UpstreamSettingsTests {

	private static UpstreamSettings settings(String url, List<UUID> organizations, String jwks) {
		return new UpstreamSettings(url, "client", "secret", organizations, false, jwks, Duration.ofSeconds(2),
				Duration.ofMinutes(5));
	}

	@Test
	void shouldBeOffWithoutAnAddressOrOrganisations() {
		UUID organization = UUID.randomUUID();
		assertThat(settings(null, List.of(organization), null).enabled()).isFalse();
		assertThat(settings("  ", List.of(organization), null).enabled()).isFalse();
		assertThat(settings("https://portal.example.org", List.of(), null).enabled()).isFalse();
		assertThat(settings("https://portal.example.org", null, null).enabled()).isFalse();
		assertThat(settings("https://portal.example.org", Arrays.asList(null, organization, organization), null)
				.organizationIds()).containsExactly(organization);
		assertThat(settings("https://portal.example.org", List.of(organization), null).enabled()).isTrue();
	}

	@Test
	void shouldFindTheKeysOfAKerysUpstreamUnlessToldOtherwise() {
		UpstreamSettings kerys = settings("https://portal.example.org//", List.of(UUID.randomUUID()), null);
		assertThat(kerys.url()).isEqualTo("https://portal.example.org");
		assertThat(kerys.jwksUrl()).isEqualTo("https://portal.example.org/oauth2/jwks");
		assertThat(settings("https://portal.example.org", List.of(), " https://keys.example.org/jwks ").jwksUrl())
				.isEqualTo("https://keys.example.org/jwks");
		assertThat(settings(null, List.of(), null).jwksUrl()).isNull();
	}

	@Test
	void shouldDoubleTheDelayBetweenTriesUpToTheLongest() {
		UpstreamSettings upstream = settings("https://portal.example.org", List.of(), null);
		assertThat(upstream.backoff(1)).isEqualTo(Duration.ofSeconds(2));
		assertThat(upstream.backoff(2)).isEqualTo(Duration.ofSeconds(4));
		assertThat(upstream.backoff(5)).isEqualTo(Duration.ofSeconds(32));
		assertThat(upstream.backoff(9)).isEqualTo(Duration.ofMinutes(5));
		assertThat(upstream.backoff(1000)).isEqualTo(Duration.ofMinutes(5));
	}
}
