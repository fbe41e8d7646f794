package org.kerys.access.internal;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of projects and agreements ({@code kerys.access.*}, or {@code KERYS_ACCESS_*}).
 *
 * @param moderation whether a new public project waits for a moderator's approval before it is shown as a reuse
 * (otherwise it is shown at once, and moderators may still hide it)
 */
@ConfigurationProperties("kerys.access")
record AccessSettings(@DefaultValue("false") boolean moderation) {
}
