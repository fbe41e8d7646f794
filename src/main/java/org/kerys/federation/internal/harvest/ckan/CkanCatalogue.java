package org.kerys.federation.internal.harvest.ckan;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import org.kerys.federation.internal.harvest.RemoteCatalogue;
import org.kerys.federation.internal.harvest.RudiRecordBuilder;
import org.kerys.federation.internal.outbound.OutboundHttp;

import tools.jackson.databind.JsonNode;

/**
 * A CKAN site read through its Action API ({@code package_search}), page by page with {@code rows} and {@code start}
 * in the order of {@code metadata_modified} (then name), so that a package changed while the harvest runs moves to
 * the end instead of shifting the pages. The cursor is the next {@code start}.
 */
public class CkanCatalogue implements RemoteCatalogue {

	static final int ROWS = 100;

	private final URI api;
	private final String site;
	private final OutboundHttp http;
	private final boolean allowPrivateNetwork;
	private final int rows;

	public CkanCatalogue(URI url, OutboundHttp http, boolean allowPrivateNetwork) {
		this(url, http, allowPrivateNetwork, ROWS);
	}

	CkanCatalogue(URI url, OutboundHttp http, boolean allowPrivateNetwork, int rows) {
		String base = url.toString().replaceAll("/+$", "").replaceFirst("/action$", "");
		this.site = base.endsWith("/api/3") ? base.substring(0, base.length() - "/api/3".length()) : base;
		this.api = URI.create(site + "/api/3/action/package_search");
		this.http = http;
		this.allowPrivateNetwork = allowPrivateNetwork;
		this.rows = rows;
	}

	@Override
	public Page page(String cursor, Instant modifiedSince) throws HarvestFailure {
		int start = RudiRecordBuilder.offset(cursor);
		StringBuilder query = new StringBuilder("?rows=").append(rows).append("&start=").append(start)
				.append("&sort=").append(encode("metadata_modified asc,name asc"));
		if (modifiedSince != null) {
			query.append("&fq=").append(encode("metadata_modified:[" + modifiedSince.truncatedTo(ChronoUnit.MILLIS)
					+ " TO *]"));
		}
		URI uri = URI.create(api + query.toString());
		JsonNode result = result(RudiRecordBuilder.fetch(http, uri, "application/json", allowPrivateNetwork), uri);
		long count = result.get("count").asLong();
		JsonNode packages = result.get("results");
		String next = RudiRecordBuilder.nextOffset(start, packages.size(), rows, count, "packages", uri);
		List<Entry> entries = new ArrayList<>();
		CkanPackageMapping mapping = new CkanPackageMapping(site);
		for (JsonNode p : packages) {
			entries.add(mapping.entry(p));
		}
		return new Page(entries, next);
	}

	/** The {@code result} of a CKAN answer, checked to be a {@code package_search} result. */
	private static JsonNode result(byte[] body, URI uri) throws HarvestFailure {
		JsonNode answer = RudiRecordBuilder.json(body, uri);
		if (!answer.path("success").asBoolean(false)) {
			throw new HarvestFailure("CKAN refused " + uri + ": " + answer.path("error").path("message").asString(
					answer.path("error").toString()));
		}
		JsonNode result = answer.path("result");
		if (!result.path("count").isIntegralNumber() || !result.path("results").isArray()
				|| result.path("count").asLong() < 0) {
			throw new HarvestFailure("Not a CKAN package_search result from " + uri + " (no count or results).");
		}
		return result;
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}
}
