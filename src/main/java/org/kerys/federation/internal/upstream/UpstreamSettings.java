package org.kerys.federation.internal.upstream;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Node mode ({@code kerys.federation.upstream.*}): the upstream RUDI-compatible portal this Kerys pushes the datasets
 * of some of its organisations to, as a RUDI producer node does. Nothing is pushed unless {@code url} is set and
 * {@code organizationIds} names at least one organisation.
 *
 * @param url the portal's address, under which {@code /oauth/token}, {@code /kalim/v1/resources} and
 * {@code /konsult/v1/datasets/{id}/metadatas} answer
 * @param clientId the OAuth2 client the portal registered for this Kerys (client credentials)
 * @param clientSecret its secret
 * @param organizationIds the organisations whose datasets are pushed
 * @param allowPrivateNetwork whether the portal may be on a private or loopback address
 * @param jwksUrl where the keys that sign the portal's reports are published (default {@code {url}/oauth2/jwks},
 * where a Kerys publishes them)
 * @param retry delay before the first new try after a failure, doubled at each failure
 * @param retryMax the longest delay between two tries (they go on until the portal answers)
 */
@ConfigurationProperties("kerys.federation.upstream")
public record UpstreamSettings(String url, String clientId, String clientSecret,
		List<UUID> organizationIds, @DefaultValue("false") boolean allowPrivateNetwork,
		String jwksUrl, @DefaultValue("2s") Duration retry, @DefaultValue("5m") Duration retryMax) {

	public UpstreamSettings {
		url = url == null || url.isBlank() ? null : url.strip().replaceAll("/+$", "");
		organizationIds = organizationIds == null ? List.of()
				: organizationIds.stream().filter(java.util.Objects::nonNull).distinct().toList();
		jwksUrl = jwksUrl == null || jwksUrl.isBlank() ? (url == null ? null : url + "/oauth2/jwks") : jwksUrl.strip();
	}

	/** Whether anything is pushed at all. */
	boolean enabled() {
		return url != null && !organizationIds.isEmpty();
	}

	/** The delay before try number {@code attempt + 1}, after {@code attempt} failures. */
	Duration backoff(int attempt) {
		Duration delay = retry.multipliedBy(1L << Math.min(Math.max(attempt - 1, 0), 20));
		return delay.compareTo(retryMax) > 0 ? retryMax : delay;
	}
}
