package org.kerys.federation.internal.nodes;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import jakarta.annotation.PreDestroy;
import org.kerys.federation.internal.outbound.AddressRefused;
import org.kerys.federation.internal.outbound.OutboundHttp;
import org.kerys.federation.internal.outbound.OutboundRefused;
import org.kerys.identity.NodeCredentials;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Delivers integration reports to their nodes: {@code PUT {node url}/resources/{id}/report} (or
 * {@code /organizations/{id}/report}) with the RUDI {@code ResourceIntegrationReport}, signed by a Kerys token.
 * A failed try is tried again after {@code retry}, 4 × {@code retry}, 16 × …, {@value #TRIES} tries in all; the state
 * is in the database, so a restart resumes the schedule. An address the node may not use (private network not
 * allowed) is not tried again: an administrator must change the node first.

 * Runs in the web application only (the token it signs is the authorisation server's).
 */
@Service
@ConditionalOnWebApplication
class ReportSender {

	static final int TRIES = 5;
	/** Reports claimed together, at most, and sent concurrently. */
	static final int BATCH = 16;
	private static final Duration LEASE = Duration.ofMinutes(2);
	private static final Duration TOKEN_REUSE = Duration.ofMinutes(1);

	private final IntegrationRequests requests;
	private final Nodes nodes;
	private final OutboundHttp http;
	private final NodeCredentials credentials;
	private final TransactionTemplate transactions;
	private final JsonMapper json;
	private final Duration retry;
	private final Drainer drainer;
	/** Where the reports of a batch are sent, concurrently. */
	private final ExecutorService senders;
	private final Map<String, Signed> tokens = new java.util.concurrent.ConcurrentHashMap<>();

	ReportSender(IntegrationRequests requests, Nodes nodes, OutboundHttp http, NodeCredentials credentials,
			TransactionTemplate transactions, JsonMapper json,
			@Value("${kerys.federation.report-retry:2s}") Duration retry) {
		this.requests = requests;
		this.nodes = nodes;
		this.http = http;
		this.credentials = credentials;
		this.transactions = transactions;
		this.json = json;
		this.retry = retry;
		this.drainer = new Drainer("kerys-reports", 2, this::deliverNext);
		this.senders = Executors.newFixedThreadPool(8, runnable -> {
			Thread thread = new Thread(runnable, "kerys-reports-send");
			thread.setDaemon(true);
			return thread;
		});
	}

	void wake() {
		drainer.wake();
	}

	@Scheduled(fixedDelayString = "${kerys.federation.sweep:10s}", initialDelayString = "${kerys.federation.sweep:10s}")
	void sweep() {
		drainer.wake();
	}

	@PreDestroy
	void stop() {
		drainer.shutdown();
		senders.shutdown();
	}

	/**
	 * Delivers the reports due first, up to {@value #BATCH} claimed together and sent concurrently, their tries
	 * recorded in one transaction; false when none is due (then wakes when the next one falls due).
	 */
	boolean deliverNext() {
		List<IntegrationRequests.Report> claimed = transactions.execute(status -> requests.claimDueReports(LEASE, BATCH));
		if (claimed == null || claimed.isEmpty()) {
			transactions.execute(status -> requests.nextReportDue()).ifPresent(due -> drainer
					.wakeIn(Duration.between(OffsetDateTime.now(), due).toMillis() + 50));
			return false;
		}
		Map<java.util.UUID, Optional<Node>> known = new java.util.HashMap<>();
		List<CompletableFuture<IntegrationRequests.Attempted>> sending = new ArrayList<>(claimed.size());
		for (IntegrationRequests.Report report : claimed) {
			Node node = known.computeIfAbsent(report.nodeId(), nodes::find).orElse(null);
			sending.add(claimed.size() == 1 ? CompletableFuture.completedFuture(deliver(report, node))
					: CompletableFuture.supplyAsync(() -> deliver(report, node), senders));
		}
		List<IntegrationRequests.Attempted> tries = sending.stream().map(CompletableFuture::join).toList();
		transactions.executeWithoutResult(s -> requests.attempted(tries));
		tries.stream().map(IntegrationRequests.Attempted::retryAt).filter(java.util.Objects::nonNull)
				.min(java.util.Comparator.naturalOrder()).ifPresent(retryAt -> drainer
						.wakeIn(Duration.between(OffsetDateTime.now(), retryAt).toMillis() + 50));
		return true;
	}

	/** One try: the node's answer, or why there was none; when to try again (null: no more tries). */
	private IntegrationRequests.Attempted deliver(IntegrationRequests.Report report, Node node) {
		int attempt = report.attempts() + 1;
		Integer status = null;
		String error = null;
		boolean delivered = false;
		boolean final_ = false;
		if (node == null) {
			error = "The node no longer exists.";
			final_ = true;
		}
		else {
			try {
				OutboundHttp.Response response = http.put(address(node, report), headers(node),
						json.writeValueAsString(body(report)).getBytes(StandardCharsets.UTF_8),
						node.allowPrivateNetwork());
				status = response.status();
				delivered = response.successful();
				if (!delivered) {
					error = "The node answered " + status + ".";
				}
			}
			catch (AddressRefused e) {
				error = e.getMessage();
				final_ = true;
			}
			catch (OutboundRefused e) {
				error = e.getMessage();
			}
			catch (RuntimeException e) {
				error = "The report could not be sent: " + e;
			}
		}
		OffsetDateTime retryAt = delivered || final_ || attempt >= TRIES ? null
				: OffsetDateTime.now().plus(retry.multipliedBy(1L << (2 * (attempt - 1))));
		String problem = error == null ? null : error.length() > 1000 ? error.substring(0, 1000) : error;
		return new IntegrationRequests.Attempted(report.id(), attempt, status, problem, delivered, retryAt);
	}

	private static URI address(Node node, IntegrationRequests.Report report) {
		String collection = IntegrationRequests.ORGANIZATION.equals(report.kind()) ? "organizations" : "resources";
		return URI.create(node.url() + "/" + collection + "/" + report.targetId() + "/report");
	}

	private Map<String, String> headers(Node node) {
		Map<String, String> headers = new LinkedHashMap<>();
		headers.put("Content-Type", "application/json");
		headers.put("Accept", "application/json");
		headers.put("Authorization", "Bearer " + portalToken(node.clientId()));
		return headers;
	}

	/** A token signed for a node, reused while it is fresh. */
	private record Signed(String token, long signedAt) {
	}

	/**
	 * The node's portal token, signed again once it is {@link #TOKEN_REUSE} old: an RSA signature per report was a
	 * tenth of the CPU of a busy push intake, and the token lives 5 minutes, so a reused one has 4 left at least.
	 */
	private String portalToken(String clientId) {
		long now = System.nanoTime();
		Signed signed = tokens.get(clientId);
		if (signed == null || now - signed.signedAt() > TOKEN_REUSE.toNanos()) {
			signed = new Signed(credentials.portalToken(clientId), now);
			tokens.put(clientId, signed);
		}
		return signed.token();
	}

	/**
	 * The RUDI report. {@code error_code} is the number of the RUDI code ({@code ERR-403} → 403), as the producer
	 * API's {@code IntegrationError} has it (an integer).
	 */
	ObjectNode body(IntegrationRequests.Report report) {
		ObjectNode body = json.createObjectNode();
		body.put("report_id", report.id().toString());
		boolean organization = IntegrationRequests.ORGANIZATION.equals(report.kind());
		body.put(organization ? "organization_id" : "resource_id", report.targetId().toString());
		body.put("submission_date", date(report.submittedAt()));
		body.put("treatment_date", date(report.treatedAt()));
		body.put("method", report.method());
		body.put("version", report.version() == null ? "1.4.0" : report.version());
		body.put("integration_status", "ok".equals(report.status()) ? "OK" : "KO");
		body.put("comment", report.comment() == null ? "" : report.comment());
		ArrayNode errors = body.putArray("integration_errors");
		for (JsonNode error : json.readTree(report.errors())) {
			ObjectNode item = errors.addObject();
			item.put("error_code", number(error.path("error_code").asString()));
			item.put("error_message", error.path("error_message").asString());
			item.put("field_name", error.path("field_name").asString());
		}
		return body;
	}

	private static String date(OffsetDateTime time) {
		return time == null ? null : time.withOffsetSameInstant(ZoneOffset.UTC).toString();
	}

	static int number(String code) {
		String digits = code == null ? "" : code.replaceAll("\\D", "");
		return digits.isEmpty() ? 500 : Integer.parseInt(digits.length() > 3 ? digits.substring(0, 3) : digits);
	}
}
