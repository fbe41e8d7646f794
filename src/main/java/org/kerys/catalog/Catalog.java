package org.kerys.catalog;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/** What other modules (the portal pages first) may ask of the catalogue. */
public interface Catalog {

	long datasetCount();

	long producerCount();

	/** Datasets, most recently updated first (see {@link DatasetSummary#updated()}). */
	Page<DatasetSummary> datasets(int offset, int limit, Locale locale);

	Optional<DatasetRecord> dataset(UUID globalId);

	List<ProducerSummary> producers();

	/** Those of {@code globalIds} the catalogue has (in no particular order), read together. */
	List<DatasetRecord> datasets(java.util.Collection<UUID> globalIds);

	/**
	 * Up to {@code limit} datasets in the catalogue's order of global ids, after {@code after} ({@code null}: from
	 * the first), so that a derived index (search) can be rebuilt in batches.
	 */
	List<DatasetRecord> datasetsAfter(UUID after, int limit);

	/**
	 * Datasets whose record Kerys changed at or after {@code since} ({@code null}: every dataset), the oldest change
	 * first (then by global id), {@code limit} from {@code offset}: what outbound harvesting APIs page through.
	 */
	Page<DatasetRecord> datasetsChangedSince(java.time.OffsetDateTime since, int offset, int limit);

	/** The terms of a vocabulary ({@code scheme} = theme, licence), in the order of the RUDI file. */
	List<VocabularyTerm> vocabulary(String scheme);

	/** The label of a vocabulary term ({@code scheme} = theme, licence, keyword) in that language, or the code. */
	String label(String scheme, String code, Locale locale);
}
