package org.kerys.federation.internal.nodes;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.kerys.federation.internal.harvest.HarvestJob;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What went wrong lately with a node, from its integration requests (refused, or whose report could not be delivered)
 * and its harvests (failed): the "last errors" of its page and of {@code GET /api/admin/nodes/{id}}. Read-only; the
 * queue itself is {@link IntegrationRequests}.
 */
@Repository
class NodeActivity {

	/** Only the node's latest requests are looked at, so that a node with a long history costs no more to show. */
	static final int WINDOW = 1000;

	private final JdbcClient jdbc;
	private final JsonMapper json;

	NodeActivity(JdbcClient jdbc, JsonMapper json) {
		this.jdbc = jdbc;
		this.json = json;
	}

	/**
	 * One problem: {@code kind} {@code integration} (the request was refused: {@code code} is the first RUDI code),
	 * {@code report} (its report could not be delivered) or {@code harvest} (a harvest failed: {@code job_id}).
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	record LastError(OffsetDateTime at, String kind, @JsonProperty("request_id") UUID requestId,
			@JsonProperty("target_id") UUID targetId, @JsonProperty("job_id") UUID jobId, String code, String message) {
	}

	/** The latest problems of the node (newest first, at most {@code limit}), harvest failures among them. */
	List<LastError> lastErrors(UUID nodeId, List<HarvestJob> recentJobs, int limit) {
		List<LastError> errors = new ArrayList<>(jdbc.sql("""
				select r.id, r.target_id, r.status, r.treated_at, r.comment, r.errors::text, r.report_state, r.report_error,
				  (select max(a.tried_at) from integration_report_attempts a where a.request_id = r.id)
				from (select * from integration_requests where node_id = ? order by submitted_at desc limit ?) r
				where r.status = 'ko' or r.report_state = 'failed'
				order by r.submitted_at desc limit ?""")
				.params(nodeId, WINDOW, limit)
				.query((rs, i) -> {
					List<LastError> found = new ArrayList<>();
					UUID id = rs.getObject(1, UUID.class);
					UUID target = rs.getObject(2, UUID.class);
					if ("ko".equals(rs.getString(3))) {
						JsonNode first = json.readTree(rs.getString(6)).path(0);
						String message = first.isMissingNode() ? rs.getString(5)
								: (first.path("field_name").asString("").isEmpty() ? ""
										: first.path("field_name").asString() + ": ")
										+ first.path("error_message").asString("");
						found.add(new LastError(rs.getObject(4, OffsetDateTime.class), "integration", id, target, null,
								first.isMissingNode() ? null : first.path("error_code").asString(null), message));
					}
					if ("failed".equals(rs.getString(7))) {
						OffsetDateTime at = rs.getObject(9, OffsetDateTime.class);
						found.add(new LastError(at != null ? at : rs.getObject(4, OffsetDateTime.class), "report", id,
								target, null, null, rs.getString(8)));
					}
					return found;
				}).list().stream().flatMap(List::stream).toList());
		for (HarvestJob job : recentJobs) {
			if (HarvestJob.FAILED.equals(job.status())) {
				errors.add(new LastError(job.finishedAt() != null ? job.finishedAt() : job.startedAt(), "harvest", null,
						null, job.id(), "KRS-HARVEST-FAILED", job.reason()));
			}
		}
		errors.sort(Comparator.comparing(LastError::at, Comparator.nullsLast(Comparator.reverseOrder())));
		return errors.size() > limit ? List.copyOf(errors.subList(0, limit)) : List.copyOf(errors);
	}
}
