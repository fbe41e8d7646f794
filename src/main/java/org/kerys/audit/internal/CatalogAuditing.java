package org.kerys.audit.internal;

import java.util.LinkedHashMap;
import java.util.Map;

import org.kerys.audit.AuditLedger;
import org.kerys.catalog.DatasetDeleted;
import org.kerys.catalog.DatasetSaved;
import org.kerys.storage.MediaFileStored;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Records changes to datasets and media files. Plain synchronous listeners, not {@code @ApplicationModuleListener}:
 * the entry joins the transaction of the change, so the change is never committed without its entry, the ledger's
 * order is the order of commits, and no event is replayed into a duplicate entry after a restart.
 */
@Component
class CatalogAuditing {

	private final AuditLedger ledger;

	CatalogAuditing(AuditLedger ledger) {
		this.ledger = ledger;
	}

	@EventListener
	void on(DatasetSaved saved) {
		ledger.record(saved.actor(), saved.created() ? "dataset.created" : "dataset.updated", "dataset",
				saved.globalId().toString(), AuditLedger.SUCCESS, Map.of());
	}

	@EventListener
	void on(DatasetDeleted deleted) {
		ledger.record(deleted.actor(), "dataset.deleted", "dataset", deleted.globalId().toString(),
				AuditLedger.SUCCESS, Map.of());
	}

	@EventListener
	void on(MediaFileStored stored) {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("global_id", stored.globalId().toString());
		details.put("size", stored.size());
		details.put("sha256", stored.sha256());
		ledger.record(stored.actor(), "media.stored", "media", stored.mediaId().toString(), AuditLedger.SUCCESS,
				details);
	}
}
