package org.kerys.federation.internal.harvest;

import java.time.Instant;
import java.util.List;

import tools.jackson.databind.JsonNode;

/**
 * A catalogue Kerys harvests, read page by page as RUDI metadata: one implementation per kind of source (a RUDI
 * producer node, CKAN, a DCAT-AP catalogue, Opendatasoft). The harvest engine pages through it, gives each record its
 * Kerys global id and producer, applies it to the catalogue, and keeps the job's counts and errors; an implementation
 * only reads and maps.
 */
public interface RemoteCatalogue {

	/**
	 * The page after {@code cursor} (null: the first page).
	 *
	 * @param modifiedSince null for the whole catalogue (what the engine needs to remove what disappeared upstream);
	 *        else only what changed since then, if the source can say so (otherwise the whole catalogue)
	 * @throws HarvestFailure when the source cannot be read as promised — unreachable, too slow, a 4xx/5xx answer,
	 *         an answer that is not what its API documents, paging that contradicts itself (a total it does not
	 *         deliver): the job fails with that reason, and what was not delivered is left untouched
	 */
	Page page(String cursor, Instant modifiedSince) throws HarvestFailure;

	/** A page of records; {@code next} is null on the last page. */
	record Page(List<Entry> entries, String next) {

		public Page {
			entries = List.copyOf(entries);
		}
	}

	/**
	 * One record of the source.
	 *
	 * @param remoteId its identifier in the source (stable from one harvest to the next)
	 * @param metadata its RUDI metadata (without {@code global_id} and {@code producer}, which the engine sets); null
	 *        when {@code deleted} or when it could not be mapped
	 * @param deleted the source says it was deleted
	 * @param problem why it could not be mapped (the entry is then counted as rejected), else null
	 */
	record Entry(String remoteId, JsonNode metadata, boolean deleted, String problem) {
	}

	/** The source could not be read as promised; the message says why, for the job's errors. */
	final class HarvestFailure extends Exception {

		public HarvestFailure(String message) {
			super(message);
		}

		public HarvestFailure(String message, Throwable cause) {
			super(message, cause);
		}
	}
}
