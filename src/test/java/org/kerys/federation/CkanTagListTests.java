package org.kerys.federation;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.kerys.KerysHttpTest;
import org.kerys.TestHttp;
import org.kerys.TestHttp.Answer;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** CKAN's {@code tag_list}: the datasets' keywords, filtered by {@code query}, as names or dictionaries. */
@KerysHttpTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CkanTagListTests {

	@LocalServerPort
	int port;

	/** The Rennes records, once for the class: their keywords are the tags listed. */
	@BeforeAll
	void importRennes() {
		FederationFixtures.importRennes(port);
	}

	JsonNode answer(String path, int status) {
		Answer answer = TestHttp.anonymous(port).get(path);
		assertThat(answer.status()).as(path + " " + answer.body()).isEqualTo(status);
		assertThat(answer.header("Content-Type")).startsWith("application/json");
		return answer.json();
	}

	static List<String> names(JsonNode array) {
		List<String> names = new ArrayList<>();
		array.forEach(n -> names.add(n.asString()));
		return names;
	}

	@Test
	void shouldListEveryKeywordOnceByNameAndFilterThemByQuery() {
		JsonNode body = answer("/api/3/action/tag_list", 200);
		assertThat(body.get("success").asBoolean()).isTrue();
		assertThat(body.get("help").asString()).endsWith("/api/3/action/help_show?name=tag_list");
		List<String> all = names(body.get("result"));
		// a dataset's tags (its keywords, as package_show lists them) are all there, each once, in order
		JsonNode tags = answer("/api/3/action/package_show?id=" + FederationFixtures.RENNES_RECORD, 200).get("result")
				.get("tags");
		assertThat(tags.size()).isPositive();
		List<String> ofRecord = new ArrayList<>();
		tags.forEach(t -> ofRecord.add(t.get("name").asString()));
		assertThat(all).containsAll(ofRecord).doesNotHaveDuplicates().isSorted();

		// query: the tags containing it, case ignored
		String tag = ofRecord.get(0);
		String part = tag.length() > 3 ? tag.substring(1, tag.length() - 1) : tag;
		String query = part.toUpperCase(Locale.ROOT);
		List<String> found = names(answer("/api/3/action/tag_list?query="
				+ URLEncoder.encode(query, StandardCharsets.UTF_8), 200).get("result"));
		assertThat(found).contains(tag)
				.allMatch(name -> name.toLowerCase(Locale.ROOT).contains(part.toLowerCase(Locale.ROOT)))
				.containsExactlyElementsOf(all.stream()
						.filter(name -> name.toLowerCase(Locale.ROOT).contains(part.toLowerCase(Locale.ROOT))).toList());
		assertThat(names(answer("/api/3/action/tag_list?query=kerys-no-such-keyword-zq", 200).get("result"))).isEmpty();
	}

	@Test
	void shouldGiveTheTagsDictionariesWithAllFields() {
		List<String> all = names(answer("/api/3/action/tag_list", 200).get("result"));
		JsonNode dictionaries = answer("/api/3/action/tag_list?all_fields=true", 200).get("result");
		assertThat(dictionaries.size()).isEqualTo(all.size());
		JsonNode first = dictionaries.get(0);
		assertThat(first.get("name").asString()).isEqualTo(all.get(0));
		assertThat(first.get("display_name").asString()).isEqualTo(all.get(0));
		assertThat(first.get("id").asString()).isEqualTo(all.get(0));
		assertThat(first.has("vocabulary_id")).isTrue();
		assertThat(first.get("vocabulary_id").isNull()).isTrue();
	}

	@Test
	void shouldRefuseABadAllFieldsAndAnUnknownVocabularyAsCkanDoes() {
		JsonNode bad = answer("/api/3/action/tag_list?all_fields=maybe", 400);
		assertThat(bad.get("success").asBoolean()).isFalse();
		assertThat(bad.get("error").get("__type").asString()).isEqualTo("Validation Error");
		assertThat(bad.get("error").get("code").asString()).isEqualTo("KRS-400-CKAN-BOOLEAN");
		JsonNode vocabulary = answer("/api/3/action/tag_list?vocabulary_id=genre", 404);
		assertThat(vocabulary.get("error").get("__type").asString()).isEqualTo("Not Found Error");
		assertThat(vocabulary.get("error").get("code").asString()).isEqualTo("KRS-404-CKAN-VOCABULARY");
	}

	@Test
	void shouldDescribeTagListInTheOpenApiDocument() {
		JsonNode path = answer("/v3/api-docs", 200).get("paths").get("/api/3/action/tag_list");
		assertThat(path).isNotNull();
		assertThat(path.toString()).contains("query", "all_fields", "vocabulary_id");
	}
}
