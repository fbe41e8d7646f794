package org.kerys.access.internal;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.kerys.access.internal.Agreements.Agreement;
import org.kerys.catalog.AccessRegime;
import org.kerys.catalog.DatasetDeleted;
import org.kerys.catalog.DatasetRecord;
import org.kerys.catalog.DatasetsSaved;
import org.kerys.platform.ClusterSignals;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import tools.jackson.databind.JsonNode;

/**
 * The gateway's decision inputs, kept briefly in memory so that a warm call reads nothing from the database: a
 * dataset's regime and media (parsed once), and the agreement that covers a caller's call to a media (or that none
 * does).
 * <p>
 * Freshness. Every change this instance makes drops them at once: a dataset saved or deleted (the catalog's events),
 * an agreement accepted, revoked, ended or expired ({@link #agreementsChanged()}, from {@link AccessDecisions}); the
 * drop happens when the change commits, before its answer leaves, so the very next call decides on the new state. A
 * load that read the database before such a commit is not kept (each entry carries the generation it was read
 * under). Agreement changes made by another Kerys instance sharing the database reach this one through
 * {@link ClusterSignals} (PostgreSQL NOTIFY, within milliseconds of their commit); its dataset changes, and changes of
 * a person's memberships (a project's members, an organisation's), are seen after at most {@link #TTL}. An
 * agreement's end date is compared with the clock at each call, whatever the cache holds.
 */
@Component
class GatewayCache {

	/** The longest an entry is used: the window in which another instance's change is not seen yet. */
	static final Duration TTL = Duration.ofSeconds(1);

	private static final int MAX_ENTRIES = 20_000;

	/** A media as the gateway serves it: FILE, SERVICE (with its connector URL), or anything else. */
	record Media(String type, String connectorUrl, String contract) {
	}

	/** What the gateway needs of a dataset. */
	record Dataset(UUID id, AccessRegime regime, Map<UUID, Media> media) {

		static Dataset of(DatasetRecord record) {
			Map<UUID, Media> media = new HashMap<>();
			for (JsonNode format : record.metadata().path("available_formats")) {
				try {
					media.putIfAbsent(UUID.fromString(format.path("media_id").asString("")),
							new Media(format.path("media_type").asString(""),
									format.path("connector").path("url").asString(""),
									format.path("connector").path("interface_contract").asString("")));
				}
				catch (IllegalArgumentException e) {
					// not a media the gateway can serve
				}
			}
			return new Dataset(record.globalId(), record.regime(), Map.copyOf(media));
		}
	}

	/** Who asks for what: the caller (and the project its token is for, if any), the dataset and the media. */
	record Asker(String caller, UUID clientProject, UUID datasetId, UUID mediaId) {
	}

	private record Entry<V>(V value, long generation, long loadedNanos) {
	}

	/** The channel of agreement changes between instances. */
	static final String AGREEMENTS = "kerys_agreements";

	private final Generation datasets = new Generation();
	private final Generation agreements = new Generation();
	private final ClusterSignals signals;

	GatewayCache(ClusterSignals signals) {
		this.signals = signals;
		signals.listen(AGREEMENTS, agreements::bump);
	}

	Optional<Dataset> dataset(UUID id, Supplier<Optional<Dataset>> load) {
		return datasets.get(id, load, any -> true);
	}

	/** The agreement covering the asker's call; a cached one is used only while it is still active at this moment. */
	Optional<Agreement> agreement(Asker asker, Supplier<Optional<Agreement>> load) {
		return agreements.get(asker, load, found -> found.map(Agreement::active).orElse(true));
	}

	/** Agreements changed (accepted, revoked, ended, expired): dropped when the current transaction commits. */
	void agreementsChanged() {
		afterCommit(agreements::bump);
		signals.signal(AGREEMENTS); // the other instances, at the commit
	}

	@TransactionalEventListener(fallbackExecution = true)
	void on(DatasetsSaved saved) {
		datasets.bump();
	}

	@TransactionalEventListener(fallbackExecution = true)
	void on(DatasetDeleted deleted) {
		datasets.bump();
	}

	private static void afterCommit(Runnable action) {
		if (TransactionSynchronizationManager.isSynchronizationActive()) {
			action.run(); // loads already under way are not kept either
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void afterCompletion(int status) {
					action.run();
				}
			});
		}
		else {
			action.run();
		}
	}

	/** Entries valid while no change happened since they were read, and for {@link #TTL} at most. */
	private static final class Generation {

		private final AtomicLong current = new AtomicLong();
		private final Map<Object, Entry<?>> entries = new ConcurrentHashMap<>();

		@SuppressWarnings("unchecked")
		<K, V> V get(K key, Supplier<V> load, Predicate<V> stillGood) {
			long generation = current.get();
			long now = System.nanoTime();
			Entry<V> entry = (Entry<V>) entries.get(key);
			if (entry != null && entry.generation() == generation && now - entry.loadedNanos() < TTL.toNanos()
					&& stillGood.test(entry.value())) {
				return entry.value();
			}
			V value = load.get();
			if (entries.size() >= MAX_ENTRIES) {
				entries.clear();
			}
			entries.put(key, new Entry<>(value, generation, now));
			return value;
		}

		void bump() {
			current.incrementAndGet();
			entries.clear();
		}
	}
}
