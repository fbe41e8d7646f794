package org.kerys.federation.internal.upstream;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.kerys.federation.internal.outbound.OutboundHttp;
import org.kerys.federation.internal.outbound.OutboundRefused;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The calls a RUDI producer node makes to its portal, made by this Kerys to its upstream through {@link OutboundHttp}:
 * a client-credentials token from {@code /oauth/token} (kept until shortly before it expires), {@code konsult} to
 * learn whether the portal has a dataset, {@code kalim} to push or delete it, {@code strukture} for organisations.
 */
@Component
class UpstreamClient {

	/** A token is renewed this long before it expires. */
	private static final long MARGIN_SECONDS = 30;

	private final UpstreamSettings settings;
	private final OutboundHttp http;
	private final JsonMapper json;
	private volatile Token token;

	private record Token(String value, Instant expiresAt) {
	}

	UpstreamClient(UpstreamSettings settings, OutboundHttp http, JsonMapper json) {
		this.settings = settings;
		this.http = http;
		this.json = json;
	}

	/** Whether the upstream holds this dataset (konsult answers it, or 404). */
	boolean has(UUID globalId) throws UpstreamFailure {
		OutboundHttp.Response answer = call("GET", "/konsult/v1/datasets/" + globalId + "/metadatas", null);
		if (answer.status() == 404) {
			return false;
		}
		check(answer, "konsult");
		return true;
	}

	/** POST (new) or PUT (known) {@code /kalim/v1/resources}; the integration request id the upstream answered. */
	String push(String method, JsonNode metadata) throws UpstreamFailure {
		return requestId(check(call(method, "/kalim/v1/resources", json.writeValueAsBytes(metadata)), "kalim"));
	}

	String delete(UUID globalId) throws UpstreamFailure {
		return requestId(check(call("DELETE", "/kalim/v1/resources/" + globalId, null), "kalim"));
	}

	String organization(JsonNode organization) throws UpstreamFailure {
		return requestId(check(call("POST", "/strukture/v1/organizations/request", json.writeValueAsBytes(organization)),
				"strukture"));
	}

	private OutboundHttp.Response call(String method, String path, byte[] body) throws UpstreamFailure {
		Map<String, String> headers = new LinkedHashMap<>();
		headers.put("Accept", "application/json");
		if (body != null) {
			headers.put("Content-Type", "application/json");
		}
		headers.put("Authorization", "Bearer " + token());
		OutboundHttp.Response answer = send(method, path, headers, body);
		if (answer.status() == 401) {
			token = null; // revoked or expired early: a new one next time
			throw new UpstreamFailure("The upstream refused our token (401).", true);
		}
		return answer;
	}

	private String token() throws UpstreamFailure {
		Token current = token;
		if (current != null && Instant.now().isBefore(current.expiresAt())) {
			return current.value();
		}
		if (settings.clientId() == null || settings.clientSecret() == null) {
			throw new UpstreamFailure("kerys.federation.upstream.client-id and client-secret are not set.", true);
		}
		Map<String, String> headers = new LinkedHashMap<>();
		headers.put("Accept", "application/json");
		headers.put("Content-Type", "application/x-www-form-urlencoded");
		headers.put("Authorization", "Basic " + Base64.getEncoder().encodeToString(
				(encode(settings.clientId()) + ":" + encode(settings.clientSecret())).getBytes(StandardCharsets.UTF_8)));
		OutboundHttp.Response answer = send("POST", "/oauth/token", headers,
				"grant_type=client_credentials".getBytes(StandardCharsets.US_ASCII));
		if (answer.status() == 400 || answer.status() == 401) {
			throw new UpstreamFailure("The upstream refused our client credentials (" + answer.status() + ").", true);
		}
		check(answer, "oauth/token");
		try {
			JsonNode body = json.readTree(answer.body());
			String value = body.path("access_token").asString("");
			if (value.isEmpty()) {
				throw new UpstreamFailure("The upstream's token answer has no access_token.", true);
			}
			long lifetime = body.path("expires_in").asLong(60);
			token = new Token(value, Instant.now().plusSeconds(Math.max(0, lifetime - MARGIN_SECONDS)));
			return value;
		}
		catch (JacksonException e) {
			throw new UpstreamFailure("The upstream's token answer is not JSON.", true);
		}
	}

	private OutboundHttp.Response send(String method, String path, Map<String, String> headers, byte[] body)
			throws UpstreamFailure {
		try {
			return http.send(method, URI.create(settings.url() + path), headers, body, settings.allowPrivateNetwork());
		}
		catch (OutboundRefused e) {
			throw new UpstreamFailure(e.getMessage(), true);
		}
	}

	/** A 2xx passes; 5xx, 408 and 429 may pass later; any other answer is a refusal. */
	private static OutboundHttp.Response check(OutboundHttp.Response answer, String what) throws UpstreamFailure {
		if (answer.successful()) {
			return answer;
		}
		int status = answer.status();
		String detail = new String(answer.body(), 0, Math.min(answer.body().length, 500), StandardCharsets.UTF_8);
		throw new UpstreamFailure("The upstream answered " + status + " to " + what + ": " + detail,
				status >= 500 || status == 408 || status == 429);
	}

	/** RUDI's portal answers the request id as a JSON string; a bare id or an object with an id is read too. */
	private String requestId(OutboundHttp.Response answer) {
		String text = new String(answer.body(), StandardCharsets.UTF_8).strip();
		try {
			JsonNode body = json.readTree(text);
			if (body.isString()) {
				return body.stringValue();
			}
			if (body.isObject()) {
				for (String field : new String[] { "id", "request_id", "integration_request_id" }) {
					if (body.path(field).isString()) {
						return body.path(field).stringValue();
					}
				}
			}
		}
		catch (JacksonException e) {
			// a bare id
		}
		return text.isEmpty() ? null : text.length() > 200 ? text.substring(0, 200) : text;
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}
}
