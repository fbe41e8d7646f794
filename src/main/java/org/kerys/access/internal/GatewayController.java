package org.kerys.access.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.kerys.access.internal.Agreements.Agreement;
import org.kerys.audit.AuditLedger;
import org.kerys.catalog.AccessRegime;
import org.kerys.catalog.Catalog;
import org.kerys.catalog.DatasetRecord;
import org.kerys.platform.ProblemException;
import org.kerys.platform.Problems;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * The gateway for FILE media: decides on every call (open data: anyone; restricted: an ACTIVE agreement, unexpired at
 * this moment, of a project the caller acts for, covering the media; self-data: refused here), enforces the
 * agreement's limits (429 with {@code Retry-After}), streams the file (one byte range when asked), meters the
 * agreement's usage and writes every access to restricted data, refused or served, to the audit ledger.
 */
@RestController
@Tag(name = "Gateway")
class GatewayController {

	private static final Pattern RANGE = Pattern.compile("bytes=(\\d*)-(\\d*)");

	private final Catalog catalog;
	private final Agreements agreements;
	private final Projects projects;
	private final AccessRules rules;
	private final AgreementUsage usage;
	private final GatewayFiles files;
	private final AuditLedger audit;

	GatewayController(Catalog catalog, Agreements agreements, Projects projects, AccessRules rules,
			AgreementUsage usage, GatewayFiles files, AuditLedger audit) {
		this.catalog = catalog;
		this.agreements = agreements;
		this.projects = projects;
		this.rules = rules;
		this.usage = usage;
		this.files = files;
		this.audit = audit;
	}

	@GetMapping("/gateway/datasets/{globalId}/media/{mediaId}")
	@Operation(summary = "Download a media's file through the gateway", description = """
			Open data: anyone. Restricted data: a project client's token, or a project member's personal token, \
			with an ACTIVE agreement covering this media (else 403 KRS-403-NO-AGREEMENT; without a token 401). \
			Self-data: 403 KRS-403-SELFDATA. Over the agreement's rate_limit_per_minute or bytes_per_day: 429 \
			KRS-429-RATE with Retry-After. One byte range may be asked (Range: bytes=first-last): 206.""")
	void download(@PathVariable String globalId, @PathVariable String mediaId, HttpServletRequest request,
			HttpServletResponse response, Authentication caller) throws IOException {
		UUID datasetId = Fields.pathId(globalId, "ERR-104", "The dataset does not exist.");
		UUID media = Fields.pathId(mediaId, "KRS-404-MEDIA", "This dataset has no such media.");
		DatasetRecord dataset = catalog.dataset(datasetId)
				.orElseThrow(() -> ProblemException.notFound("ERR-104", "The dataset does not exist."));
		JsonNode declared = declared(dataset, media);
		if (!"FILE".equals(declared.path("media_type").asString(""))) {
			throw new ProblemException(HttpStatus.NOT_IMPLEMENTED, "KRS-501-GATEWAY-SERVICE",
					"The gateway serves FILE media; services and series are not proxied yet.");
		}
		if (dataset.regime() == AccessRegime.OPEN) {
			serve(media, request, response);
			return;
		}
		if (dataset.regime() == AccessRegime.SELFDATA) {
			throw new ProblemException(HttpStatus.FORBIDDEN, "KRS-403-SELFDATA",
					"Personal data is not served here: each person has access to their own records only.");
		}
		if (caller == null || !caller.isAuthenticated()
				|| caller instanceof org.springframework.security.authentication.AnonymousAuthenticationToken) {
			response.setHeader("WWW-Authenticate", "Bearer realm=\"Kerys\"");
			throw new ProblemException(HttpStatus.UNAUTHORIZED, "KRS-401",
					"This dataset is restricted: call with your project's token.");
		}
		Optional<Agreement> agreement = agreements.covering(projectsOf(caller), datasetId, media);
		if (agreement.isEmpty()) {
			audit.record(caller.getName(), "gateway.access", "media", media.toString(), AuditLedger.FAILURE,
					Map.of("dataset_id", datasetId.toString(), "status", 403));
			throw new ProblemException(HttpStatus.FORBIDDEN, "KRS-403-NO-AGREEMENT",
					"No active agreement of your project covers this media.");
		}
		Agreement granted = agreement.get();
		long retryAfter = limit(granted);
		if (retryAfter > 0) {
			usage.record(granted.id(), 429, 0);
			audit.record(caller.getName(), "gateway.access", "media", media.toString(), AuditLedger.FAILURE,
					details(granted, datasetId, 429, 0));
			response.setHeader(HttpHeaders.RETRY_AFTER, "" + retryAfter);
			Problems.write(response, HttpStatus.TOO_MANY_REQUESTS, "KRS-429-RATE",
					"The agreement's limits are reached: retry after " + retryAfter + " s.");
			return;
		}
		int status = 500;
		long[] sent = new long[1];
		try {
			status = serve(media, request, response, sent);
		}
		catch (ProblemException e) {
			status = e.status().value();
			throw e;
		}
		finally {
			usage.record(granted.id(), status, sent[0]);
			audit.record(caller.getName(), "gateway.access", "media", media.toString(),
					status < 400 ? AuditLedger.SUCCESS : AuditLedger.FAILURE, details(granted, datasetId, status, sent[0]));
		}
	}

	/** The projects the caller acts for: a project client's own, or every project of a member. */
	private List<UUID> projectsOf(Authentication caller) {
		Optional<UUID> client = rules.clientProject(caller);
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

	private void serve(UUID media, HttpServletRequest request, HttpServletResponse response) throws IOException {
		serve(media, request, response, new long[1]);
	}

	/** @return the status sent; {@code sent[0]} the body bytes written */
	private int serve(UUID media, HttpServletRequest request, HttpServletResponse response, long[] sent)
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
			sent[0] = length;
		}
		return status;
	}

	private static JsonNode declared(DatasetRecord dataset, UUID media) {
		for (JsonNode format : dataset.metadata().path("available_formats")) {
			if (media.toString().equalsIgnoreCase(format.path("media_id").asString(""))) {
				return format;
			}
		}
		throw ProblemException.notFound("KRS-404-MEDIA", "This dataset has no such media.");
	}

	private static Map<String, Object> details(Agreement agreement, UUID datasetId, int status, long bytes) {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("agreement_id", agreement.id().toString());
		details.put("project_id", agreement.projectId().toString());
		details.put("dataset_id", datasetId.toString());
		details.put("status", status);
		details.put("bytes", bytes);
		return details;
	}

}
