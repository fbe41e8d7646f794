package org.kerys.web;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The parameters of a search page, and the links that change one of them (toggle a facet value, sort, next page)
 * while keeping all the others, so that every control of the page is a plain link that works without JavaScript.
 * Immutable: every change returns new parameters.
 */
final class SearchLinks {

	/** Parameters that only concern one request, never carried into a link. */
	private static final List<String> TRANSIENT = List.of("lang");

	private final String path;

	private final Map<String, List<String>> parameters;

	private SearchLinks(String path, Map<String, List<String>> parameters) {
		this.path = path;
		this.parameters = parameters;
	}

	/** The parameters of a request as the servlet gives them; blank values and {@code lang} are dropped. */
	static SearchLinks of(String path, Map<String, String[]> request) {
		Map<String, List<String>> parameters = new LinkedHashMap<>();
		request.forEach((name, values) -> {
			if (TRANSIENT.contains(name)) {
				return;
			}
			List<String> kept = new ArrayList<>();
			for (String value : values) {
				if (value != null && !value.isBlank() && !kept.contains(value)) {
					kept.add(value);
				}
			}
			if (!kept.isEmpty()) {
				parameters.put(name, List.copyOf(kept));
			}
		});
		return new SearchLinks(path, parameters);
	}

	Map<String, List<String>> parameters() {
		return parameters;
	}

	List<String> values(String name) {
		return parameters.getOrDefault(name, List.of());
	}

	String first(String name) {
		List<String> values = values(name);
		return values.isEmpty() ? null : values.get(0);
	}

	boolean has(String name, String value) {
		return values(name).contains(value);
	}

	/** The same search on another page (a producer's page runs searches too). */
	SearchLinks at(String otherPath) {
		return new SearchLinks(otherPath, parameters);
	}

	/** Adds the value when absent, removes it when present; always back to the first page. */
	SearchLinks toggle(String name, String value) {
		Map<String, List<String>> changed = copy();
		changed.remove("cursor");
		List<String> values = new ArrayList<>(changed.getOrDefault(name, List.of()));
		if (!values.remove(value)) {
			values.add(value);
		}
		put(changed, name, values);
		return new SearchLinks(path, changed);
	}

	/** Sets (or with null, removes) a single-valued parameter. Any change but the cursor's restarts paging. */
	SearchLinks with(String name, String value) {
		Map<String, List<String>> changed = copy();
		if (!"cursor".equals(name)) {
			changed.remove("cursor");
		}
		put(changed, name, value == null ? List.of() : List.of(value));
		return new SearchLinks(path, changed);
	}

	/** Removes every value of these parameters (and the cursor). */
	SearchLinks without(List<String> names) {
		Map<String, List<String>> changed = copy();
		changed.remove("cursor");
		names.forEach(changed::remove);
		return new SearchLinks(path, changed);
	}

	String href() {
		StringJoiner query = new StringJoiner("&");
		parameters.forEach((name, values) -> values
				.forEach(value -> query.add(encode(name) + "=" + encode(value))));
		return query.length() == 0 ? path : path + "?" + query;
	}

	@Override
	public String toString() {
		return href();
	}

	private Map<String, List<String>> copy() {
		return new LinkedHashMap<>(parameters);
	}

	private static void put(Map<String, List<String>> parameters, String name, List<String> values) {
		if (values.isEmpty()) {
			parameters.remove(name);
		}
		else {
			parameters.put(name, List.copyOf(values));
		}
	}

	private static String encode(String text) {
		return URLEncoder.encode(text, StandardCharsets.UTF_8);
	}
}
