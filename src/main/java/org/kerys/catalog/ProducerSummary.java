package org.kerys.catalog;

import java.util.UUID;

/** A producer organisation and how many datasets it publishes. */
public record ProducerSummary(UUID organizationId, String name, long datasets) {
}
