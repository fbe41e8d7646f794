package org.kerys.federation.internal.upstream;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import org.kerys.catalog.Catalog;
import org.kerys.catalog.DatasetDeleted;
import org.kerys.catalog.DatasetRecord;
import org.kerys.catalog.DatasetsSaved;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/**
 * Queues for the upstream portal what the catalogue changed, from its events (durable: the event publication
 * registry keeps an event until this listener has committed, and republishes it on restart). A dataset of one of the
 * configured organisations is queued to be saved; a deleted dataset, or one whose producer is no longer one of them,
 * is queued to be deleted if it was pushed before.
 */
@Component
class UpstreamQueue {

	private final UpstreamSettings settings;
	private final UpstreamDatasets datasets;
	private final Catalog catalog;
	private final ObjectProvider<UpstreamPusher> pusher;

	UpstreamQueue(UpstreamSettings settings, UpstreamDatasets datasets, Catalog catalog,
			ObjectProvider<UpstreamPusher> pusher) {
		this.settings = settings;
		this.datasets = datasets;
		this.catalog = catalog;
		this.pusher = pusher;
	}

	@ApplicationModuleListener
	void on(DatasetsSaved saved) {
		if (!settings.enabled()) {
			return;
		}
		Set<UUID> pushed = new HashSet<>(settings.organizationIds());
		boolean queued = false;
		for (DatasetRecord record : catalog.datasets(saved.globalIds())) {
			UUID producer = producer(record);
			if (producer != null && pushed.contains(producer)) {
				datasets.queue(record.globalId(), producer, UpstreamDatasets.SAVE);
				queued = true;
			}
			else if (datasets.known(record.globalId())) {
				queued |= datasets.queueDeletion(record.globalId());
			}
		}
		if (queued) {
			wakeAfterCommit();
		}
	}

	@ApplicationModuleListener
	void on(DatasetDeleted deleted) {
		if (settings.enabled() && datasets.queueDeletion(deleted.globalId())) {
			wakeAfterCommit();
		}
	}

	private void wakeAfterCommit() {
		org.kerys.platform.AfterCommit.run(() -> pusher.ifAvailable(UpstreamPusher::wake));
	}

	static UUID producer(DatasetRecord record) {
		try {
			return UUID.fromString(record.metadata().path("producer").path("organization_id").asString(""));
		}
		catch (IllegalArgumentException e) {
			return null;
		}
	}
}
