package org.kerys.catalog.internal.vocabulary;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;

/**
 * Copies the vocabularies into {@code vocabulary_terms} at start-up, so that SQL (facets, joins) sees the same
 * terms as the validator.
 * <p>
 * One statement upserts every term: the terms travel as one JSON array expanded by
 * {@code jsonb_to_recordset}, which keeps it a single round trip and idempotent. Terms that disappeared from
 * the files are left in place, because datasets may still refer to them.
 */
@Component
@Order(1)
class VocabularySeeder implements ApplicationRunner {

	private static final Logger log = LoggerFactory.getLogger(VocabularySeeder.class);

	private final Vocabulary vocabulary;
	private final JdbcClient jdbc;

	VocabularySeeder(Vocabulary vocabulary, JdbcClient jdbc) {
		this.vocabulary = vocabulary;
		this.jdbc = jdbc;
	}

	@Override
	public void run(ApplicationArguments args) {
		int count = seed();
		log.info("Vocabulary: {} terms up to date", count);
	}

	int seed() {
		ArrayNode rows = JsonMapper.builder().build().createArrayNode();
		for (Vocabulary.Term term : vocabulary.allTerms()) {
			rows.addObject()
					.put("scheme", term.scheme())
					.put("code", term.code())
					.put("label_fr", term.labelFr())
					.put("label_en", term.labelEn())
					.put("uri", term.uri())
					.put("parent", term.parent());
		}
		jdbc.sql("""
				INSERT INTO vocabulary_terms (scheme, code, label_fr, label_en, uri, parent)
				SELECT scheme, code, label_fr, label_en, uri, parent
				FROM jsonb_to_recordset(CAST(? AS jsonb))
				  AS t(scheme text, code text, label_fr text, label_en text, uri text, parent text)
				ON CONFLICT (scheme, code) DO UPDATE SET
				  label_fr = EXCLUDED.label_fr, label_en = EXCLUDED.label_en,
				  uri = EXCLUDED.uri, parent = EXCLUDED.parent
				""")
				.param(rows.toString())
				.update();
		return rows.size();
	}
}
