package org.kerys.access.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.kerys.access.internal.Agreements.Agreement;
import org.kerys.catalog.AccessRegime;
import org.kerys.catalog.Catalog;
import org.kerys.platform.ProblemException;
import org.kerys.platform.Problems;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;

/**
 * The gateway for FILE and SERVICE media: decides on every call (open data: anyone; restricted: an ACTIVE agreement,
 * unexpired at this moment, of a project the caller acts for, covering the media; self-data: the data subject only, see GatewaySelfData), enforces
 * the agreement's limits (429 with {@code Retry-After}), streams the file (one byte range when asked) or forwards the
 * call to the producer's service ({@link ServiceProxy}), meters the agreement's usage and writes every access to
 * restricted data, refused or served, to the audit ledger. The decision's duration is the timer
 * {@code kerys.gateway.decision} (p50 and p99 at {@code /actuator/prometheus}).
 */
@RestController
@Tag(name = "Gateway")
class GatewayController {

	private static final Pattern RANGE = Pattern.compile("bytes=(\\d*)-(\\d*)");

	private static final String MEDIA = "/gateway/datasets/{globalId}/media/{mediaId}";

	private final Catalog catalog;
	private final Agreements agreements;
	private final Projects projects;
	private final AccessRules rules;
	private final AgreementUsage usage;
	private final GatewayFiles files;
	private final GatewayCache cache;
	private final ServiceProxy proxy;
	private final GatewaySelfData selfData;
	private final Timer decisions;

	GatewayController(Catalog catalog, Agreements agreements, Projects projects, AccessRules rules,
			AgreementUsage usage, GatewayFiles files, GatewayCache cache, ServiceProxy proxy, GatewaySelfData selfData,
			MeterRegistry meters) {
		this.catalog = catalog;
		this.agreements = agreements;
		this.projects = projects;
		this.rules = rules;
		this.usage = usage;
		this.files = files;
		this.cache = cache;
		this.proxy = proxy;
		this.selfData = selfData;
		this.decisions = Timer.builder("kerys.gateway.decision")
				.description("Time to decide a gateway call: dataset, media, agreement and limits")
				.publishPercentiles(0.5, 0.99).register(meters);
	}

	@GetMapping(MEDIA)
	@Operation(summary = "Download a media's file, or call a media's service, through the gateway", description = """
			Open data: anyone. Restricted data: a project client's token, or a project member's personal token, \
			with an ACTIVE agreement covering this media (else 403 KRS-403-NO-AGREEMENT; without a token 401). \
			Self-data: the dataset's GDATA and TPBC services answer the data subject only (the person whose request the \
			producer matched, with their personal token: their own data, as at /api/selfdata/{id}/gdata|tpbc), anyone \
			else 403 KRS-403-SELFDATA. Over the agreement's rate_limit_per_minute or bytes_per_day: 429 \
			KRS-429-RATE with Retry-After. FILE media: one byte range may be asked (Range: bytes=first-last): 206. \
			SERVICE media: the call is forwarded to the producer's service (see the other gateway operation).""")
	void download(@PathVariable String globalId, @PathVariable String mediaId, HttpServletRequest request,
			HttpServletResponse response, Authentication caller) throws IOException {
		handle(globalId, mediaId, request, response, caller);
	}

	// "/**" also matches the media's own path: there GET goes to the more specific download above, other methods here
	@RequestMapping(path = MEDIA + "/**", method = { RequestMethod.GET, RequestMethod.HEAD,
			RequestMethod.POST, RequestMethod.PUT, RequestMethod.PATCH, RequestMethod.DELETE, RequestMethod.OPTIONS })
	@Operation(summary = "Call a media's service through the gateway", description = """
			For SERVICE media: the method, the path below the media, the query and the body are forwarded to the \
			service's connector URL, and its answer streamed back, after the same decision, limits, metering and \
			audit as files. The caller's Authorization and Cookie headers are not forwarded; the producer's \
			credentials are added by Kerys. 502 KRS-502-GATEWAY-ADDRESS: the service is on a private address not \
			allowed; 502 KRS-502-GATEWAY-UPSTREAM: unreachable; 502 KRS-502-GATEWAY-TOO-LARGE: its announced \
			answer is over the limit (a streamed one is cut there: the connection closes before the end); 504 \
			KRS-504-GATEWAY-TIMEOUT: no answer in time. FILE media have no path below them (404) and only GET and \
			HEAD (405).""")
	void call(@PathVariable String globalId, @PathVariable String mediaId, HttpServletRequest request,
			HttpServletResponse response, Authentication caller) throws IOException {
		handle(globalId, mediaId, request, response, caller);
	}

	private void handle(String globalId, String mediaId, HttpServletRequest request, HttpServletResponse response,
			Authentication caller) throws IOException {
		Timer.Sample deciding = Timer.start();
		UUID datasetId = Fields.pathId(globalId, "ERR-104", "The dataset does not exist.");
		UUID media = Fields.pathId(mediaId, "KRS-404-MEDIA", "This dataset has no such media.");
		GatewayCache.Dataset dataset = cache.dataset(datasetId, () -> catalog.dataset(datasetId).map(GatewayCache.Dataset::of))
				.orElseThrow(() -> ProblemException.notFound("ERR-104", "The dataset does not exist."));
		GatewayCache.Media declared = dataset.media().get(media);
		if (declared == null) {
			throw ProblemException.notFound("KRS-404-MEDIA", "This dataset has no such media.");
		}
		String suffix = suffix(request);
		if (dataset.regime() == AccessRegime.SELFDATA) {
			deciding.stop(decisions);
			selfData.serve(datasetId, declared, suffix, request, response, caller);
			return;
		}
		Served served;
		if ("FILE".equals(declared.type())) {
			if (!suffix.isEmpty()) {
				throw ProblemException.notFound("KRS-404-MEDIA-PATH", "A file media has no path below it.");
			}
			if (!"GET".equals(request.getMethod()) && !"HEAD".equals(request.getMethod())) {
				response.setHeader(HttpHeaders.ALLOW, "GET, HEAD");
				throw new ProblemException(HttpStatus.METHOD_NOT_ALLOWED, "KRS-405-GATEWAY-METHOD",
						"A file media is read with GET or HEAD.");
			}
			served = (sent) -> {
				int status = serve(media, request, response, sent);
				sent.status = status;
			};
		}
		else if ("SERVICE".equals(declared.type())) {
			served = (exchange) -> proxy.forward(declared.connectorUrl(), suffix, request, response, exchange);
		}
		else {
			throw new ProblemException(HttpStatus.NOT_IMPLEMENTED, "KRS-501-GATEWAY-SERIES",
					"The gateway serves FILE and SERVICE media; series are not served yet.");
		}
		if (dataset.regime() == AccessRegime.OPEN) {
			deciding.stop(decisions);
			served.serve(new ServiceProxy.Exchange());
			return;
		}
		if (caller == null || !caller.isAuthenticated()
				|| caller instanceof org.springframework.security.authentication.AnonymousAuthenticationToken) {
			deciding.stop(decisions);
			response.setHeader("WWW-Authenticate", "Bearer realm=\"Kerys\"");
			throw new ProblemException(HttpStatus.UNAUTHORIZED, "KRS-401",
					"This dataset is restricted: call with your project's token.");
		}
		Optional<UUID> clientProject = rules.clientProject(caller);
		Optional<Agreement> agreement = cache.agreement(
				new GatewayCache.Asker(caller.getName(), clientProject.orElse(null), datasetId, media),
				() -> agreements.covering(projectsOf(caller, clientProject), datasetId, media));
		if (agreement.isEmpty()) {
			deciding.stop(decisions);
			Map<String, Object> details = new LinkedHashMap<>();
			details.put("dataset_id", datasetId.toString());
			details.put("status", 403);
			usage.record(new AgreementUsage.Call(null, AgreementUsage.today(), 403, 0, 0, caller.getName(),
					media.toString(), details));
			throw new ProblemException(HttpStatus.FORBIDDEN, "KRS-403-NO-AGREEMENT",
					"No active agreement of your project covers this media.");
		}
		Agreement granted = agreement.get();
		long retryAfter = limit(granted);
		deciding.stop(decisions);
		if (retryAfter > 0) {
			record(caller, media, granted, datasetId, 429, 0, 0);
			response.setHeader(HttpHeaders.RETRY_AFTER, "" + retryAfter);
			Problems.write(response, HttpStatus.TOO_MANY_REQUESTS, "KRS-429-RATE",
					"The agreement's limits are reached: retry after " + retryAfter + " s.");
			return;
		}
		ServiceProxy.Exchange exchange = new ServiceProxy.Exchange();
		exchange.status = 500;
		try {
			served.serve(exchange);
		}
		catch (ProblemException e) {
			exchange.status = e.status().value();
			throw e;
		}
		finally {
			// bytes both ways count against bytes_per_day: a service call's body up costs the producer too
			record(caller, media, granted, datasetId, exchange.status, exchange.bytesIn, exchange.bytesOut);
		}
	}

	/** Queues the call's usage and audit entry: written off this thread, a few milliseconds later. */
	private void record(Authentication caller, UUID media, Agreement agreement, UUID datasetId, int status,
			long bytesIn, long bytesOut) {
		usage.record(new AgreementUsage.Call(agreement.id(), AgreementUsage.today(), status, bytesIn, bytesOut,
				caller.getName(), media.toString(), details(agreement, datasetId, status, bytesIn, bytesOut)));
	}

	/**
	 * A service's answer cut after it started (over the size limit, too slow): rethrown past the problem handlers,
	 * which would append a problem to a body already under way, so that the server closes the connection without
	 * the body's end and the caller sees a truncated answer, not a complete-looking one.
	 */
	@ExceptionHandler(ServiceProxy.Cut.class)
	void cut(ServiceProxy.Cut e) throws ServiceProxy.Cut {
		throw e;
	}

	/** Serves a decided call: a file, or the producer's service; fills in the status and bytes. */
	@FunctionalInterface
	private interface Served {
		void serve(ServiceProxy.Exchange exchange) throws IOException;
	}

	/**
	 * The raw path below {@code /gateway/datasets/{id}/media/{id}} ("" when none), refused when it climbs with dot
	 * segments (the service's base path is the top the caller may reach).
	 */
	static String suffix(HttpServletRequest request) {
		String path = request.getRequestURI().substring(request.getContextPath().length());
		int slashes = 0;
		for (int i = 0; i < path.length(); i++) {
			if (path.charAt(i) == '/' && ++slashes == 6) {
				String suffix = path.substring(i);
				for (String segment : suffix.split("/")) {
					String decoded = URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
					if (decoded.equals(".") || decoded.equals("..") || decoded.contains("/") || decoded.contains("\\")) {
						throw ProblemException.badRequest("KRS-400-GATEWAY-PATH",
								"The path below the media may not contain dot segments or encoded slashes.");
					}
				}
				return suffix.equals("/") ? "" : suffix;
			}
		}
		return "";
	}

	/** The projects the caller acts for: a project client's own, or every project of a member. */
	private List<UUID> projectsOf(Authentication caller, Optional<UUID> client) {
		if (client.isPresent()) {
			return List.of(client.get());
		}
		return rules.account(caller)
				.map(account -> projects.of(account, rules.organizationsOf(caller)).stream().map(Project::id).toList())
				.orElse(List.of());
	}

	/** 0 when the call may go on, else the seconds to wait. */
	private long limit(Agreement agreement) {
		long now = System.currentTimeMillis();
		if (agreement.bytesPerDay() != null && usage.bytesToday(agreement.id()) >= agreement.bytesPerDay()) {
			return Math.max(1, 86_400 - (now / 1000) % 86_400); // until midnight UTC
		}
		if (agreement.rateLimitPerMinute() != null) {
			return usage.acquire(agreement.id(), agreement.rateLimitPerMinute(), now);
		}
		return 0;
	}

	/** @return the status sent; {@code sent.bytesOut} the body bytes written */
	private int serve(UUID media, HttpServletRequest request, HttpServletResponse response, ServiceProxy.Exchange sent)
			throws IOException {
		GatewayFiles.GatewayFile file = files.open(media)
				.orElseThrow(() -> ProblemException.notFound("KRS-404-FILE", "No file was uploaded for this media."));
		long size = file.size();
		long first = 0;
		long length = size;
		int status = HttpServletResponse.SC_OK;
		String range = request.getHeader(HttpHeaders.RANGE);
		if (range != null) {
			Matcher m = RANGE.matcher(range.strip());
			if (m.matches() && !(m.group(1).isEmpty() && m.group(2).isEmpty())) {
				long last;
				if (m.group(1).isEmpty()) { // the last n bytes
					first = Math.max(0, size - Long.parseLong(m.group(2)));
					last = size - 1;
				}
				else {
					first = Long.parseLong(m.group(1));
					last = m.group(2).isEmpty() ? size - 1 : Math.min(Long.parseLong(m.group(2)), size - 1);
				}
				if (first >= size || last < first) {
					response.setHeader(HttpHeaders.CONTENT_RANGE, "bytes */" + size);
					Problems.write(response, HttpStatus.REQUESTED_RANGE_NOT_SATISFIABLE, "KRS-416-RANGE",
							"The range is outside the file (" + size + " bytes).");
					return 416;
				}
				length = last - first + 1;
				status = HttpServletResponse.SC_PARTIAL_CONTENT;
				response.setHeader(HttpHeaders.CONTENT_RANGE, "bytes " + first + "-" + last + "/" + size);
			}
			// anything else (several ranges, other units): the whole file, as RFC 9110 allows
		}
		response.setStatus(status);
		response.setHeader(HttpHeaders.ACCEPT_RANGES, "bytes");
		response.setHeader(HttpHeaders.ETAG, "\"" + file.etag() + "\"");
		response.setHeader(HttpHeaders.CACHE_CONTROL, "private, no-store");
		response.setContentType(file.contentType());
		response.setContentLengthLong(length);
		if (!"HEAD".equals(request.getMethod())) {
			OutputStream out = response.getOutputStream();
			file.transfer(first, length, out);
			out.flush();
			sent.bytesOut = length;
		}
		return status;
	}

	private static Map<String, Object> details(Agreement agreement, UUID datasetId, int status, long bytesIn,
			long bytesOut) {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("agreement_id", agreement.id().toString());
		details.put("project_id", agreement.projectId().toString());
		details.put("dataset_id", datasetId.toString());
		details.put("status", status);
		details.put("bytes", bytesOut);
		details.put("bytes_in", bytesIn);
		return details;
	}

}
