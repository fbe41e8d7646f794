package org.kerys.selfdata.internal;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.kerys.platform.OutboundAddresses;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The producer's node (RUDI node-stub contract): {@code POST {node}/matching/{dataset}/{login}} with the matching
 * fields ({@code [{"code","value"}]}) answers a token (200) or nothing (404); the data is then read from the dataset's
 * gdata and tpbc SERVICE media ({@code GET {connector url}}) with the token in the header
 * {@code X-Rudi-Matching-Token} and the login in {@code X-Rudi-Login} ({@code min-date}, {@code max-date} for tpbc).
 * {node} is the gdata media's connector URL up to {@code /endpoints/} (the node stub's data path), else up to its last
 * path segment. Calls follow the outbound rules ({@link OutboundAddresses}: no internal address unless allowed, no
 * redirect), with timeouts and a size limit; anything else than the contract is a {@link SourceFailure}.
 */
@Component
class NodeSource implements SubjectSource {

	static final String TOKEN_HEADER = "X-Rudi-Matching-Token";
	static final String LOGIN_HEADER = "X-Rudi-Login";
	private static final JsonMapper json = JsonMapper.builder().build();

	private final SelfdataLimits limits;
	private final HttpClient http;

	NodeSource(SelfdataLimits limits) {
		this.limits = limits;
		this.http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
				.connectTimeout(limits.settings().connectTimeout()).build();
	}

	@Override
	public String mode() {
		return "NODE";
	}

	@Override
	public boolean serves(SelfdataDataset dataset) {
		return dataset.gdata().map(m -> !m.url().isBlank()).orElse(false);
	}

	@Override
	public String actor(SelfdataDataset dataset) {
		try {
			return URI.create(base(dataset)).getHost();
		}
		catch (IllegalArgumentException | SourceFailure e) {
			return "node";
		}
	}

	/** The node's base URL, from the gdata media's connector URL. */
	static String base(SelfdataDataset dataset) throws SourceFailure {
		String url = dataset.gdata().map(SelfdataDataset.Medium::url).orElse("");
		int endpoints = url.indexOf("/endpoints/");
		if (endpoints > 0) {
			return url.substring(0, endpoints);
		}
		int slash = url.lastIndexOf('/');
		if (slash <= url.indexOf("//") + 1) {
			throw new SourceFailure("KRS-502-NODE-URL", "The dataset's gdata media has no usable node URL.");
		}
		return url.substring(0, slash);
	}

	@Override
	public Match match(SelfdataDataset dataset, String login, Map<String, String> matching) throws SourceFailure {
		ArrayNode fields = json.createArrayNode();
		matching.forEach((code, value) -> fields.addObject().put("code", code).put("value", value));
		String url = base(dataset) + "/matching/" + dataset.id() + "/" + URLEncoder.encode(login, StandardCharsets.UTF_8);
		Answer answer = call(HttpRequest.newBuilder(uri(url)).header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(fields))), url);
		if (answer.status() == 404) {
			return Match.none();
		}
		if (answer.status() != 200) {
			throw new SourceFailure("KRS-502-NODE-STATUS", "The node answered the matching with HTTP " + answer.status());
		}
		JsonNode description = parse(answer.body());
		String token = description.path("token").asString("");
		if (!description.isObject() || token.isBlank() || token.length() > 4096) {
			throw new SourceFailure("KRS-502-NODE-ANSWER", "The node's matching answer has no token.");
		}
		OffsetDateTime expires = null;
		String expiration = description.path("expiration_date").asString("");
		if (!expiration.isBlank()) {
			try {
				expires = OffsetDateTime.parse(expiration);
			}
			catch (DateTimeParseException e) {
				// an unreadable expiry: the token is used until the node refuses it
			}
		}
		return new Match(true, SubjectSource.utf8(token), expires);
	}

	@Override
	public JsonNode gdata(SelfdataDataset dataset, String login, byte[] secret) throws SourceFailure {
		JsonNode data = data(dataset.gdata().orElseThrow().url(), login, secret);
		if (!(data.isObject() || data.isArray())) {
			throw new SourceFailure("KRS-502-NODE-ANSWER", "The node's gdata answer is not generic data.");
		}
		return data;
	}

	@Override
	public JsonNode tpbc(SelfdataDataset dataset, String login, byte[] secret, LocalDate min, LocalDate max)
			throws SourceFailure {
		String url = dataset.tpbc().map(SelfdataDataset.Medium::url)
				.orElseThrow(() -> new SourceFailure("KRS-404-TPBC", "This dataset has no time series (tpbc) media."));
		StringBuilder query = new StringBuilder();
		if (min != null) {
			query.append("min-date=").append(min);
		}
		if (max != null) {
			query.append(query.isEmpty() ? "" : "&").append("max-date=").append(max);
		}
		if (!query.isEmpty()) {
			url += (url.contains("?") ? "&" : "?") + query;
		}
		JsonNode data = data(url, login, secret);
		if (!data.isObject()) {
			throw new SourceFailure("KRS-502-NODE-ANSWER", "The node's tpbc answer is not bar chart data.");
		}
		return data;
	}

	private JsonNode data(String url, String login, byte[] secret) throws SourceFailure {
		Answer answer = call(HttpRequest.newBuilder(uri(url)).header(TOKEN_HEADER, new String(secret, StandardCharsets.UTF_8))
				.header(LOGIN_HEADER, login).header("Accept", "application/json").GET(), url);
		if (answer.status() == 401 || answer.status() == 403 || answer.status() == 404) {
			throw new SourceFailure("KRS-410-SELFDATA-TOKEN", "The node no longer knows this matching (HTTP "
					+ answer.status() + "): ask for your data again.");
		}
		if (answer.status() != 200) {
			throw new SourceFailure("KRS-502-NODE-STATUS", "The node answered HTTP " + answer.status());
		}
		return parse(answer.body());
	}

	private static URI uri(String url) throws SourceFailure {
		try {
			return URI.create(url);
		}
		catch (IllegalArgumentException e) {
			throw new SourceFailure("KRS-502-NODE-URL", "The node's URL is not valid.");
		}
	}

	private static JsonNode parse(byte[] body) throws SourceFailure {
		try {
			return json.readTree(body);
		}
		catch (JacksonException e) {
			throw new SourceFailure("KRS-502-NODE-ANSWER", "The node's answer is not JSON.");
		}
	}

	record Answer(int status, byte[] body) {
	}

	private Answer call(HttpRequest.Builder request, String url) throws SourceFailure {
		SelfdataSettings limits = this.limits.settings();
		URI target = uri(url);
		try {
			OutboundAddresses.check(target, limits.allowPrivate()
					|| limits.node(url).map(SelfdataSettings.Node::allowPrivate).orElse(false));
		}
		catch (OutboundAddresses.Refused e) {
			throw new SourceFailure("KRS-502-NODE-REFUSED", "The node's address may not be called: " + e.getMessage());
		}
		limits.node(url).ifPresent(node -> node.headers().forEach(request::header));
		request.timeout(limits.totalTimeout());
		long max = limits.maxResponseSize().toBytes();
		CompletableFuture<HttpResponse<byte[]>> future = http.sendAsync(request.build(),
				info -> new Limited(max));
		try {
			HttpResponse<byte[]> response = future.get(limits.totalTimeout().toMillis(), TimeUnit.MILLISECONDS);
			return new Answer(response.statusCode(), response.body());
		}
		catch (TimeoutException e) {
			future.cancel(true);
			throw new SourceFailure("KRS-504-NODE-TIMEOUT", "The node did not answer within "
					+ limits.totalTimeout().toSeconds() + " s.");
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new SourceFailure("KRS-504-NODE-TIMEOUT", "Interrupted while calling the node.");
		}
		catch (ExecutionException e) {
			Throwable cause = e.getCause();
			if (cause instanceof TooLarge) {
				throw new SourceFailure("KRS-502-NODE-TOO-LARGE", "The node's answer is larger than " + max + " bytes.");
			}
			if (cause instanceof java.net.http.HttpTimeoutException) {
				throw new SourceFailure("KRS-504-NODE-TIMEOUT", "The node did not answer in time.");
			}
			throw new SourceFailure("KRS-502-NODE-UNREACHABLE", "The node could not be reached.", cause);
		}
	}

	private static final class TooLarge extends RuntimeException {

		TooLarge() {
			super("too large", null, false, false);
		}
	}

	/** Reads a body up to {@code max} bytes; more cancels the call. */
	private static final class Limited implements HttpResponse.BodySubscriber<byte[]> {

		private final long max;
		private final ByteArrayOutputStream out = new ByteArrayOutputStream();
		private final CompletableFuture<byte[]> result = new CompletableFuture<>();
		private Flow.Subscription subscription;

		Limited(long max) {
			this.max = max;
		}

		@Override
		public CompletionStage<byte[]> getBody() {
			return result;
		}

		@Override
		public void onSubscribe(Flow.Subscription subscription) {
			this.subscription = subscription;
			subscription.request(Long.MAX_VALUE);
		}

		@Override
		public void onNext(List<ByteBuffer> buffers) {
			for (ByteBuffer buffer : buffers) {
				if (out.size() + buffer.remaining() > max) {
					subscription.cancel();
					result.completeExceptionally(new TooLarge());
					return;
				}
				byte[] bytes = new byte[buffer.remaining()];
				buffer.get(bytes);
				out.writeBytes(bytes);
			}
		}

		@Override
		public void onError(Throwable throwable) {
			result.completeExceptionally(throwable);
		}

		@Override
		public void onComplete() {
			result.complete(out.toByteArray());
		}
	}

	static ObjectNode emptyObject() {
		return json.createObjectNode();
	}
}
