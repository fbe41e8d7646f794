package org.kerys.federation.internal.harvest.opendatasoft;

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
 * An Opendatasoft portal read through its Explore API v2.1 ({@code /api/explore/v2.1/catalog/datasets}), page by
 * page with {@code limit} and {@code offset} in the order of the dataset ids, up to {@code total_count}. The cursor
 * is the next offset. Opendatasoft serves at most 100 datasets a page, and no page beyond the 10,000th dataset.
 */
public class OpendatasoftCatalogue implements RemoteCatalogue {

	static final String API = "/api/explore/v2.1";
	static final int LIMIT = 100;

	private final String site;
	private final OutboundHttp http;
	private final boolean allowPrivateNetwork;
	private final int limit;

	public OpendatasoftCatalogue(URI url, OutboundHttp http, boolean allowPrivateNetwork) {
		this(url, http, allowPrivateNetwork, LIMIT);
	}

	OpendatasoftCatalogue(URI url, OutboundHttp http, boolean allowPrivateNetwork, int limit) {
		String base = url.toString().replaceAll("/+$", "");
		int api = base.indexOf("/api/explore/");
		this.site = api >= 0 ? base.substring(0, api) : base;
		this.http = http;
		this.allowPrivateNetwork = allowPrivateNetwork;
		this.limit = limit;
	}

	@Override
	public Page page(String cursor, Instant modifiedSince) throws HarvestFailure {
		int offset = RudiRecordBuilder.offset(cursor);
		StringBuilder query = new StringBuilder("?limit=").append(limit).append("&offset=").append(offset)
				.append("&order_by=").append(encode("dataset_id"));
		if (modifiedSince != null) {
			query.append("&where=").append(encode("metas.default.modified>=date'"
					+ modifiedSince.truncatedTo(ChronoUnit.SECONDS) + "'"));
		}
		URI uri = URI.create(site + API + "/catalog/datasets" + query);
		JsonNode answer = parse(RudiRecordBuilder.fetch(http, uri, "application/json", allowPrivateNetwork), uri);
		long total = answer.get("total_count").asLong();
		JsonNode results = answer.get("results");
		String next = RudiRecordBuilder.nextOffset(offset, results.size(), limit, total, "datasets", uri);
		OpendatasoftDatasetMapping mapping = new OpendatasoftDatasetMapping(site, site + API);
		List<Entry> entries = new ArrayList<>();
		for (JsonNode dataset : results) {
			entries.add(mapping.entry(dataset));
		}
		return new Page(entries, next);
	}

	private static JsonNode parse(byte[] body, URI uri) throws HarvestFailure {
		JsonNode answer = RudiRecordBuilder.json(body, uri);
		if (!answer.path("total_count").isIntegralNumber()
				|| !answer.path("results").isArray() || answer.path("total_count").asLong() < 0) {
			throw new HarvestFailure("Not an Opendatasoft catalog/datasets answer from " + uri
					+ " (no total_count or results).");
		}
		return answer;
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}
}
