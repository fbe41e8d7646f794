package org.kerys.identity.internal;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Limits on the requests that guess or spam ({@code kerys.rate-limits.*}, or {@code KERYS_RATE_LIMITS_*}): see
 * {@link RateLimits} and {@code docs/accounts.md}.
 *
 * @param enabled whether requests are limited at all
 * @param perIp requests a client address may make to each limited endpoint group per {@code perIpPeriod}
 * @param perIpPeriod see {@code perIp}
 * @param perAccount failed sign-ins (portal form and {@code POST /api/auth/token} together) per account name per
 * {@code perAccountPeriod}, whatever the address they come from
 * @param perAccountPeriod see {@code perAccount}
 * @param maxTracked the most addresses and account names remembered at once (memory stays bounded)
 */
@ConfigurationProperties("kerys.rate-limits")
record RateLimitSettings(
		@DefaultValue("true") boolean enabled,
		@DefaultValue("20") int perIp,
		@DefaultValue("1m") Duration perIpPeriod,
		@DefaultValue("10") int perAccount,
		@DefaultValue("15m") Duration perAccountPeriod,
		@DefaultValue("100000") int maxTracked) {
}
