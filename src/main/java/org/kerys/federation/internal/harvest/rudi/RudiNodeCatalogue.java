package org.kerys.federation.internal.harvest.rudi;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.kerys.federation.internal.harvest.RemoteCatalogue;
import org.kerys.federation.internal.outbound.OutboundHttp;
import org.kerys.federation.internal.outbound.OutboundRefused;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A RUDI producer node (or any RUDI producer API), read through {@code GET {api}/resources?limit=&offset=} and, for an
 * incremental harvest, {@code updated_after=}. The answer is RUDI's paged object {@code {"total", "items"}} (also a bare
 * array of records, as some nodes answer). Paging stops at the {@code total} announced by the first page; a page that
 * comes back empty before it is a node that does not deliver what it announced, and fails the harvest. A record whose
 * {@code dataset_dates.deleted} is past is a deletion. Records keep their own {@code global_id} (the remote id).
 */
public final class RudiNodeCatalogue implements RemoteCatalogue {

	/** The API prefix of a RUDI producer node (its paths start with it). */
	public static final String DEFAULT_PREFIX = "/api/v1";
	static final int LIMIT = 100;
	private static final JsonMapper json = JsonMapper.builder().build();

	private final URI api;
	private final OutboundHttp http;
	private final boolean allowPrivateNetwork;
	private final int limit;

	/** @param api the node's API address, before {@code /resources} (see {@link #apiOf}) */
	public RudiNodeCatalogue(URI api, OutboundHttp http, boolean allowPrivateNetwork) {
		this(api, http, allowPrivateNetwork, LIMIT);
	}

	RudiNodeCatalogue(URI api, OutboundHttp http, boolean allowPrivateNetwork, int limit) {
		String text = api.toString();
		this.api = URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
		this.http = http;
		this.allowPrivateNetwork = allowPrivateNetwork;
		this.limit = limit;
	}

	/**
	 * Where a node's API answers: its URL followed by its prefix; without a prefix ({@code null}), {@code /api/v1}
	 * unless the URL already ends with it (nodes are registered with the address of their API, which usually does).
	 */
	public static URI apiOf(String url, String prefix) {
		String base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
		if (prefix == null) {
			return URI.create(base.endsWith(DEFAULT_PREFIX) ? base : base + DEFAULT_PREFIX);
		}
		String path = prefix.strip();
		if (path.endsWith("/")) {
			path = path.substring(0, path.length() - 1);
		}
		return URI.create(base + (path.isEmpty() || path.startsWith("/") ? path : "/" + path));
	}

	/** The cursor is the offset of the page and the total the first page announced: {@code "offset/total"}. */
	@Override
	public Page page(String cursor, Instant modifiedSince) throws HarvestFailure {
		long offset = 0;
		Long announced = null;
		if (cursor != null) {
			String[] parts = cursor.split("/", 2);
			offset = Long.parseLong(parts[0]);
			announced = parts.length > 1 && !parts[1].isEmpty() ? Long.valueOf(parts[1]) : null;
		}
		URI uri = URI.create(api + "/resources?limit=" + limit + "&offset=" + offset + (modifiedSince == null ? ""
				: "&updated_after=" + URLEncoder.encode(modifiedSince.toString(), StandardCharsets.UTF_8)));
		JsonNode answer = read(uri);
		JsonNode items;
		Long total;
		if (answer.isArray()) {
			items = answer;
			total = null;
		}
		else if (answer.isObject() && answer.path("items").isArray()) {
			items = answer.get("items");
			JsonNode value = answer.get("total");
			if (value != null && !value.isNull() && !(value.isIntegralNumber() && value.asLong() >= 0)) {
				throw new HarvestFailure("The node's answer at " + uri + " has a total that is not a whole number.");
			}
			total = value == null || value.isNull() ? null : value.asLong();
		}
		else {
			throw new HarvestFailure("The node's answer at " + uri
					+ " is neither a list of records nor RUDI's {\"total\", \"items\"}.");
		}
		// the first page's total is the promise; later pages may say more, never less than what was asked for
		long expected = announced != null ? announced : total != null ? total : -1;
		if (items.isEmpty() && expected >= 0 && offset < expected) {
			throw new HarvestFailure("The node announced " + expected + " records but delivered none from offset "
					+ offset + " (" + uri + "): it does not deliver what it announces.");
		}
		List<Entry> entries = new ArrayList<>();
		for (int i = 0; i < items.size(); i++) {
			entries.add(entry(items.get(i), offset + i));
		}
		long reached = offset + items.size();
		String next;
		if (expected >= 0) {
			next = reached < expected ? reached + "/" + expected : null;
		}
		else {
			// no total: a full page may be followed by another
			next = items.size() >= limit ? reached + "/" : null;
		}
		return new Page(entries, next);
	}

	private JsonNode read(URI uri) throws HarvestFailure {
		OutboundHttp.Response response;
		try {
			response = http.get(uri, Map.of("Accept", "application/json"), allowPrivateNetwork);
		}
		catch (OutboundRefused e) {
			throw new HarvestFailure(e.getMessage(), e);
		}
		if (!response.successful()) {
			throw new HarvestFailure("The node answered " + response.status() + " to GET " + uri + ".");
		}
		try {
			return json.readTree(response.body());
		}
		catch (JacksonException e) {
			throw new HarvestFailure("The node's answer at " + uri + " is not well-formed JSON: "
					+ e.getOriginalMessage(), e);
		}
	}

	private static Entry entry(JsonNode record, long position) {
		JsonNode id = record.path("global_id");
		if (!record.isObject() || !id.isString() || id.stringValue().isBlank()) {
			return new Entry("#" + position, null, false, "Record " + position + " of the node has no global_id.");
		}
		String remoteId = id.stringValue();
		JsonNode deleted = record.path("dataset_dates").path("deleted");
		if (deleted.isString() && isPast(deleted.stringValue())) {
			return new Entry(remoteId, null, true, null);
		}
		return new Entry(remoteId, record, false, null);
	}

	private static boolean isPast(String date) {
		try {
			return !OffsetDateTime.parse(date).toInstant().isAfter(Instant.now());
		}
		catch (DateTimeParseException e) {
			try {
				return !java.time.LocalDate.parse(date.length() > 10 ? date.substring(0, 10) : date)
						.atStartOfDay(java.time.ZoneOffset.UTC).toInstant().isAfter(Instant.now());
			}
			catch (DateTimeParseException again) {
				return false; // an unreadable date is no deletion; the record is validated as it is
			}
		}
	}
}
