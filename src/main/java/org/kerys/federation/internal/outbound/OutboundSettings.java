package org.kerys.federation.internal.outbound;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Limits of every HTTP call Kerys makes to nodes and harvested catalogues ({@code kerys.federation.outbound.*}).
 *
 * @param connectTimeout how long to wait for a connection
 * @param readTimeout how long a whole exchange may take, answer included
 * @param maxResponseSize the largest answer read; a larger one fails the call
 * @param maxRedirects redirects followed (each target checked like the first address)
 */
@ConfigurationProperties("kerys.federation.outbound")
public record OutboundSettings(@DefaultValue("5s") Duration connectTimeout, @DefaultValue("30s") Duration readTimeout,
		@DefaultValue("32MB") DataSize maxResponseSize, @DefaultValue("3") int maxRedirects) {
}
