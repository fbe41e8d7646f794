package org.kerys.access.internal;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Limits of the gateway's proxy to producers' services ({@code kerys.access.gateway.*}, or
 * {@code KERYS_ACCESS_GATEWAY_*}).
 *
 * @param connectTimeout how long to wait for the service's connection
 * @param readTimeout how long the service may stay silent (before its answer starts, or between two reads)
 * @param totalTimeout how long one call may take, answer included; longer ones are cut
 * @param maxResponseSize the largest answer passed on; an announced larger one is refused (502), a streamed one is
 * cut there
 * @param allowPrivate whether every service may be on a private, loopback or link-local address (otherwise only those
 * of a {@code services} entry that allows it)
 * @param maxRedirects redirects followed for GET and HEAD (each target checked like the first address)
 * @param services producers' credentials and network rules, per URL prefix of their services
 */
@ConfigurationProperties("kerys.access.gateway")
record GatewaySettings(@DefaultValue("5s") Duration connectTimeout, @DefaultValue("30s") Duration readTimeout,
		@DefaultValue("5m") Duration totalTimeout, @DefaultValue("1GB") DataSize maxResponseSize,
		@DefaultValue("false") boolean allowPrivate, @DefaultValue("3") int maxRedirects, List<Service> services) {

	GatewaySettings {
		services = services == null ? List.of() : List.copyOf(services);
	}

	/**
	 * What the gateway adds to calls of services whose URL starts with {@code urlPrefix} (the longest matching prefix
	 * wins): the producer's credentials as headers (e.g. {@code headers[X-Api-Key]=…}), and whether the service
	 * may be on a private address.
	 */
	record Service(String urlPrefix, @DefaultValue("false") boolean allowPrivate, Map<String, String> headers) {

		Service {
			headers = headers == null ? Map.of() : Map.copyOf(headers);
		}
	}
}
