package org.kerys.federation.internal.harvest;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How harvests run ({@code kerys.federation.harvest.*}).
 *
 * @param overlap an incremental harvest asks for what changed since the last successful one started, minus this
 *        (clocks of Kerys and the source differ; a record read twice is recognised and not rewritten)
 * @param fullEvery a harvest is full (whole catalogue, removals of what disappeared) when the last full one is older
 * @param stale a running job whose progress has not moved for this long was left by a stopped process
 * @param tick how often the scheduler looks for a harvest that falls due
 */
@ConfigurationProperties("kerys.federation.harvest")
public record HarvestSettings(@DefaultValue("5m") Duration overlap, @DefaultValue("24h") Duration fullEvery,
		@DefaultValue("10m") Duration stale, @DefaultValue("1s") Duration tick) {
}
