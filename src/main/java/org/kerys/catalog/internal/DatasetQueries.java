package org.kerys.catalog.internal;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

import org.kerys.catalog.AccessRegime;
import org.kerys.catalog.Catalog;
import org.kerys.catalog.DatasetRecord;
import org.kerys.catalog.DatasetSummary;
import org.kerys.catalog.Page;
import org.kerys.catalog.ProducerSummary;
import org.kerys.catalog.internal.vocabulary.Vocabulary;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/** Read side of the catalogue, for the RUDI API and for the other modules. */
@Service
class DatasetQueries implements Catalog {

	private final JdbcClient jdbc;
	private final Datasets datasets;
	private final Vocabulary vocabulary;

	DatasetQueries(JdbcClient jdbc, Datasets datasets, Vocabulary vocabulary) {
		this.jdbc = jdbc;
		this.datasets = datasets;
		this.vocabulary = vocabulary;
	}

	/** One page of raw metadata JSON texts, and the total that matches. */
	record RawPage(long total, List<String> items) {
	}

	RawPage resources(ResourceQuery query) {
		Object[] params = query.params().toArray();
		long total = jdbc.sql("select count(*) from datasets where " + query.where()).params(params)
				.query(Long.class).single();
		List<String> items = jdbc.sql("select metadata::text from datasets where " + query.where() + " order by "
				+ query.orderBy() + " limit " + query.limit() + " offset " + query.offset())
				.params(params).query(String.class).list();
		return new RawPage(total, items);
	}

	@Override
	public long datasetCount() {
		return jdbc.sql("select count(*) from datasets").query(Long.class).single();
	}

	@Override
	public long producerCount() {
		return jdbc.sql("select count(distinct producer_id) from datasets").query(Long.class).single();
	}

	@Override
	public Page<DatasetSummary> datasets(int offset, int limit, Locale locale) {
		String lang = locale == null ? "fr" : locale.getLanguage();
		List<DatasetSummary> items = jdbc.sql("""
				select global_id, resource_title,
				  coalesce((select s->>'text' from jsonb_array_elements(metadata->'synopsis') s
				            where s->>'lang' like :lang || '%' limit 1), metadata->'synopsis'->0->>'text'),
				  producer_id, producer_name, theme, regime, coalesce(dataset_updated, updated_at)
				from datasets order by coalesce(dataset_updated, updated_at) desc, global_id
				limit :limit offset :offset""")
				.param("lang", lang).param("limit", limit).param("offset", offset)
				.query((rs, i) -> new DatasetSummary(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
						rs.getObject(4, UUID.class), rs.getString(5), rs.getString(6),
						AccessRegime.valueOf(rs.getString(7).toUpperCase()),
						rs.getObject(8, java.time.OffsetDateTime.class)))
				.list();
		return new Page<>(datasetCount(), offset, limit, items);
	}

	@Override
	public Optional<DatasetRecord> dataset(UUID globalId) {
		return datasets.find(globalId);
	}

	@Override
	public List<DatasetRecord> datasets(java.util.Collection<UUID> globalIds) {
		return datasets.find(globalIds);
	}

	@Override
	public List<DatasetRecord> datasetsAfter(UUID after, int limit) {
		return datasets.after(after, limit);
	}

	@Override
	public List<ProducerSummary> producers() {
		return jdbc.sql("""
				select producer_id, max(producer_name), count(*) from datasets
				group by producer_id order by max(producer_name)""")
				.query((rs, i) -> new ProducerSummary(rs.getObject(1, UUID.class), rs.getString(2), rs.getLong(3)))
				.list();
	}

	@Override
	public Page<DatasetRecord> datasetsChangedSince(java.time.OffsetDateTime since, int offset, int limit) {
		return datasets.changedSince(since, offset, limit);
	}

	@Override
	public List<org.kerys.catalog.VocabularyTerm> vocabulary(String scheme) {
		return vocabulary.terms(scheme).stream()
				.map(t -> new org.kerys.catalog.VocabularyTerm(t.code(), t.labelFr(), t.labelEn(), t.uri())).toList();
	}

	@Override
	public String label(String scheme, String code, Locale locale) {
		return vocabulary.label(scheme, code, locale);
	}
}
