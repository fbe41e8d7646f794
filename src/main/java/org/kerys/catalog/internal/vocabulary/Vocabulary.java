package org.kerys.catalog.internal.vocabulary;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

import org.springframework.stereotype.Component;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The controlled vocabularies of the catalogue (themes, keywords, licences), read once from the RUDI SKOS
 * files copied under {@code classpath:rudi/}.
 * <p>
 * Themes are the concepts of {@code skos-keywords.json} whose {@code concept_role} is {@code theme}; the other
 * concepts of that scheme would be keywords (the RUDI file has none today, so keywords stay free text).
 * Licences come from {@code licences.json} rather than {@code skos-licences.json}: both hold the same licences,
 * but the latter gives the code {@code public-domain-cc0} to a licence and to a group of licences at once. The
 * groups ({@code concept_role = licence-hierarchy}) are kept as scheme {@code licence-group} so that a licence's
 * {@code parent} resolves; they are not licences a dataset may use.
 */
@Component
public class Vocabulary {

	static final String THEME = "theme";
	static final String KEYWORD = "keyword";
	static final String LICENCE = "licence";
	static final String LICENCE_GROUP = "licence-group";

	private final Map<String, Map<String, Term>> schemes;
	private final Map<String, String> themesByLabel;

	public Vocabulary() {
		this(read("rudi/skos-keywords.json"), read("rudi/licences.json"));
	}

	Vocabulary(JsonNode keywordScheme, JsonNode licenceScheme) {
		Map<String, Map<String, Term>> bySchemes = new LinkedHashMap<>();
		for (String scheme : List.of(THEME, KEYWORD, LICENCE, LICENCE_GROUP)) {
			bySchemes.put(scheme, new LinkedHashMap<>());
		}
		collect(keywordScheme.path("top_concepts"), null,
				role -> THEME.equals(role) ? THEME : KEYWORD, bySchemes);
		collect(licenceScheme.path("top_concepts"), null,
				role -> LICENCE.equals(role) ? LICENCE : LICENCE_GROUP, bySchemes);
		this.schemes = bySchemes.entrySet().stream().collect(Collectors.toUnmodifiableMap(
				Map.Entry::getKey, entry -> Collections.unmodifiableMap(entry.getValue())));
		Map<String, String> labels = new LinkedHashMap<>();
		for (Term theme : bySchemes.get(THEME).values()) {
			for (String label : new String[] { theme.labelFr(), theme.labelEn(), theme.code() }) {
				if (label != null) {
					labels.putIfAbsent(fold(label), theme.code());
				}
			}
		}
		this.themesByLabel = Map.copyOf(labels);
	}

	public boolean isTheme(String code) {
		return code != null && schemes.get(THEME).containsKey(code);
	}

	/** The theme whose French or English label (or code) is {@code label}, ignoring case, accents and spacing. */
	public Optional<String> themeForLabel(String label) {
		return label == null ? Optional.empty() : Optional.ofNullable(themesByLabel.get(fold(label)));
	}

	public boolean isLicence(String code) {
		return code != null && schemes.get(LICENCE).containsKey(code);
	}

	/** The label of a term in the locale's language (English for "en", French otherwise), or the code itself. */
	public String label(String scheme, String code, Locale locale) {
		Term term = schemes.getOrDefault(scheme, Map.of()).get(code);
		if (term == null) {
			return code;
		}
		boolean english = locale != null && "en".equals(locale.getLanguage());
		String first = english ? term.labelEn() : term.labelFr();
		String second = english ? term.labelFr() : term.labelEn();
		return first != null ? first : second != null ? second : code;
	}

	public List<Term> terms(String scheme) {
		return List.copyOf(schemes.getOrDefault(scheme, Map.of()).values());
	}

	/** Every term of every scheme, in file order. */
	List<Term> allTerms() {
		List<Term> all = new ArrayList<>();
		schemes.values().forEach(terms -> all.addAll(terms.values()));
		return all;
	}

	/** One concept of a scheme; {@code parent} is the code of its broader concept, if any. */
	public record Term(String scheme, String code, String labelFr, String labelEn, String uri, String parent) {
	}

	private static void collect(JsonNode concepts, String parent, UnaryOperator<String> schemeOfRole,
			Map<String, Map<String, Term>> into) {
		for (JsonNode concept : concepts) {
			String code = concept.path("concept_code").asString(null);
			if (code == null) {
				continue;
			}
			String scheme = schemeOfRole.apply(concept.path("concept_role").asString(""));
			Term term = new Term(scheme, code, prefLabel(concept, "fr"), prefLabel(concept, "en"),
					concept.path("concept_uri").asString(null), parent);
			into.get(scheme).putIfAbsent(code, term);
			collect(concept.path("narrower_concepts"), code, schemeOfRole, into);
		}
	}

	private static String prefLabel(JsonNode concept, String language) {
		for (JsonNode label : concept.path("pref_label")) {
			if (label.path("lang").asString("").startsWith(language)) {
				return label.path("text").asString(null);
			}
		}
		return null;
	}

	static String fold(String text) {
		String decomposed = Normalizer.normalize(text, Normalizer.Form.NFD).replaceAll("\\p{M}", "");
		return decomposed.toLowerCase(Locale.ROOT).trim().replaceAll("\\s+", " ");
	}

	private static JsonNode read(String resource) {
		try (InputStream in = Vocabulary.class.getClassLoader().getResourceAsStream(resource)) {
			if (in == null) {
				throw new IllegalStateException("Missing vocabulary resource " + resource);
			}
			return JsonMapper.builder().build().readTree(in);
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}
}
