package org.kerys.federation.internal.harvest;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One harvest as administrators see it: {@code status} {@code running}, {@code succeeded} or {@code failed}, its
 * counts (growing while it runs), the problems of the records it could not apply, and why it failed.
 *
 * @param errors null in lists (there: {@code error_count} only)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record HarvestJob(@JsonProperty("job_id") UUID id, @JsonProperty("node_id") UUID nodeId,
		@JsonProperty("source_id") UUID sourceId, String status, @JsonProperty("full") boolean full,
		@JsonProperty("modified_since") OffsetDateTime modifiedSince, String trigger,
		@JsonProperty("requested_by") String requestedBy, Counts counts, int pages, List<HarvestError> errors,
		@JsonProperty("error_count") int errorCount, String reason, @JsonProperty("started_at") OffsetDateTime startedAt,
		@JsonProperty("updated_at") OffsetDateTime heartbeatAt, @JsonProperty("finished_at") OffsetDateTime finishedAt) {

	public static final String RUNNING = "running";
	public static final String SUCCEEDED = "succeeded";
	public static final String FAILED = "failed";

	/** What the job did to the catalogue; {@code unchanged}: records listed again as they were, not rewritten. */
	public record Counts(int created, int updated, int deleted, int rejected, int unchanged) {

		static final Counts NONE = new Counts(0, 0, 0, 0, 0);

		Counts plus(Counts other) {
			return new Counts(created + other.created, updated + other.updated, deleted + other.deleted,
					rejected + other.rejected, unchanged + other.unchanged);
		}
	}

	/**
	 * A record the job could not apply ({@code remote_id}: its id in the source) or, with no remote id, the reason
	 * the job failed. {@code code}: a RUDI code for the metadata, a Kerys code otherwise.
	 */
	@JsonInclude(JsonInclude.Include.ALWAYS)
	public record HarvestError(@JsonProperty("remote_id") String remoteId, @JsonProperty("global_id") UUID globalId,
			String code, String field, String message) {
	}

	HarvestJob withoutErrors() {
		return new HarvestJob(id, nodeId, sourceId, status, full, modifiedSince, trigger, requestedBy, counts, pages,
				null, errorCount, reason, startedAt, heartbeatAt, finishedAt);
	}
}
